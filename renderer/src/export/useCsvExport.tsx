import { Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isSessionLost } from '../api/client.js';
import { useSession, useSite } from '../app/session.js';
import { notifyError } from '../forms/errors.js';
import { csvFileName, downloadCsv, type Progress as Step } from './csv.js';

/** A CSV job: gathers its rows (reporting progress) and returns the file text, or null when there is nothing. */
export type CsvJob = (progress: (p: Step) => void, signal: AbortSignal) => Promise<{ csv: string; rows: number } | null>;

/**
 * Runs CSV exports with a progress dialog (rows read / total, stop button) and downloads the file.
 * Returns `run(fileBase, job)`, whether one is running, and the dialog to render.
 */
export function useCsvExport(): { run(fileBase: string, job: CsvJob): void; busy: boolean; dialog: ReactNode } {
  const { t } = useTranslation();
  const site = useSite();
  const { expire } = useSession();
  const [progress, setProgress] = useState<Step | null>(null);
  const controller = useRef<AbortController | null>(null);

  const run = useCallback(
    (fileBase: string, job: CsvJob) => {
      if (controller.current) return;
      const abort = new AbortController();
      controller.current = abort;
      setProgress({ done: 0, total: 0 });
      job((p) => setProgress(p), abort.signal)
        .then((result) => {
          if (abort.signal.aborted) return;
          if (!result || result.rows === 0) {
            notifications.show({ color: 'gray', message: t('export.empty') });
            return;
          }
          downloadCsv(csvFileName(fileBase, site.timezone), result.csv);
          notifications.show({ color: 'teal', message: t('export.done', { count: result.rows }) });
        })
        .catch((err: unknown) => {
          if (abort.signal.aborted || (err instanceof DOMException && err.name === 'AbortError')) return;
          if (isSessionLost(err)) expire();
          else notifyError(err, t);
        })
        .finally(() => {
          controller.current = null;
          setProgress(null);
        });
    },
    [t, site.timezone, expire],
  );

  const stop = () => controller.current?.abort();
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  const dialog = (
    <Modal opened={progress !== null} onClose={stop} title={t('export.title')} closeOnClickOutside={false}>
      <Stack data-testid="export-progress">
        <Progress value={percent} size="lg" animated striped aria-label={t('export.title')} />
        <Text size="sm" c="dimmed" data-testid="export-progress-text">
          {t('export.progress', { done: String(progress?.done ?? 0), total: String(progress?.total ?? 0) })}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={stop} data-testid="export-stop">
            {t('export.stop')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
  return { run, busy: progress !== null, dialog };
}
