import { Alert, Button, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/useApiQuery.js';
import { QueryState } from '../../components/QueryState.js';
import { IconPrinter } from '../../components/icons.js';
import { BadgeCard } from './BadgeCard.js';
import { printPage, type PrintFailure } from './printPage.js';
import { PrinterPicker } from './PrinterPicker.js';
import { PrintStyles } from './PrintStyles.js';

/** The badge of one visit, ready to print (badge-sized page); in the FrontGate shell it prints without a dialog. */
export function BadgePrint() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const query = useApiQuery('visitBadge', Number.isInteger(id) && id > 0 ? { params: { id } } : null);
  const [failure, setFailure] = useState<PrintFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const badge = query.data;
  if (!badge) return <QueryState query={query} empty={false} />;

  const print = async () => {
    setBusy(true);
    setFailure(await printPage());
    setBusy(false);
  };

  return (
    <Stack>
      <PrintStyles page="badge" />
      <Group className="fg-no-print" justify="space-between">
        <Button size="lg" leftSection={<IconPrinter size={22} />} loading={busy} onClick={() => void print()} data-testid="badge-print">
          {t('visits.badge.print')}
        </Button>
        <PrinterPicker />
        <Button size="lg" variant="default" component={Link} to={`/visitors/${id}`} data-testid="badge-back">
          {t('visits.badge.back')}
        </Button>
      </Group>
      {failure ? (
        <Alert className="fg-no-print" color="red" data-testid="print-error" data-error={failure}>
          {t(`visits.print.errors.${failure}`)}
        </Alert>
      ) : null}
      <div className="fg-badge-preview">
        <BadgeCard badge={badge} />
      </div>
    </Stack>
  );
}
