import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconArrowsSplit, IconCheck, IconGitMerge } from '@tabler/icons-react';
import { MergeDialog } from './merge-dialog';
import { useTranslation } from 'react-i18next';
import type { DuplicatePair, SyncConflict } from '../../db/model/sync';
import { useSession } from '../app/session';
import { errorMessage, unwrap, useApiData } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { refreshSyncStatus } from '../lib/use-sync-status';

/** A synced value in words: empty, text, a number, or a list. */
function valueText(value: unknown, empty: string): string {
  if (value === null || value === undefined || value === '') return empty;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  return JSON.stringify(value);
}

/** Runs a person's decision (keep, restore, merge), then reloads the list and the header's sync state. */
function useReviewAction(reload: () => void) {
  const [failure, setFailure] = useState<string | null>(null);
  async function act(call: () => Promise<unknown>) {
    setFailure(null);
    try {
      await call();
      reload();
      void refreshSyncStatus();
    } catch (e) {
      setFailure(errorMessage(e));
    }
  }
  return { failure, act };
}

/** One review panel: its title and count, what went wrong, and a line when there is nothing to review. */
function ReviewSection({ title, count, error, failure, emptyText, children }: {
  title: string;
  count: number | undefined;
  error: string | null | undefined;
  failure: string | null;
  emptyText: string;
  children: React.ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          {title}
        </Title>
        {count !== undefined && <Badge color={count ? 'orange' : 'gray'}>{count}</Badge>}
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {failure && (
        <Alert color="red" role="alert" mb="sm">
          {failure}
        </Alert>
      )}
      {count === 0 && (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      )}
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

/** Open conflicts: the record and field in words, both values with who and when; keep or restore. */
export function ConflictReview({ version, focusId = null }: { version: string; focusId?: string | null }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const { data, error, reload } = useApiData(() => window.ikm.sync.conflicts(), `conflicts:${version}`);
  // Opened from a conflict mark: bring that conflict into view once the list is there.
  const focused = useRef<HTMLDivElement | null>(null);
  const hasFocused = !!data?.some((c) => c.id === focusId);
  useEffect(() => {
    if (hasFocused) focused.current?.scrollIntoView({ block: 'center' });
  }, [hasFocused, focusId]);
  const { failure, act } = useReviewAction(reload);
  const resolve = (conflict: SyncConflict, choice: 'keep' | 'restore') =>
    act(() => unwrap(window.ikm.sync.resolveConflict({ id: conflict.id, choice })));

  const side = (title: string, s: SyncConflict['winner'], testId: string) => (
    <Paper withBorder radius="sm" p="xs" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {title}
      </Text>
      <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
        {s.text ? (language === 'en' ? s.text.en : s.text.id) : valueText(s.value, t('sync.review.empty'))}
      </Text>
      <Text size="xs" c="dimmed">
        {t('sync.review.by', { officer: s.officer ?? t('sync.review.unknownOfficer'), when: formatDateTime(s.at, language) })}
      </Text>
    </Paper>
  );

  return (
    <ReviewSection title={t('sync.review.conflicts')} count={data?.length} error={error} failure={failure} emptyText={t('sync.review.noConflicts')}>
      {data?.map((c) => (
        <Paper
          key={c.id}
          withBorder
          radius="sm"
          p="sm"
          data-testid="conflict"
          data-focused={c.id === focusId || undefined}
          className={c.id === focusId ? 'ikm-conflict-focused' : undefined}
          ref={c.id === focusId ? focused : undefined}
        >
          <Text fw={600}>
            {c.record} — {language === 'en' ? c.field.en : c.field.id}
          </Text>
          <SimpleGrid cols={2} spacing="xs" my="xs">
            {side(t('sync.review.winner'), c.winner, 'conflict-winner')}
            {side(t('sync.review.loser'), c.loser, 'conflict-loser')}
          </SimpleGrid>
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => void resolve(c, 'keep')}>
              {t('sync.review.keep')}
            </Button>
            <Button size="xs" variant="light" color="orange" onClick={() => void resolve(c, 'restore')}>
              {t('sync.review.restore')}
            </Button>
          </Group>
        </Paper>
      ))}
    </ReviewSection>
  );
}

/**
 * Likely duplicate registrations side by side: compare and merge them (MergeDialog), or say they
 * are two IKM ("bukan duplikat", a synced decision that keeps the pair off the list).
 */
export function DuplicateReview({ version }: { version: string }) {
  const { t } = useTranslation();
  const { data, error, reload } = useApiData(() => window.ikm.site.duplicates(), `duplicates:${version}`);
  const { failure, act } = useReviewAction(reload);
  const [comparing, setComparing] = useState<DuplicatePair | null>(null);
  // What was just decided, and the pair it names while it can still be undone from here.
  const [done, setDone] = useState<{ text: string; undoable: DuplicatePair | null } | null>(null);
  const markDistinct = (pair: DuplicatePair) =>
    act(async () => {
      setDone(null);
      await unwrap(window.ikm.site.markDistinct({ siteA: pair.a.id, siteB: pair.b.id }));
      setDone({ text: t('merge.notDuplicateDone', { a: pair.a.name, b: pair.b.name }), undoable: pair });
    });
  const undoDistinct = (pair: DuplicatePair) =>
    act(async () => {
      await unwrap(window.ikm.site.undoDistinct({ siteA: pair.a.id, siteB: pair.b.id }));
      setDone({ text: t('field20.decision.undoDistinctDone', { a: pair.a.name, b: pair.b.name }), undoable: null });
    });

  const card = (s: DuplicatePair['a']) => (
    <Paper withBorder radius="sm" p="xs">
      <Text fw={600}>{s.name}</Text>
      <Text size="sm">{s.ownerName ?? '—'}</Text>
      <Text size="xs" c="dimmed">
        {s.villageName} · {t('sync.review.visits', { count: s.visits })}
      </Text>
    </Paper>
  );

  return (
    <ReviewSection title={t('sync.review.duplicates')} count={data?.length} error={error} failure={failure} emptyText={t('sync.review.noDuplicates')}>
      {done && (
        <Alert color="teal" icon={<IconCheck size={18} />} role="status" withCloseButton onClose={() => setDone(null)} py="xs">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{done.text}</Text>
            {done.undoable && (
              <Button size="xs" variant="white" color="teal" leftSection={<IconArrowBackUp size={14} />} onClick={() => void undoDistinct(done.undoable!)}>
                {t('field20.decision.undoDistinct')}
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      {comparing && (
        <MergeDialog
          pair={comparing}
          onClose={() => setComparing(null)}
          onMerged={() => {
            reload();
            void refreshSyncStatus();
          }}
        />
      )}
      {data?.map((pair) => (
        <Paper key={`${pair.a.id}:${pair.b.id}`} withBorder radius="sm" p="sm" data-testid="duplicate">
          <Text size="xs" c="dimmed" mb={4}>
            {pair.reason === 'same_name_village'
              ? t('sync.review.sameNameVillage')
              : pair.reason === 'similar_name_district'
                ? t('sync.review.similarDistrict')
                : t('sync.review.similarNearby', { meters: Math.round(pair.distanceM ?? 0) })}
          </Text>
          <SimpleGrid cols={2} spacing="xs" mb="xs">
            {card(pair.a)}
            {card(pair.b)}
          </SimpleGrid>
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" leftSection={<IconArrowsSplit size={14} />} onClick={() => void markDistinct(pair)}>
              {t('merge.notDuplicate')}
            </Button>
            <Button size="xs" variant="light" leftSection={<IconGitMerge size={14} />} onClick={() => setComparing(pair)}>
              {t('merge.compare')}
            </Button>
          </Group>
        </Paper>
      ))}
    </ReviewSection>
  );
}
