import { Alert, Anchor, Badge, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { useApiData } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { visitHref, VisitKindBadge } from './visit-badges';
import { EMPTY_VISIT_FILTERS } from './visit-filters';
import { rememberLog } from './visit-log-state';

/** Beranda stays short: the rest are one click away in the log. */
const SHOWN = 5;

/**
 * Beranda's "Draf terbuka": the officer's unfinished visits, last saved first, so reopening the
 * app leads straight back to the work in progress. Nothing is shown when there are none.
 */
export function OpenDraftsCard() {
  const { t } = useTranslation();
  const { language } = useSession();
  const drafts = useApiData(() => window.ikm.visit.drafts(), 'visit-drafts');

  if (drafts.error) return <Alert color="red">{drafts.error}</Alert>;
  if (!drafts.data || drafts.data.length === 0) return null;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="open-drafts-title" data-testid="open-drafts">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={3} size="h5" id="open-drafts-title">
            {t('openDrafts.title')}
          </Title>
          <Badge color="yellow" variant="light" radius="sm">
            {formatNumber(drafts.data.length, language)}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {t('openDrafts.hint')}
        </Text>
      </Group>
      <Stack gap={2} role="list">
        {drafts.data.slice(0, SHOWN).map((draft) => (
          <UnstyledButton
            key={draft.id}
            component="a"
            href={visitHref(draft.id)}
            className="ikm-timeline-visit"
            role="listitem"
            p={6}
            aria-label={t('openDrafts.open', { site: draft.siteName, number: draft.number })}
          >
            <Group gap="sm" wrap="nowrap">
              <IconPencil size={16} color="var(--mantine-color-yellow-7)" aria-hidden />
              <Text size="sm" fw={600} flex={1} className="ikm-truncate">
                {draft.siteName}
              </Text>
              <Group w={120} justify="flex-end">
                <VisitKindBadge kind={draft.kind} />
              </Group>
              <Text size="xs" c="dimmed" ff="monospace" w={104} className="ikm-truncate">
                {draft.number}
              </Text>
              <Text size="xs" c="dimmed" w={290} ta="right" className="ikm-truncate">
                {t('openDrafts.savedAt', { when: formatDateTime(draft.updatedAt, language) })}
              </Text>
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
      {drafts.data.length > SHOWN && (
        <Anchor
          href="#/kunjungan"
          size="sm"
          mt="xs"
          display="inline-block"
          onClick={() => rememberLog({ filters: { ...EMPTY_VISIT_FILTERS, status: 'draft' }, activeIndex: 0 })}
        >
          {t('openDrafts.all', { count: drafts.data.length, formatted: formatNumber(drafts.data.length, language) })}
        </Anchor>
      )}
    </Paper>
  );
}
