import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowsJoin, IconGitMerge } from '@tabler/icons-react';
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

/** Open conflicts: the record and field in words, both values with who and when; keep or restore. */
export function ConflictReview({ version }: { version: string }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const { data, error, reload } = useApiData(() => window.ikm.sync.conflicts(), `conflicts:${version}`);
  const [failure, setFailure] = useState<string | null>(null);

  async function resolve(conflict: SyncConflict, choice: 'keep' | 'restore') {
    setFailure(null);
    try {
      await unwrap(window.ikm.sync.resolveConflict({ id: conflict.id, choice }));
      reload();
      void refreshSyncStatus();
    } catch (e) {
      setFailure(errorMessage(e));
    }
  }

  const side = (title: string, s: SyncConflict['winner'], testId: string) => (
    <Paper withBorder radius="sm" p="xs" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {title}
      </Text>
      <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
        {valueText(s.value, t('sync.review.empty'))}
      </Text>
      <Text size="xs" c="dimmed">
        {t('sync.review.by', { officer: s.officer ?? t('sync.review.unknownOfficer'), when: formatDateTime(s.at, language) })}
      </Text>
    </Paper>
  );

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t('sync.review.conflicts')}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          {t('sync.review.conflicts')}
        </Title>
        {data && <Badge color={data.length ? 'orange' : 'gray'}>{data.length}</Badge>}
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {failure && (
        <Alert color="red" role="alert" mb="sm">
          {failure}
        </Alert>
      )}
      {data && data.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('sync.review.noConflicts')}
        </Text>
      )}
      <Stack gap="sm">
        {data?.map((c) => (
          <Paper key={c.id} withBorder radius="sm" p="sm" data-testid="conflict">
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
      </Stack>
    </Paper>
  );
}

/** Likely duplicate registrations side by side; a person picks the one that stays. */
export function DuplicateReview({ version }: { version: string }) {
  const { t } = useTranslation();
  const { data, error, reload } = useApiData(() => window.ikm.site.duplicates(), `duplicates:${version}`);
  const [failure, setFailure] = useState<string | null>(null);

  async function merge(survivorId: string, loserId: string) {
    setFailure(null);
    try {
      await unwrap(window.ikm.site.merge({ survivorId, loserId }));
      reload();
      void refreshSyncStatus();
    } catch (e) {
      setFailure(errorMessage(e));
    }
  }

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
    <Paper withBorder radius="md" p="md" component="section" aria-label={t('sync.review.duplicates')}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          {t('sync.review.duplicates')}
        </Title>
        {data && <Badge color={data.length ? 'orange' : 'gray'}>{data.length}</Badge>}
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {failure && (
        <Alert color="red" role="alert" mb="sm">
          {failure}
        </Alert>
      )}
      {data && data.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('sync.review.noDuplicates')}
        </Text>
      )}
      <Stack gap="sm">
        {data?.map((pair) => (
          <Paper key={`${pair.a.id}:${pair.b.id}`} withBorder radius="sm" p="sm" data-testid="duplicate">
            <Text size="xs" c="dimmed" mb={4}>
              {pair.reason === 'same_name_village'
                ? t('sync.review.sameNameVillage')
                : t('sync.review.similarNearby', { meters: Math.round(pair.distanceM ?? 0) })}
            </Text>
            <SimpleGrid cols={2} spacing="xs" mb="xs">
              {card(pair.a)}
              {card(pair.b)}
            </SimpleGrid>
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="light" leftSection={<IconGitMerge size={14} />} onClick={() => void merge(pair.a.id, pair.b.id)}>
                {t('sync.review.keepLeft')}
              </Button>
              <Button size="xs" variant="light" leftSection={<IconArrowsJoin size={14} />} onClick={() => void merge(pair.b.id, pair.a.id)}>
                {t('sync.review.keepRight')}
              </Button>
            </Group>
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}
