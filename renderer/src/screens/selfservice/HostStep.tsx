import { Badge, Group, Loader, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { IconBriefcase, IconBuilding, IconPeople, IconSearch } from '../../components/icons.js';
import type { Locale } from '../../contract.js';
import { checkInError } from './errors.js';
import { BigButton, KioskText, StepFooter, StepFrame, TOUCH, kioskInputStyles } from './parts.js';
import type { KioskHostHit, StepError, VisitorDraft } from './state.js';

const SEARCH_DEBOUNCE_MS = 300;
const kindIcons = { person: IconPeople, unit: IconBuilding, company: IconBriefcase } as const;

type Search = { state: 'idle' } | { state: 'searching' } | { state: 'done'; q: string; items: KioskHostHit[] } | { state: 'failed'; error: StepError };

interface Props {
  draft: VisitorDraft;
  error: StepError | null;
  onChange(patch: Partial<VisitorDraft>): void;
  onPick(host: KioskHostHit): void;
  onNext(): void;
  onBack(): void;
  onStartOver(): void;
  onLanguage(locale: Locale): void;
}

/**
 * Step 2: whom the visitor comes to see, by name (accents optional), company or unit code. The kiosk's search
 * answers names and unit codes only: no phone, e-mail or which unit a person lives in, here or in the response.
 */
export function HostStep({ draft, error, onChange, onPick, onNext, onBack, onStartOver, onLanguage }: Props) {
  const { t } = useTranslation();
  const [debounced] = useDebouncedValue(draft.hostQuery.trim(), SEARCH_DEBOUNCE_MS);
  const [search, setSearch] = useState<Search>({ state: 'idle' });
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    if (debounced.length < 2) {
      setSearch({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    setSearch({ state: 'searching' });
    api('kioskHosts', { query: { q: debounced.slice(0, 60) }, signal: controller.signal }).then(
      ({ items }) => setSearch({ state: 'done', q: debounced, items }),
      (err: unknown) => {
        if (!controller.signal.aborted) setSearch({ state: 'failed', error: checkInError(err).error });
      },
    );
    return () => controller.abort();
  }, [debounced]);

  const next = () => {
    if (draft.host) onNext();
    else setMissing(true);
  };
  const shownError: StepError | null = search.state === 'failed' ? search.error : missing ? { key: 'hostRequired' } : error;

  return (
    <StepFrame
      step="host"
      title={t('selfService.host.title')}
      onLanguage={onLanguage}
      error={shownError}
      testId="selfservice-host"
      footer={
        <StepFooter
          onBack={onBack}
          onStartOver={onStartOver}
          next={
            <BigButton onClick={next} color="teal.8" data-testid="selfservice-next">
              {t('selfService.nav.next')} →
            </BigButton>
          }
        />
      }
    >
      <TextInput
        label={t('selfService.host.search')}
        description={t('selfService.host.hint')}
        value={draft.hostQuery}
        onChange={(e) => {
          setMissing(false);
          onChange({ hostQuery: e.currentTarget.value });
        }}
        leftSection={<IconSearch size={28} />}
        leftSectionWidth={56}
        rightSection={search.state === 'searching' ? <Loader size="sm" /> : null}
        autoComplete="off"
        maxLength={60}
        styles={{ ...kioskInputStyles, description: { fontSize: 18 } }}
        data-testid="selfservice-host-search"
      />
      {draft.host ? (
        <Text fz={24} fw={700} c="teal.9" data-testid="selfservice-host-chosen">
          {t('selfService.host.chosen', { label: draft.host.label })}
        </Text>
      ) : null}
      {search.state === 'searching' ? <KioskText dimmed>{t('selfService.host.searching')}</KioskText> : null}
      {search.state === 'done' && search.items.length === 0 ? <KioskText testId="selfservice-host-none">{t('selfService.host.none')}</KioskText> : null}
      {search.state === 'done' && search.items.length > 0 ? (
        <Stack gap="sm" data-testid="selfservice-host-results">
          {search.items.map((host) => (
            <HostButton key={`${host.kind}-${host.id}`} host={host} selected={draft.host?.kind === host.kind && draft.host.id === host.id} onPick={() => onPick(host)} />
          ))}
        </Stack>
      ) : null}
    </StepFrame>
  );
}

/** One search hit: the name (or unit code), the company of a staff member, and what kind of host it is. Nothing more. */
function HostButton({ host, selected, onPick }: { host: KioskHostHit; selected: boolean; onPick(): void }) {
  const { t } = useTranslation();
  const Icon = kindIcons[host.kind];
  return (
    <UnstyledButton
      onClick={onPick}
      mih={TOUCH.height + 16}
      px="lg"
      py="md"
      bg={selected ? 'teal.1' : 'white'}
      style={{ borderRadius: 16, border: `2px solid var(--mantine-color-${selected ? 'teal-8' : 'gray-4'})` }}
      aria-pressed={selected}
      data-testid="selfservice-host-option"
      data-kind={host.kind}
    >
      <Group wrap="nowrap" gap="lg">
        <Icon size={40} />
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Text fz={26} fw={700} c="dark.9" data-testid="selfservice-host-label">
            {host.label}
          </Text>
          {host.detail ? (
            <Text fz={20} c="dark.6" data-testid="selfservice-host-detail">
              {host.detail}
            </Text>
          ) : null}
        </Stack>
        <Badge size="xl" variant="light" color="gray" radius="md">
          {t(`selfService.host.kinds.${host.kind}`)}
        </Badge>
      </Group>
    </UnstyledButton>
  );
}
