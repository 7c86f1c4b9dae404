import { Text, type TextProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { durationParts } from './visitHelpers.js';

/** How long since `from` ("12 min", "1 h 05 min"), as of `now`. */
export function Duration({ from, now, ...rest }: { from: string; now: number } & TextProps) {
  const { t } = useTranslation();
  const { hours, minutes } = durationParts(from, now);
  const text =
    hours === 0 && minutes === 0
      ? t('visits.duration.justNow')
      : hours === 0
        ? t('visits.duration.minutes', { m: String(minutes) })
        : t('visits.duration.hoursMinutes', { h: String(hours), m: String(minutes).padStart(2, '0') });
  return (
    <Text span size="sm" data-testid="visit-duration" {...rest}>
      {text}
    </Text>
  );
}
