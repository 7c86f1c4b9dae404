import { ColorSwatch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useConnectionStatus } from '../events/useGatewayEvents.js';
import { Hint } from './Hint.js';

const colors = { open: 'var(--mantine-color-green-6)', connecting: 'var(--mantine-color-yellow-5)', closed: 'var(--mantine-color-red-6)' };

/** Green: live updates flowing; yellow: connecting; red: disconnected (retrying with backoff). */
export function ConnectionLight() {
  const { t } = useTranslation();
  const status = useConnectionStatus();
  const label = t(`connection.${status}`);
  return (
    <Hint label={label}>
      <ColorSwatch
        component="span"
        role="status"
        aria-label={label}
        color={colors[status]}
        size={14}
        withShadow={false}
        data-testid="connection-status"
        data-state={status}
      />
    </Hint>
  );
}
