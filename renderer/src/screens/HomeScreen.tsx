import { Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { mayOpen, screens, screenText } from '../app/nav.js';
import { useCan, useSession } from '../app/session.js';

/** Dashboard: one large tile per screen the user's permissions allow. */
export function HomeScreen() {
  const { t } = useTranslation();
  const { session } = useSession();
  const can = useCan();
  const tiles = screens.filter((s) => mayOpen(s, can));
  return (
    <Stack gap="lg">
      <div>
        <Title order={2} data-testid="home-title">
          {t('home.title', { name: session?.user.displayName ?? '' })}
        </Title>
        <Text c="dimmed" size="lg" data-testid="home-subtitle">
          {t('home.subtitle')}
        </Text>
      </div>
      {tiles.length === 0 ? (
        <Text data-testid="home-empty">{t('home.noTiles')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 4 }} spacing="lg" data-testid="home-tiles">
          {tiles.map((s) => (
            <UnstyledButton key={s.key} component={Link} to={s.path} data-testid={`tile-${s.key}`}>
              <Card withBorder shadow="xs" padding="lg" radius="lg" mih={132} className="fg-tile">
                <Group wrap="nowrap" align="flex-start" gap="md">
                  <ThemeIcon size={52} radius="md" variant="light">
                    <s.icon size={30} />
                  </ThemeIcon>
                  <Stack gap={4}>
                    <Text fw={650} size="lg">
                      {t(screenText(s).label)}
                    </Text>
                    <Text c="dimmed" size="sm">
                      {t(screenText(s).tile)}
                    </Text>
                  </Stack>
                </Group>
              </Card>
            </UnstyledButton>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
