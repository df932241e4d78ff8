import { Badge, Box, Button, Group, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Visit } from '../../../db/model';
import { navigate } from '../../app/route';
import { useSession } from '../../app/session';
import type { SaveState } from '../../lib/use-draft-autosave';
import { PrintButtons } from '../print/print-buttons';

/** The visit's title, number and status; a draft's save state and Hapus draf, a final visit's print buttons. */
export function VisitHeader({ visit, amending, save, onDiscard }: { visit: Visit; amending: boolean; save: SaveState; onDiscard: () => void }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const isDraft = visit.status === 'draft';
  const savedAt =
    save.state === 'saved'
      ? new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'id-ID', { hour: '2-digit', minute: '2-digit' }).format(new Date(save.at))
      : null;
  return (
    // A long site name takes the whole line and wraps (never cut); what sits on the right goes under it.
    <Group justify="space-between" align="flex-start">
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 auto' }} align="flex-start">
        <Button
          variant="subtle"
          color="gray"
          px={8}
          style={{ flexShrink: 0 }}
          onClick={() => navigate({ page: 'site', id: visit.siteId })}
          aria-label={t('common.back')}
        >
          <IconArrowLeft size={20} />
        </Button>
        <Box style={{ minWidth: 0, flex: 1 }}>
          <Title order={2} style={{ overflowWrap: 'anywhere' }}>
            {t(`visitForm.kind.${visit.kind}`)} · {visit.siteName}
          </Title>
          <Group gap="xs">
            <Text size="sm" c="dimmed" data-testid="visit-number">
              {visit.number}
            </Text>
            <Badge variant="light" color={isDraft ? 'yellow' : 'teal'} data-testid="visit-status">
              {t(isDraft ? 'visitForm.statusDraft' : 'visitForm.statusFinal')}
            </Badge>
            {amending && (
              <Badge variant="light" color="orange">
                {t('visitForm.amending')}
              </Badge>
            )}
          </Group>
        </Box>
      </Group>
      {!isDraft && (
        <Box ml="auto">
          <PrintButtons target={{ kind: 'visit', ids: [visit.id] }} testId="visit-print" />
        </Box>
      )}
      {isDraft && (
        <Group gap="md" wrap="nowrap" mt={2} ml="auto">
          <Text size="sm" c={save.state === 'failed' ? 'red.7' : 'dimmed'} role="status" data-testid="save-state">
            {save.state === 'saving' && t('visitForm.saving')}
            {save.state === 'saved' && t('visitForm.savedAt', { time: savedAt })}
            {save.state === 'failed' && t('visitForm.saveFailed', { message: save.message })}
            {save.state === 'idle' && t('visitForm.autosaveHint')}
          </Text>
          {/* Up here, far from Finalisasi at the bottom, so it is never hit by mistake. */}
          <Button variant="subtle" color="red" size="compact-sm" leftSection={<IconTrash size={16} />} onClick={onDiscard}>
            {t('discardDraft.button')}
          </Button>
        </Group>
      )}
    </Group>
  );
}
