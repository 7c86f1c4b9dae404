import { Alert, Button, Grid, Group, Paper, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, isApiError } from '../../api/client.js';
import { useSite } from '../../app/session.js';
import { PageHeader } from '../../components/PageHeader.js';
import { VisitCreate } from '../../contract.js';
import { useContractValidate } from '../../forms/contractForm.js';
import { initialRegisterValues, toVisitCreate, withExpectedVisit, withScan, type RegisterValues } from './registerForm.js';
import type { ScanOutcome } from './ScanPanel.js';
import { useDeskScans } from './useDeskScans.js';
import { useVisitErrors } from './useVisitErrors.js';
import { VisitDetailsFields } from './VisitDetailsFields.js';
import { VisitorIdentityFields } from './VisitorIdentityFields.js';
import { WebcamPhoto } from './WebcamPhoto.js';
import { toFormErrors, visitRefOfCode } from './visitHelpers.js';

/**
 * Desk registration: an ID scan (or typing) fills in the visitor, a visit QR code fills in an expected visit; photo,
 * purpose, host, floors, end and ID custody; the gateway checks the watchlist. Then the visit's panel opens (a stopped
 * visitor's panel says that security has been alerted).
 */
export function RegisterVisitorScreen() {
  const { t } = useTranslation();
  const site = useSite();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const errors = useVisitErrors();
  const [scan, setScan] = useState<ScanOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [duplicateRef, setDuplicateRef] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toInput = useCallback((values: RegisterValues) => toVisitCreate(values, site.timezone), [site.timezone]);
  const contractErrors = useContractValidate<RegisterValues>(VisitCreate, toInput);
  const { issueText } = errors;
  const validate = useCallback(
    (values: RegisterValues) => Object.fromEntries(Object.entries(toFormErrors(contractErrors(values))).map(([field, message]) => [field, issueText(message)])),
    [contractErrors, issueText],
  );
  const form = useForm<RegisterValues>({ mode: 'controlled', initialValues: initialRegisterValues, validate });
  const { setValues } = form;
  const errorMessage = errors.message;

  const loadExpected = useCallback(
    async (ref: string) => {
      try {
        const visit = await api('getVisitByRef', { params: { ref } });
        if (visit.status === 'expected') {
          setValues((prev) => withExpectedVisit(prev as RegisterValues, visit));
          setScan({ kind: 'expected', visit });
        } else {
          setScan({ kind: 'notExpected', visit });
        }
      } catch (err) {
        if (isApiError(err) && err.status === 404) setScan({ kind: 'unknownVisit', ref });
        else setError(errorMessage(err));
      }
    },
    [setValues, errorMessage],
  );

  // The board's "check in" on an expected visit opens this form with ?ref=.
  const refParam = params.get('ref');
  useEffect(() => {
    if (refParam) void loadExpected(refParam);
  }, [refParam, loadExpected]);

  useDeskScans({
    onDocument: (document) => {
      setValues((prev) => withScan(prev as RegisterValues, document));
      form.clearFieldError('fullName');
      form.clearFieldError('docNumber');
      setScan({ kind: 'document', document });
    },
    onScanError: (scanError) => setScan({ kind: 'error', error: scanError }),
    onCode: (text) => {
      const ref = visitRefOfCode(text);
      if (ref) void loadExpected(ref);
      else setScan({ kind: 'otherCode' });
    },
  });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    setDuplicateRef(null);
    try {
      const visit = await api('createVisit', { body: toInput(values) });
      void navigate(`/visitors/${visit.id}`, { state: { registered: true } });
    } catch (err) {
      form.setErrors(errors.fields(err));
      setError(errors.message(err));
      if (isApiError(err) && err.code === 'visit_duplicate' && typeof err.params.ref === 'string') setDuplicateRef(err.params.ref);
    } finally {
      setBusy(false);
    }
  });

  const openDuplicate = async () => {
    if (!duplicateRef) return;
    try {
      const visit = await api('getVisitByRef', { params: { ref: duplicateRef } });
      void navigate(`/visitors/${visit.id}`);
    } catch (err) {
      setError(errors.message(err));
    }
  };

  return (
    <>
      <PageHeader title={t('visits.register.title')}>
        <Button variant="default" component={Link} to="/visitors" data-testid="visit-back">
          {t('visits.backToDesk')}
        </Button>
      </PageHeader>
      <form onSubmit={submit} noValidate data-testid="visit-register-form">
        <Stack>
          {error ? (
            <Alert color="red" data-testid="form-error">
              <Group justify="space-between" wrap="wrap">
                <span>{error}</span>
                {duplicateRef ? (
                  <Button size="xs" variant="white" color="red" onClick={() => void openDuplicate()} data-testid="visit-open-duplicate">
                    {t('visits.register.openDuplicate', { ref: duplicateRef })}
                  </Button>
                ) : null}
              </Group>
            </Alert>
          ) : null}
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <Stack gap="lg">
                <Paper withBorder p="lg" radius="md">
                  <Title order={3} mb="md">
                    {t('visits.register.visitor')}
                  </Title>
                  <VisitorIdentityFields form={form} scan={scan} />
                </Paper>
                <Paper withBorder p="lg" radius="md">
                  <Title order={3} mb="md">
                    {t('visits.register.visit')}
                  </Title>
                  <VisitDetailsFields form={form} />
                </Paper>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Paper withBorder p="lg" radius="md">
                <Title order={3} mb="md">
                  {t('visits.photo.title')}
                </Title>
                <WebcamPhoto value={form.values.photo} onChange={(photo) => form.setFieldValue('photo', photo)} error={form.errors.photo as string | undefined} />
              </Paper>
            </Grid.Col>
          </Grid>
          <Group justify="flex-end">
            <Button type="submit" size="lg" loading={busy} data-testid="visit-register-submit">
              {t('visits.register.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
