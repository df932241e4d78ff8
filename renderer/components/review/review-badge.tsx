import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReviewState } from '../../../db/model';

const COLORS: Record<ReviewState, string> = { pending: 'gray', approved: 'teal', returned: 'red' };

/** Menunggu tinjauan, Disetujui, or Perlu perbaikan: a final visit's review state. */
export function ReviewBadge({ state, size = 'md' }: { state: ReviewState; size?: 'sm' | 'md' }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[state]} variant={state === 'pending' ? 'outline' : 'light'} radius="sm" tt="none" size={size} data-testid="review-state">
      {t(`review.states.${state}`)}
    </Badge>
  );
}

/** The review state in a list column: a short word ("Tinjau", "Setuju", "Perbaiki"), the full one as its title. */
export function ReviewShortBadge({ state }: { state: ReviewState }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[state]} variant={state === 'pending' ? 'outline' : 'light'} radius="sm" tt="none" size="sm" title={t(`review.states.${state}`)} data-testid="visit-review-state">
      {t(`review.short.${state}`)}
    </Badge>
  );
}
