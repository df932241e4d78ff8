import type { ReactNode } from 'react';
import { Group, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { formatNumber } from '../lib/format';

/** A list screen's title with how many rows match (read out when it changes), and its main action. */
export function ListPageHeader({ title, total, capped = false, countKey, countTestId, action }: {
  title: string;
  /** Null until the first page has answered. */
  total: number | null;
  /** More rows match than `total` says: shown as "1.000+". */
  capped?: boolean;
  /** The i18n key of the count, given `count` and `formatted`. */
  countKey: string;
  countTestId: string;
  action: ReactNode;
}) {
  const { t } = useTranslation();
  const { language } = useSession();
  return (
    <Group justify="space-between" wrap="nowrap">
      <Group gap="sm" align="baseline">
        <Title order={2}>{title}</Title>
        <Text c="dimmed" size="sm" data-testid={countTestId} aria-live="polite">
          {total === null ? t('common.loading') : t(countKey, { count: total, formatted: `${formatNumber(total, language)}${capped ? '+' : ''}` })}
        </Text>
      </Group>
      {action}
    </Group>
  );
}
