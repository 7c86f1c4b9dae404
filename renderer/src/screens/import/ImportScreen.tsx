import { Alert, Badge, Button, Code, FileButton, Group, Paper, Progress, ScrollArea, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { PageHeader } from '../../components/PageHeader.js';
import { IconDownload, IconUpload } from '../../components/icons.js';
import { ImportKind, MAX_IMPORT_BYTES, importColumns, type ImportFileError, type ImportJob, type ImportRowError } from '../../contract.js';
import { useGatewayEvent } from '../../events/useGatewayEvents.js';
import { useSubmitError } from '../../forms/contractForm.js';
import { useFormatters } from '../../i18n/format.js';
import { fileErrorMessage, finalStates, newerJob, stripBom, templateCsv, templateFileName } from './importFiles.js';

const POLL_MS = 600;
const SHOWN_ERRORS = 1000;

export function ImportScreen() {
  const { t } = useTranslation();
  const submitError = useSubmitError();
  const [kind, setKind] = useState<ImportKind>('people');
  const [file, setFile] = useState<File | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const running = job !== null && !finalStates.has(job.state);

  useGatewayEvent(['import.progress'], (event) => {
    if (event.type === 'import.progress') setJob((current) => (current && current.id === event.data.id ? newerJob(current, event.data) : current));
  });

  // Poll as well as listening: events may be missed while the socket reconnects.
  const jobId = job?.id ?? null;
  useEffect(() => {
    if (!jobId || !running) return;
    let live = true;
    const timer = setInterval(() => {
      api('getImport', { params: { id: jobId } }).then(
        (next) => live && setJob((current) => newerJob(current, next)),
        (err: unknown) => live && setError(submitError({ setErrors: () => undefined }, err)),
      );
    }, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [jobId, running, submitError]);

  const downloadTemplate = () => {
    const url = URL.createObjectURL(new Blob([templateCsv(kind)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = templateFileName(kind);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const start = async () => {
    if (!file) return;
    setError(null);
    if (file.size > MAX_IMPORT_BYTES) {
      setError(t('import.tooLarge', { size: String(Math.round(MAX_IMPORT_BYTES / 1024 / 1024)) }));
      return;
    }
    setBusy(true);
    try {
      const csv = stripBom(await file.text());
      setJob(await api('startImport', { body: { kind, fileName: file.name, csv } }));
    } catch (err) {
      setError(submitError({ setErrors: () => undefined }, err));
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setJob(null);
    setFile(null);
    setError(null);
  };

  return (
    <>
      <PageHeader title={t('import.title')} />
      <Stack gap="lg" maw={1100}>
        <Paper withBorder p="lg" radius="md">
          <Stack>
            <Text>{t('import.intro')}</Text>
            <Group align="flex-end" wrap="wrap">
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {t('import.kind')}
                </Text>
                <SegmentedControl
                  value={kind}
                  disabled={running}
                  onChange={(v) => setKind(ImportKind.parse(v))}
                  data={ImportKind.options.map((k) => ({ value: k, label: t(`import.kinds.${k}`) }))}
                  data-testid="import-kind"
                />
              </Stack>
              <Button variant="light" leftSection={<IconDownload size={18} />} onClick={downloadTemplate} data-testid="import-template">
                {t('import.template')}
              </Button>
            </Group>
            <Text size="sm" c="dimmed">
              {t('import.columns', { columns: importColumns[kind].join(', ') })}
            </Text>
            <Group>
              <FileButton onChange={setFile} accept=".csv,text/csv" disabled={running} inputProps={{ 'data-testid': 'import-file' } as object}>
                {(props) => (
                  <Button {...props} variant="default" leftSection={<IconUpload size={18} />} disabled={running}>
                    {t('import.chooseFile')}
                  </Button>
                )}
              </FileButton>
              <Text c={file ? undefined : 'dimmed'} data-testid="import-file-name">
                {file ? file.name : t('import.noFile')}
              </Text>
            </Group>
            {error ? (
              <Alert color="red" data-testid="import-error">
                {error}
              </Alert>
            ) : null}
            <Group>
              <Button onClick={() => void start()} disabled={!file || running} loading={busy || running} data-testid="import-start">
                {t('import.start')}
              </Button>
              {job && !running ? (
                <Button variant="subtle" onClick={reset}>
                  {t('import.again')}
                </Button>
              ) : null}
            </Group>
          </Stack>
        </Paper>
        {job ? <ImportProgress job={job} /> : null}
      </Stack>
    </>
  );
}

const stateColor: Record<ImportJob['state'], string> = { checking: 'blue', writing: 'blue', done: 'green', rejected: 'red', failed: 'red' };

function ImportProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const percent = job.totalRows > 0 ? Math.round((job.checkedRows / job.totalRows) * 100) : finalStates.has(job.state) ? 100 : 0;
  return (
    <Paper withBorder p="lg" radius="md" data-testid="import-job" data-state={job.state}>
      <Stack>
        <Group justify="space-between">
          <Text fw={600}>{job.fileName}</Text>
          <Badge color={stateColor[job.state]} data-testid="import-state">
            {t(`import.states.${job.state}`)}
          </Badge>
        </Group>
        <Progress
          value={percent}
          size="xl"
          striped={!finalStates.has(job.state)}
          animated={!finalStates.has(job.state)}
          color={stateColor[job.state]}
          aria-label={t('import.progress', { checked: fmt.number(job.checkedRows), total: fmt.number(job.totalRows) })}
          data-testid="import-progress"
        />
        <Text size="sm" c="dimmed">
          {t('import.progress', { checked: fmt.number(job.checkedRows), total: fmt.number(job.totalRows) })}
        </Text>
        {job.state === 'done' ? (
          <Alert color="green" data-testid="import-done">
            {t('import.imported', { count: job.importedRows })}
          </Alert>
        ) : null}
        {job.state === 'rejected' ? (
          <Alert color="red" data-testid="import-rejected">
            {job.errorCount > 0 ? t('import.rejected', { count: job.errorCount }) : null}
            {job.fileErrors.length > 0 ? <FileErrors errors={job.fileErrors} /> : null}
          </Alert>
        ) : null}
        {job.state === 'failed' ? (
          <Alert color="red" data-testid="import-failed">
            {t('import.failed')}
            {job.fileErrors.length > 0 ? <FileErrors errors={job.fileErrors} /> : null}
          </Alert>
        ) : null}
        {job.errors.length > 0 ? <RowErrors errors={job.errors} /> : null}
      </Stack>
    </Paper>
  );
}

/** Whole-file problems, translated by code; the gateway's own wording only as small secondary text. */
function FileErrors({ errors }: { errors: ImportFileError[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6} mt={4} data-testid="import-file-errors">
      {errors.map((e, i) => {
        const message = fileErrorMessage(e);
        return (
          <div key={`${e.code}-${i}`} data-testid="import-file-error" data-code={e.code}>
            <Text size="sm" data-testid="import-file-error-message">
              {t(message.key, { columns: message.columns })}
            </Text>
            {e.detail ? (
              <Text size="xs" c="dimmed" data-testid="import-file-error-detail">
                {t('importFileErrors.detail', { detail: e.detail })}
              </Text>
            ) : null}
          </div>
        );
      })}
    </Stack>
  );
}

function RowErrors({ errors }: { errors: ImportRowError[] }) {
  const { t, i18n } = useTranslation();
  const problem = (code: string) =>
    i18n.exists(`importProblems.${code}`) ? t(`importProblems.${code}` as 'importProblems.invalid') : t('importProblems.other', { code });
  return (
    <ScrollArea.Autosize mah={420}>
      <Table striped withTableBorder data-testid="import-errors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>{t('import.row')}</Table.Th>
            <Table.Th w={160}>{t('import.column')}</Table.Th>
            <Table.Th>{t('import.problem')}</Table.Th>
            <Table.Th>{t('import.value')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {errors.slice(0, SHOWN_ERRORS).map((e, i) => (
            <Table.Tr key={`${e.row}-${e.column}-${i}`} data-testid="import-error-row">
              <Table.Td data-testid="import-error-line">{e.row}</Table.Td>
              <Table.Td data-testid="import-error-column">
                <Code>{e.column}</Code>
              </Table.Td>
              <Table.Td data-testid="import-error-problem" data-problem={e.problem}>
                {problem(e.problem)}
              </Table.Td>
              <Table.Td>{e.value === '' ? t('common.none') : e.value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
