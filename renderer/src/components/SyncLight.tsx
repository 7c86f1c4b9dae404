import { ColorSwatch, Stack, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSyncHealth } from '../api/useSyncHealth.js';
import { useCan } from '../app/session.js';
import type { SyncHealth, SyncState } from '../contract.js';
import { useFormatters } from '../i18n/format.js';
import { LIGHT_COLORS, lightOf } from '../screens/sync/syncHelpers.js';
import { Hint } from './Hint.js';

/**
 * Upstream sync on every staff screen: grey off, green up to date, blue sending, yellow central office unreachable
 * (changes are kept and sent later), orange dead letters, red stopped until an administrator acts. The tooltip says
 * how much waits and since when; staff who may see the Sync screen open it with a click. When sync stops on an
 * auth error, they are also alerted once.
 */
export function SyncLight() {
  const { t } = useTranslation();
  const can = useCan();
  const health = useSyncHealth();
  const light = lightOf(health);
  const mayOpen = can('sync.read');
  const previous = useRef<SyncState | null>(null);

  useEffect(() => {
    const state = health?.state ?? null;
    if (state === 'error' && previous.current !== 'error' && mayOpen) {
      notifications.show({ id: 'sync-error', color: 'red', title: t('sync.light.alertTitle'), message: t('sync.light.alertText'), autoClose: false });
    }
    previous.current = state;
  }, [health?.state, mayOpen, t]);

  const label = health ? t('sync.light.label', { state: t(`sync.state.${health.state}`) }) : t('sync.light.unknown');
  const swatch = (
    <ColorSwatch component="span" role="status" aria-label={label} color={LIGHT_COLORS[light]} size={14} withShadow={false} data-testid="sync-status" data-state={light} />
  );
  return (
    <Hint
      label={
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {label}
          </Text>
          {health ? <SyncDetails health={health} /> : null}
        </Stack>
      }
    >
      {mayOpen ? (
        <UnstyledButton component={Link} to="/sync" aria-label={label} data-testid="sync-light-link" style={{ display: 'inline-flex' }}>
          {swatch}
        </UnstyledButton>
      ) : (
        swatch
      )}
    </Hint>
  );
}

/**
 * The tooltip's lines: rendered only when the tooltip shows, so that the header does not make the date formatters
 * (the first Intl date format of a page costs ≈ 40 ms here; docs/performance.md, "Screens").
 */
function SyncDetails({ health }: { health: SyncHealth }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const lines = [
    t('sync.light.waiting', { count: health.queueDepth }),
    ...(health.oldestPendingAt ? [t('sync.light.oldest', { time: fmt.dateTime(health.oldestPendingAt) })] : []),
    t('sync.light.lastSuccess', { time: health.lastSuccessAt ? fmt.dateTime(health.lastSuccessAt) : t('sync.status.never') }),
    ...(health.deadLetters > 0 ? [t('sync.light.deadLetters', { count: health.deadLetters })] : []),
  ];
  return lines.map((line) => (
    <Text key={line} size="xs">
      {line}
    </Text>
  ));
}
