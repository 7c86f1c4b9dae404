import { SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { VisitPurpose, type Locale } from '../../contract.js';
import { StepFooter, StepFrame } from './parts.js';
import type { StepError } from './state.js';

interface Props {
  purpose: VisitPurpose | null;
  error: StepError | null;
  onPick(purpose: VisitPurpose): void;
  onBack(): void;
  onStartOver(): void;
  onLanguage(locale: Locale): void;
}

/** Step 3: why the visitor comes. A business visitor waits while the desk contacts the host. */
export function PurposeStep({ purpose, error, onPick, onBack, onStartOver, onLanguage }: Props) {
  const { t } = useTranslation();
  return (
    <StepFrame
      step="purpose"
      title={t('selfService.purpose.title')}
      onLanguage={onLanguage}
      error={error}
      testId="selfservice-purpose"
      footer={<StepFooter onBack={onBack} onStartOver={onStartOver} />}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        {VisitPurpose.options.map((p) => {
          const selected = purpose === p;
          return (
            <UnstyledButton
              key={p}
              onClick={() => onPick(p)}
              mih={140}
              p="lg"
              bg={selected ? 'teal.1' : 'white'}
              style={{ borderRadius: 16, border: `2px solid var(--mantine-color-${selected ? 'teal-8' : 'gray-4'})` }}
              aria-pressed={selected}
              data-testid={`selfservice-purpose-${p}`}
            >
              <Stack gap={6}>
                <Text fz={28} fw={700} c="dark.9">
                  {t(`selfService.purpose.${p}`)}
                </Text>
                <Text fz={20} c="dark.6">
                  {t(`selfService.purpose.${p}Hint`)}
                </Text>
              </Stack>
            </UnstyledButton>
          );
        })}
      </SimpleGrid>
    </StepFrame>
  );
}
