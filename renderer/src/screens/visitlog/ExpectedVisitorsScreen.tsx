import { Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { ListFooter, PAGE_SIZE } from '../../components/ListFooter.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import type { VisitView } from '../../contract.js';
import { useGatewayEvent } from '../../events/useGatewayEvents.js';
import { notifySuccess } from '../../forms/errors.js';
import { ExpectForm } from './ExpectForm.js';
import { ExpectedList } from './ExpectedList.js';
import { ReasonDialog, type ReasonRequest } from './ReasonDialog.js';

const FALLBACK_VISIT_MINUTES = 120;

/** Pre-registration of expected visitors and the list of who is expected, each with an invitation to send. */
export function ExpectedVisitorsScreen() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [request, setRequest] = useState<ReasonRequest | null>(null);
  const settings = useApiQuery('getVisitSettings', {});
  const query = useApiQuery('listVisits', { query: { status: 'expected', limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } });
  useGatewayEvent(['visit.changed', 'hello'], query.reload);
  const items = query.data?.items ?? [];

  const cancel = (visit: VisitView) =>
    setRequest({
      title: t('visitAdmin.expected.cancelTitle', { name: visit.fullName }),
      hint: t('visitAdmin.expected.cancelHint'),
      confirmLabel: t('visitAdmin.expected.cancel'),
      color: 'red',
      run: async (reason) => {
        await api('cancelVisit', { params: { id: visit.id }, body: { reason } });
        notifySuccess(t('visitAdmin.expected.cancelled', { name: visit.fullName }));
        query.reload();
      },
    });

  return (
    <Stack gap="lg">
      <PageHeader title={t('visitAdmin.expected.title')} />
      <Paper withBorder p="lg" radius="md">
        <Title order={4} mb="md">
          {t('visitAdmin.expected.formTitle')}
        </Title>
        {settings.data || settings.error ? (
          <ExpectForm
            defaultMinutes={settings.data?.defaultVisitMinutes ?? FALLBACK_VISIT_MINUTES}
            onCreated={(visit) => {
              notifySuccess(t('visitAdmin.expected.created', { name: visit.fullName, ref: visit.ref }));
              query.reload();
            }}
          />
        ) : (
          <QueryState query={settings} empty={false} />
        )}
      </Paper>
      <Paper withBorder p="lg" radius="md">
        <Title order={4} mb="md">
          {t('visitAdmin.expected.listTitle')}
        </Title>
        <ExpectedList visits={items} onCancel={cancel} />
        {query.error || (query.loading && !query.data) ? <QueryState query={query} empty={false} /> : null}
        {query.data && items.length === 0 ? (
          <Text c="dimmed" ta="center" py="xl" data-testid="expected-empty">
            {t('visitAdmin.expected.empty')}
          </Text>
        ) : null}
        <ListFooter total={query.data?.total ?? 0} page={page} onPage={setPage} />
      </Paper>
      <ReasonDialog request={request} onClose={() => setRequest(null)} />
    </Stack>
  );
}
