import { Button, Group, MultiSelect, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { useSite } from '../../app/session.js';
import { PersonPicker, UnitPicker } from '../../components/EntityPickers.js';
import { CardActivate, CardRegister, CardReplace, CardTechnology, CardTransition, HolderKind, type CardAction, type CardView } from '../../contract.js';
import { FormError } from '../../components/FormError.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { zonedDateTime } from '../../i18n/format.js';

type Technology = CardView['technology'];
type HolderKindValue = NonNullable<CardView['holderKind']>;

function useTechnologyOptions() {
  const { t } = useTranslation();
  return CardTechnology.options.map((k) => ({ value: k, label: t(`cards.technologies.${k}`) }));
}

/** Register a blank card into stock: UID as the reader reports it, technology, printed number. */
export function RegisterForm({ initialUid, initialTechnology, onDone }: { initialUid: string; initialTechnology: Technology; onDone(card: CardView): void }) {
  const { t } = useTranslation();
  interface Values {
    uid: string;
    technology: Technology;
    printedNumber: string;
  }
  const validate = useContractValidate<Values>(CardRegister);
  const form = useForm<Values>({ mode: 'controlled', initialValues: { uid: initialUid, technology: initialTechnology, printedNumber: '' }, validate });
  const { error, busy, run } = useFormAction(form);
  const technologies = useTechnologyOptions();

  const submit = form.onSubmit((values) =>
    run(
      () => api('registerCard', { body: CardRegister.parse(values) }),
      (card) => t('cards.registered', { uid: card.uid }),
      onDone,
    ),
  );

  return (
    <form onSubmit={submit} noValidate data-testid="register-form">
      <Stack>
        <FormError error={error} />
        <TextInput
          label={t('cards.uid')}
          description={t('cards.uidHint')}
          withAsterisk
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="register-uid"
          {...form.getInputProps('uid')}
        />
        <Select label={t('cards.technology')} withAsterisk data={technologies} allowDeselect={false} data-testid="register-technology" {...form.getInputProps('technology')} />
        <TextInput label={t('cards.printedNumber')} data-testid="register-printed" {...form.getInputProps('printedNumber')} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy} data-testid="register-save">
            {t('cards.register')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface ActivateValues {
  holderKind: HolderKindValue;
  personId: number | null;
  unitId: number | null;
  validFrom: string;
  validUntil: string;
  accessGroupIds: string[];
  zoneIds: string[];
  reason: string;
}

/** Give a card to a holder: kind, person, unit, validity window, access groups and extra zones. */
export function ActivateForm({ card, onDone }: { card: CardView; onDone(): void }) {
  const { t } = useTranslation();
  const site = useSite();
  const groups = useApiQuery('listGroups', {});
  const zones = useApiQuery('listZones', {});
  const toInput = useCallback(
    (v: ActivateValues) => ({
      holderKind: v.holderKind,
      personId: v.personId,
      unitId: v.unitId,
      validFrom: v.validFrom ? (zonedDateTime(v.validFrom, site.timezone) ?? v.validFrom) : null,
      validUntil: v.validUntil ? (zonedDateTime(v.validUntil, site.timezone) ?? v.validUntil) : null,
      accessGroupIds: v.accessGroupIds.map(Number),
      zoneIds: v.zoneIds.map(Number),
      reason: v.reason,
    }),
    [site.timezone],
  );
  const validate = useContractValidate<ActivateValues>(CardActivate, toInput);
  const form = useForm<ActivateValues>({
    mode: 'controlled',
    initialValues: {
      holderKind: card.holderKind ?? 'resident',
      personId: card.personId,
      unitId: card.unitId,
      validFrom: '',
      validUntil: '',
      accessGroupIds: card.accessGroupIds.map(String),
      zoneIds: card.zoneIds.map(String),
      reason: '',
    },
    validate,
  });
  const { error, busy, run } = useFormAction(form);

  const submit = form.onSubmit((values) =>
    run(
      () => api('activateCard', { params: { id: card.id }, body: CardActivate.parse(toInput(values)) }),
      (updated) => t('cards.changed', { uid: updated.uid, status: t(`cards.statuses.${updated.status}`) }),
      () => onDone(),
    ),
  );

  return (
    <form onSubmit={submit} noValidate data-testid="activate-form">
      <Stack>
        <FormError error={error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('cards.holderKind')}
            withAsterisk
            allowDeselect={false}
            data={HolderKind.options.map((k) => ({ value: k, label: t(`cards.holderKinds.${k}`) }))}
            data-testid="activate-holder-kind"
            {...form.getInputProps('holderKind')}
          />
          <PersonPicker
            label={t('cards.person')}
            currentLabel={card.personName}
            data-testid="activate-person"
            value={form.values.personId}
            onChange={(v) => form.setFieldValue('personId', v)}
            error={form.errors.personId}
          />
          <UnitPicker
            label={t('cards.unit')}
            currentLabel={card.unitCode}
            data-testid="activate-unit"
            value={form.values.unitId}
            onChange={(v) => form.setFieldValue('unitId', v)}
            error={form.errors.unitId}
          />
          <span />
          <TextInput type="datetime-local" label={t('cards.validFrom')} placeholder={t('cards.noLimit')} data-testid="activate-valid-from" {...form.getInputProps('validFrom')} />
          <TextInput type="datetime-local" label={t('cards.validUntil')} placeholder={t('cards.noLimit')} data-testid="activate-valid-until" {...form.getInputProps('validUntil')} />
        </SimpleGrid>
        <MultiSelect
          label={t('cards.accessGroups')}
          searchable
          data={(groups.data?.items ?? []).map((g) => ({ value: String(g.id), label: g.name }))}
          data-testid="activate-groups"
          {...form.getInputProps('accessGroupIds')}
        />
        <MultiSelect
          label={t('cards.zones')}
          searchable
          data={(zones.data?.items ?? []).map((z) => ({ value: String(z.id), label: `${z.code} · ${z.name}` }))}
          data-testid="activate-zones"
          {...form.getInputProps('zoneIds')}
        />
        <Textarea label={t('cards.activateReason')} autosize minRows={2} data-testid="activate-reason" {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy} data-testid="activate-save">
            {t('cards.actions.activate')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Suspend, resume, revoke, mark lost, return or restock one card, with the reason kept in its history. */
export function TransitionForm({ card, action, onDone }: { card: CardView; action: CardAction; onDone(): void }) {
  const { t } = useTranslation();
  interface Values {
    reason: string;
  }
  const toInput = useCallback((v: Values) => ({ action, reason: v.reason }), [action]);
  const validate = useContractValidate<Values>(CardTransition, toInput);
  const form = useForm<Values>({ mode: 'controlled', initialValues: { reason: '' }, validate });
  const { error, busy, run } = useFormAction(form);
  const danger = action === 'revoke' || action === 'mark_lost';

  const submit = form.onSubmit((values) =>
    run(
      () => api('changeCardStatus', { params: { id: card.id }, body: CardTransition.parse(toInput(values)) }),
      (updated) => t('cards.changed', { uid: updated.uid, status: t(`cards.statuses.${updated.status}`) }),
      () => onDone(),
    ),
  );

  return (
    <form onSubmit={submit} noValidate data-testid="transition-form" data-action={action}>
      <Stack>
        <FormError error={error} />
        <Textarea
          label={t('cards.reason')}
          description={t('cards.reasonHint')}
          withAsterisk
          autosize
          minRows={2}
          data-autofocus
          data-testid="transition-reason"
          {...form.getInputProps('reason')}
        />
        <Group justify="flex-end">
          <Button type="submit" color={danger ? 'red' : undefined} loading={busy} data-testid="transition-save">
            {t(`cards.actions.${action}`)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Mark a card lost and issue a new one with the same holder and access, in one step. */
export function ReplaceForm({ card, onDone }: { card: CardView; onDone(replacement: CardView): void }) {
  const { t } = useTranslation();
  interface Values {
    uid: string;
    technology: Technology;
    reason: string;
  }
  const validate = useContractValidate<Values>(CardReplace);
  const form = useForm<Values>({ mode: 'controlled', initialValues: { uid: '', technology: card.technology, reason: '' }, validate });
  const { error, busy, run } = useFormAction(form);
  const technologies = useTechnologyOptions();

  const submit = form.onSubmit((values) =>
    run(
      () => api('replaceCard', { params: { id: card.id }, body: CardReplace.parse(values) }),
      ({ replacement }) => t('cards.replaced', { uid: replacement.uid }),
      ({ replacement }) => onDone(replacement),
    ),
  );

  return (
    <form onSubmit={submit} noValidate data-testid="replace-form">
      <Stack>
        <Text size="sm">{t('cards.replaceIntro')}</Text>
        <FormError error={error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('cards.newUid')}
            withAsterisk
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            data-testid="replace-uid"
            {...form.getInputProps('uid')}
          />
          <Select label={t('cards.technology')} withAsterisk allowDeselect={false} data={technologies} data-testid="replace-technology" {...form.getInputProps('technology')} />
        </SimpleGrid>
        <Textarea label={t('cards.reason')} description={t('cards.reasonHint')} withAsterisk autosize minRows={2} data-testid="replace-reason" {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button type="submit" color="red" loading={busy} data-testid="replace-save">
            {t('cards.actions.replace')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
