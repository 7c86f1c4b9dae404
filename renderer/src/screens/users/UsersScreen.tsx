import { Badge, Button, Checkbox, Divider, Drawer, Group, Modal, Paper, PasswordInput, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { useSession } from '../../app/session.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import { IconPlus } from '../../components/icons.js';
import { GrantablePermission, Password, Role, UserCreate, UserUpdate, type Locale, type UserView } from '../../contract.js';
import { useEntityChanged } from '../../events/useGatewayEvents.js';
import { FormError } from '../../components/FormError.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { useFormatters } from '../../i18n/format.js';
import { asLocale, locales } from '../../i18n/index.js';
import { z } from 'zod';

const permissionKey = (p: GrantablePermission) => `permissions.${p.replace('.', '_') as 'people_contact'}` as const;

function isLocked(user: UserView, now: number): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > now;
}

export function UsersScreen() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const query = useApiQuery('listUsers', {});
  useEntityChanged(['user'], query.reload);
  const [editing, setEditing] = useState<{ user: UserView | null } | null>(null);
  const items = query.data?.items ?? [];
  const [now] = useState(() => Date.now());
  const done = () => {
    setEditing(null);
    query.reload();
  };

  return (
    <>
      <PageHeader title={t('users.title')}>
        <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing({ user: null })} data-testid="user-new">
          {t('users.new')}
        </Button>
      </PageHeader>
      <Paper withBorder p="md" radius="md">
        <Table.ScrollContainer minWidth={760}>
          <Table data-testid="users-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.username')}</Table.Th>
                <Table.Th>{t('users.displayName')}</Table.Th>
                <Table.Th>{t('users.role')}</Table.Th>
                <Table.Th>{t('users.grants')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
                <Table.Th>{t('users.createdAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((u) => (
                <Table.Tr key={u.id} onClick={() => setEditing({ user: u })} style={{ cursor: 'pointer' }} data-testid="user-row">
                  <Table.Td fw={600}>{u.username}</Table.Td>
                  <Table.Td>{u.displayName}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{t(`roles.${u.role}`)}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {u.grants.length === 0
                        ? t('common.none')
                        : u.grants.map((g) => (
                            <Badge key={g} variant="outline" color="gray" size="sm">
                              {t(permissionKey(g))}
                            </Badge>
                          ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {u.disabled ? (
                      <Badge color="gray">{t('users.disabled')}</Badge>
                    ) : isLocked(u, now) ? (
                      <Badge color="orange">{t('users.lockedUntil', { time: fmt.dateTime(u.lockedUntil) })}</Badge>
                    ) : (
                      <Badge color="green" variant="light">
                        {t('users.active')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{fmt.date(u.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <QueryState query={query} empty={items.length === 0} />
      </Paper>
      <Drawer
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.user ? t('users.editTitle', { name: editing.user.displayName }) : t('users.newTitle')}
      >
        {editing?.user ? (
          <EditUser key={editing.user.id} user={editing.user} onDone={done} />
        ) : editing ? (
          <CreateUser onDone={done} />
        ) : null}
      </Drawer>
    </>
  );
}

function GrantsInput({ value, onChange, disabled }: { value: GrantablePermission[]; onChange(v: GrantablePermission[]): void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group
      label={t('users.grants')}
      value={value}
      onChange={(v) => onChange(v.map((p) => GrantablePermission.parse(p)))}
    >
      <Stack gap="xs" mt="xs">
        {GrantablePermission.options.map((p) => (
          <Checkbox key={p} value={p} label={t(permissionKey(p))} disabled={disabled} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

const roleOptions = (t: (k: `roles.${Role}`) => string) => Role.options.map((r) => ({ value: r, label: t(`roles.${r}`) }));

interface CreateValues {
  username: string;
  displayName: string;
  role: Role;
  grants: GrantablePermission[];
  password: string;
  locale: Locale;
}

function CreateUser({ onDone }: { onDone(): void }) {
  const { t, i18n } = useTranslation();
  const validate = useContractValidate<CreateValues>(UserCreate);
  const form = useForm<CreateValues>({
    mode: 'controlled',
    initialValues: { username: '', displayName: '', role: 'receptionist', grants: [], password: '', locale: asLocale(i18n.language) },
    validate,
  });
  const { error, busy, run } = useFormAction(form);
  const submit = form.onSubmit((values) => run(() => api('createUser', { body: values }), t('common.created'), onDone));
  return (
    <form onSubmit={submit} noValidate data-testid="user-form">
      <Stack>
        <FormError error={error} />
        <TextInput label={t('users.username')} description={t('setup.usernameHint')} withAsterisk autoCapitalize="none" data-testid="user-username" {...form.getInputProps('username')} />
        <TextInput label={t('users.displayName')} withAsterisk data-testid="user-display-name" {...form.getInputProps('displayName')} />
        <Select label={t('users.role')} withAsterisk data={roleOptions(t)} data-testid="user-role" {...form.getInputProps('role')} />
        <GrantsInput value={form.values.grants} onChange={(v) => form.setFieldValue('grants', v)} />
        <PasswordInput label={t('users.password')} description={t('setup.passwordHint')} withAsterisk autoComplete="new-password" data-testid="user-password" {...form.getInputProps('password')} />
        <Select label={t('users.locale')} data={locales.map((l) => ({ value: l, label: t(`lang.${l}`) }))} {...form.getInputProps('locale')} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy} data-testid="user-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface EditValues {
  displayName: string;
  role: Role;
  grants: GrantablePermission[];
  locale: Locale;
  disabled: boolean;
}

function EditUser({ user, onDone }: { user: UserView; onDone(): void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const validate = useContractValidate<EditValues>(UserUpdate);
  const [resetOpen, setResetOpen] = useState(false);
  const [now] = useState(() => Date.now());
  const self = session?.user.id === user.id;
  const form = useForm<EditValues>({
    mode: 'controlled',
    initialValues: { displayName: user.displayName, role: user.role, grants: user.grants, locale: user.locale, disabled: user.disabled },
    validate,
  });
  const { error, busy, run } = useFormAction(form);
  const submit = form.onSubmit((values) => run(() => api('updateUser', { params: { id: user.id }, body: values }), t('common.saved'), onDone));
  const unlock = () => run(() => api('unlockUser', { params: { id: user.id } }), t('users.unlocked'), onDone);

  return (
    <Stack>
      <form onSubmit={submit} noValidate data-testid="user-form">
        <Stack>
          <FormError error={error} />
          <Text c="dimmed">
            {t('users.username')}: <b>{user.username}</b>
          </Text>
          <TextInput label={t('users.displayName')} withAsterisk {...form.getInputProps('displayName')} />
          <Select label={t('users.role')} data={roleOptions(t)} disabled={self} data-testid="user-role" {...form.getInputProps('role')} />
          <GrantsInput value={form.values.grants} onChange={(v) => form.setFieldValue('grants', v)} />
          <Select label={t('users.locale')} data={locales.map((l) => ({ value: l, label: t(`lang.${l}`) }))} {...form.getInputProps('locale')} />
          <Switch
            label={t('users.disable')}
            disabled={self}
            data-testid="user-disabled"
            {...form.getInputProps('disabled', { type: 'checkbox' })}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={busy} data-testid="user-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Divider />
      <Group>
        <Button variant="default" onClick={() => setResetOpen(true)} data-testid="user-reset-password">
          {t('users.resetPassword')}
        </Button>
        {isLocked(user, now) ? (
          <Button variant="light" color="orange" onClick={() => void unlock()} data-testid="user-unlock">
            {t('users.unlock')}
          </Button>
        ) : null}
      </Group>
      <ResetPassword user={user} opened={resetOpen} onClose={() => setResetOpen(false)} />
    </Stack>
  );
}

const ResetPasswordInput = z.object({ password: Password });

function ResetPassword({ user, opened, onClose }: { user: UserView; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const validate = useContractValidate<{ password: string }>(ResetPasswordInput);
  const form = useForm({ mode: 'controlled', initialValues: { password: '' }, validate });
  const { error, busy, run } = useFormAction(form);
  const submit = form.onSubmit(({ password }) =>
    run(() => api('updateUser', { params: { id: user.id }, body: { password } }), t('users.passwordReset'), () => {
      form.reset();
      onClose();
    }),
  );
  return (
    <Modal opened={opened} onClose={onClose} title={t('users.resetPasswordTitle', { name: user.displayName })}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={error} />
          <PasswordInput label={t('users.newPassword')} description={t('setup.passwordHint')} autoComplete="new-password" data-autofocus {...form.getInputProps('password')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
