import { useState } from 'react';
import { ActionIcon, Alert, Anchor, Badge, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconCheck, IconPencil, IconTrash } from '@tabler/icons-react';
import type { Visit } from '../../../db/model';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { useApiData } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { DiscardDraftDialog } from '../visit-form/discard-draft-dialog';
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
  const [asking, setAsking] = useState<Visit | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const dialog = (
    <DiscardDraftDialog
      draft={asking}
      onCancel={() => setAsking(null)}
      onDiscarded={() => {
        setDone(t('discardDraft.done', { number: asking!.number, site: asking!.siteName }));
        setAsking(null);
        drafts.reload();
      }}
    />
  );
  // Stays after the last draft is gone, so the officer sees the discard happened.
  const doneAlert = done && (
    <Alert color="teal" icon={<IconCheck size={18} />} withCloseButton onClose={() => setDone(null)} role="status" py="xs" data-testid="flash">
      {done}
    </Alert>
  );

  if (drafts.error) return <Alert color="red">{drafts.error}</Alert>;
  if (!drafts.data || drafts.data.length === 0) return doneAlert || null;
  return (
    <>
      {doneAlert}
      {dialog}
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
            <Group key={draft.id} role="listitem" gap={4} wrap="nowrap">
              <UnstyledButton
                component="a"
                href={visitHref(draft.id)}
                className="ikm-timeline-visit"
                flex={1}
                miw={0}
                p={6}
                aria-label={t('openDrafts.open', { site: draft.siteName, number: draft.number })}
              >
                <Group gap="sm" wrap="nowrap">
                  <IconPencil size={16} color="var(--mantine-color-yellow-7)" aria-hidden />
                  <Text size="sm" fw={600} flex={1} className="ikm-truncate" title={draft.siteName}>
                    {draft.siteName}
                  </Text>
                  <Group w={120} justify="flex-end">
                    <VisitKindBadge kind={draft.kind} />
                  </Group>
                  <Text size="xs" c="dimmed" ff="monospace" w="9rem" flex="none" className="ikm-truncate" data-testid="draft-visit-number">
                    {draft.number}
                  </Text>
                  <Text size="xs" c="dimmed" w={290} ta="right" className="ikm-truncate">
                    {t('openDrafts.savedAt', { when: formatDateTime(draft.updatedAt, language) })}
                  </Text>
                </Group>
              </UnstyledButton>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('discardDraft.rowLabel', { site: draft.siteName, number: draft.number })}
                title={t('discardDraft.button')}
                onClick={() => setAsking(draft)}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
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
    </>
  );
}
