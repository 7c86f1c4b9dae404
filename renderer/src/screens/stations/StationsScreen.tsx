import { Alert, Badge, Button, Drawer, Group, Modal, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import { IconPlus } from '../../components/icons.js';
import { StationCreate, StationKind, type PairingCode, type StationView } from '../../contract.js';
import { useEntityChanged } from '../../events/useGatewayEvents.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { FormError } from '../../components/FormError.js';
import { notifyError, notifySuccess } from '../../forms/errors.js';
import { useFormatters } from '../../i18n/format.js';

/** Groups the code for reading aloud: ABCD-EFGH. */
function formatCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

export function StationsScreen() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const query = useApiQuery('listStations', {});
  useEntityChanged(['station'], query.reload);
  const [creating, setCreating] = useState(false);
  const [code, setCode] = useState<PairingCode | null>(null);
  const items = query.data?.items ?? [];

  const status = (s: StationView) =>
    s.revokedAt ? (
      <Badge color="red" variant="light">
        {t('stations.revoked')}
      </Badge>
    ) : s.paired ? (
      <Badge color="green" variant="light">
        {t('stations.paired')}
      </Badge>
    ) : (
      <Badge color="yellow" variant="light">
        {t('stations.notPaired')}
      </Badge>
    );

  const newCode = async (s: StationView) => {
    try {
      setCode(await api('newPairingCode', { params: { id: s.id } }));
      query.reload();
    } catch (err) {
      notifyError(err, t);
    }
  };
  const revoke = async (s: StationView) => {
    try {
      await api('revokeStation', { params: { id: s.id } });
      notifySuccess(t('common.saved'));
      query.reload();
    } catch (err) {
      notifyError(err, t);
    }
  };

  return (
    <>
      <PageHeader title={t('stations.title')}>
        <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)} data-testid="station-new">
          {t('stations.new')}
        </Button>
      </PageHeader>
      <Paper withBorder p="md" radius="md">
        <Table.ScrollContainer minWidth={820}>
          <Table data-testid="stations-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('stations.name')}</Table.Th>
                <Table.Th>{t('stations.kind')}</Table.Th>
                <Table.Th>{t('stations.status')}</Table.Th>
                <Table.Th>{t('stations.lastSeen')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((s) => (
                <Table.Tr key={s.id} data-testid="station-row">
                  <Table.Td fw={600}>{s.name}</Table.Td>
                  <Table.Td>{t(`stations.kinds.${s.kind}`)}</Table.Td>
                  <Table.Td>{status(s)}</Table.Td>
                  <Table.Td>{fmt.dateTime(s.lastSeenAt)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <ConfirmButton
                        size="sm"
                        variant="default"
                        question={t('stations.newCodeConfirm', { name: s.name })}
                        confirmLabel={t('stations.newCode')}
                        onConfirm={() => newCode(s)}
                      >
                        {t('stations.newCode')}
                      </ConfirmButton>
                      {s.revokedAt ? null : (
                        <ConfirmButton
                          size="sm"
                          variant="subtle"
                          color="red"
                          question={t('stations.revokeConfirm', { name: s.name })}
                          confirmLabel={t('stations.revoke')}
                          onConfirm={() => revoke(s)}
                        >
                          {t('stations.revoke')}
                        </ConfirmButton>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <QueryState query={query} empty={items.length === 0} />
      </Paper>
      <Drawer opened={creating} onClose={() => setCreating(false)} title={t('stations.newTitle')}>
        {creating ? (
          <CreateStation
            onCreated={(pairing) => {
              setCreating(false);
              setCode(pairing);
              query.reload();
            }}
          />
        ) : null}
      </Drawer>
      <Modal
        opened={code !== null}
        onClose={() => setCode(null)}
        size="lg"
        closeOnClickOutside={false}
        title={code ? t('stations.codeTitle', { name: code.station.name }) : ''}
      >
        {code ? (
          <Stack align="center" gap="md" py="md">
            <Text>{t('stations.codeIntro')}</Text>
            <Title order={1} fz={64} className="fg-pairing-code" data-testid="pairing-code">
              {formatCode(code.code)}
            </Title>
            <Text c="dimmed">{t('stations.codeExpires', { time: fmt.dateTime(code.expiresAt) })}</Text>
            <Alert color="yellow" w="100%">
              {t('stations.codeOnce')}
            </Alert>
            <Button onClick={() => setCode(null)} data-testid="pairing-code-close">
              {t('common.close')}
            </Button>
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}

function CreateStation({ onCreated }: { onCreated(code: PairingCode): void }) {
  const { t } = useTranslation();
  const validate = useContractValidate<{ name: string; kind: StationKind }>(StationCreate);
  const form = useForm<{ name: string; kind: StationKind }>({ mode: 'controlled', initialValues: { name: '', kind: 'desk' }, validate });
  const { error, busy, run } = useFormAction(form);
  const submit = form.onSubmit((body) => run(async () => onCreated(await api('createStation', { body })), null));
  return (
    <form onSubmit={submit} noValidate data-testid="station-form">
      <Stack>
        <FormError error={error} />
        <TextInput label={t('stations.name')} withAsterisk data-testid="station-name" {...form.getInputProps('name')} />
        <Select
          label={t('stations.kind')}
          data={StationKind.options.map((k) => ({ value: k, label: t(`stations.kinds.${k}`) }))}
          {...form.getInputProps('kind')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={busy} data-testid="station-save">
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
