import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/route';
import { useSession } from '../../app/session';
import { useApiData } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { formatVisitDateShort, visitHref, VisitKindBadge } from '../visit-log/visit-badges';
import { EMPTY_VISIT_FILTERS } from '../visit-log/visit-filters';
import { rememberLog } from '../visit-log/visit-log-state';

const SHOWN = 5;

/**
 * The review work of whoever uses the laptop: for a supervisor, the final visits waiting for
 * review ("Menunggu tinjauan"); for an officer, their visits returned for correction ("Perlu
 * perbaikan"). Each opens the visit; "Lihat semua" opens the log filtered the same way.
 */
export function ReviewQueueCard() {
  const { t } = useTranslation();
  const { setup, language } = useSession();
  const supervisor = setup.role === 'supervisor';
  const state = supervisor ? 'pending' : 'returned';
  // An officer's own returned visits: their name is among the visit's officers.
  const officer = supervisor ? null : setup.officer.name;
  const list = useApiData(() => window.ikm.visit.list({ reviewState: state, officer, limit: SHOWN }), `review-queue:${state}:${officer ?? ''}`);
  if (!list.data || !list.data.total) return null;
  const title = supervisor ? t('review.queueSupervisor') : t('review.queueOfficer');
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="review-queue-title" data-testid="review-queue">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={3} size="h5" id="review-queue-title">
            {title}
          </Title>
          <Badge color={supervisor ? 'gray' : 'red'} variant="light" radius="sm">
            {formatNumber(list.data.total ?? 0, language)}
          </Badge>
        </Group>
        <Anchor
          size="sm"
          component="button"
          onClick={() => {
            rememberLog({ filters: { ...EMPTY_VISIT_FILTERS, reviewState: state, officer: officer ?? '' }, activeIndex: 0 });
            navigate({ page: 'visits' });
          }}
        >
          {t('review.seeAll')}
        </Anchor>
      </Group>
      <Stack gap={4} role="list">
        {list.data.items.map((v) => (
          <Group key={v.id} role="listitem" gap="sm" wrap="nowrap">
            <VisitKindBadge kind={v.kind} />
            <Anchor href={visitHref(v.id)} size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
              {v.siteName}
            </Anchor>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {v.number} · {v.visitDate ? formatVisitDateShort(v.visitDate, language) : '—'}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
