import { Alert, Badge, Button, Code, CopyButton, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { QueryState } from '../../components/QueryState.js';
import { NewButton } from './TabParts.js';
import { endpoints } from '../../contract.js';
import { errorMessage, notifyError, notifySuccess } from '../../forms/errors.js';
import { useFormatters } from '../../i18n/format.js';

const ControllerCreate = endpoints.createController.body;

/** IP door controllers: each gets a token when added (shown once); revoking stops its decisions at once. */
export function ControllersTab() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const query = useApiQuery('listControllers', {});
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const items = query.data?.items ?? [];

  const create = async () => {
    const parsed = ControllerCreate.safeParse({ name });
    if (!parsed.success) {
      setNameError(t('issues.required'));
      return;
    }
    setBusy(true);
    try {
      const result = await api('createController', { body: parsed.data });
      setCreating(false);
      setName('');
      setCreated({ name: result.name, token: result.token });
      query.reload();
    } catch (err) {
      setNameError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: number) => {
    try {
      await api('revokeController', { params: { id } });
      notifySuccess(t('common.saved'));
      query.reload();
    } catch (err) {
      notifyError(err, t);
    }
  };

  return (
    <>
      <NewButton label={t('access.controllers.new')} testId="controller-new" onClick={() => setCreating(true)} />
      <Table.ScrollContainer minWidth={560}>
        <Table data-testid="controllers-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('access.controllers.name')}</Table.Th>
              <Table.Th>{t('access.controllers.createdAt')}</Table.Th>
              <Table.Th>{t('access.controllers.status')}</Table.Th>
              <Table.Th w={1}>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.id} data-testid="controller-row" data-revoked={String(c.revokedAt !== null)}>
                <Table.Td fw={600}>{c.name}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(c.createdAt)}</Table.Td>
                <Table.Td>
                  <Badge color={c.revokedAt ? 'gray' : 'green'} variant="light" miw="max-content">
                    {c.revokedAt ? t('access.controllers.revoked', { time: fmt.dateTime(c.revokedAt) }) : t('access.controllers.active')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {c.revokedAt ? null : (
                    <ConfirmButton
                      size="xs"
                      variant="light"
                      color="red"
                      question={t('access.controllers.revokeConfirm', { name: c.name })}
                      confirmLabel={t('access.controllers.revoke')}
                      onConfirm={() => revoke(c.id)}
                      data-testid="controller-revoke"
                    >
                      {t('access.controllers.revoke')}
                    </ConfirmButton>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <QueryState query={query} empty={items.length === 0} />
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('access.controllers.newTitle')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
          noValidate
        >
          <Stack>
            <TextInput
              label={t('access.controllers.name')}
              withAsterisk
              value={name}
              error={nameError}
              onChange={(e) => {
                setName(e.currentTarget.value);
                setNameError(null);
              }}
              data-testid="controller-name"
            />
            <Group justify="flex-end">
              <Button type="submit" loading={busy} data-testid="controller-save">
                {t('common.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={created !== null} onClose={() => setCreated(null)} title={created ? t('access.controllers.tokenTitle', { name: created.name }) : ''} closeOnClickOutside={false}>
        {created ? (
          <Stack>
            <Text size="sm">{t('access.controllers.tokenIntro')}</Text>
            <Code block fz="md" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="controller-token">
              {created.token}
            </Code>
            <Alert color="orange" variant="light">
              {t('access.controllers.tokenOnce')}
            </Alert>
            <Group justify="space-between">
              <CopyButton value={created.token}>
                {({ copied, copy }) => (
                  <Button variant="light" color={copied ? 'teal' : undefined} onClick={copy} data-testid="controller-token-copy">
                    {copied ? t('access.controllers.copied') : t('access.controllers.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={() => setCreated(null)} data-testid="controller-token-close">
                {t('common.close')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}
