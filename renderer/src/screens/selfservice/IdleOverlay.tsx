import { Center, Overlay, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BigButton } from './parts.js';

/** "Are you still there?" with the seconds left before the screen is wiped. Any touch keeps the visitor's data. */
export function IdleOverlay({ remaining, onStay }: { remaining: number; onStay(): void }) {
  const { t } = useTranslation();
  return (
    <Overlay fixed zIndex={400} backgroundOpacity={0.75} color="#000" data-testid="selfservice-idle">
      <Center h="100%" px="lg">
        <Paper radius="xl" p={48} maw={720} w="100%" role="alertdialog" aria-live="assertive" aria-labelledby="selfservice-idle-title">
          <Stack align="center" gap="xl">
            <Title id="selfservice-idle-title" order={2} fz={40} ta="center" c="dark.9">
              {t('selfService.idle.title')}
            </Title>
            <Text fz={96} fw={800} c="red.9" lh={1} data-testid="selfservice-idle-seconds">
              {remaining}
            </Text>
            <Text fz={24} ta="center" c="dark.8">
              {t('selfService.idle.text', { seconds: String(remaining) })}
            </Text>
            <BigButton color="teal.8" onClick={onStay} data-testid="selfservice-idle-stay" miw={320}>
              {t('selfService.idle.stay')}
            </BigButton>
          </Stack>
        </Paper>
      </Center>
    </Overlay>
  );
}
