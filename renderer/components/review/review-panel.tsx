import { useState } from 'react';
import { Alert, Box, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconCircleCheck, IconArrowBackUp, IconClipboardCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ReviewDecision, Visit } from '../../../db/model';
import { useSession } from '../../app/session';
import { errorMessage, unwrap } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { ReviewBadge } from './review-badge';

/**
 * Tinjauan of a final visit (issue 18, item 7): its state, every decision with its comment, and
 * for a supervisor who did not make the visit, "Setujui" or "Perlu perbaikan" with a comment.
 */
export function ReviewPanel({ visit, onReviewed, disabled }: { visit: Visit; onReviewed: (visit: Visit) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const { setup, language } = useSession();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<ReviewDecision | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  if (visit.status !== 'final' || !visit.reviewState) return null;
  const mayReview = setup.role === 'supervisor' && visit.createdBy !== setup.officer.id;

  async function decide(decision: ReviewDecision) {
    setBusy(decision);
    setFailure(null);
    try {
      const reviewed = await unwrap(window.ikm.visit.review({ visitId: visit.id, decision, comment }));
      setComment('');
      onReviewed(reviewed);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Paper component="section" withBorder radius="md" p="md" aria-label={t('review.title')} data-testid="review-panel">
      <Group gap="xs" mb="sm" justify="space-between">
        <Group gap="xs">
          <IconClipboardCheck size={18} />
          <Title order={3} size="h5">
            {t('review.title')}
          </Title>
        </Group>
        <ReviewBadge state={visit.reviewState} />
      </Group>
      <Stack gap="sm">
        {visit.reviews.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('review.none')}
          </Text>
        ) : (
          [...visit.reviews].reverse().map((r) => (
            <Box key={r.id} data-testid="review-entry">
              <Text size="sm" fw={500}>
                {t(`review.decisionLine.${r.decision}`, { who: r.decidedBy ?? '—', when: formatDateTime(r.decidedAt, language), n: r.revision })}
              </Text>
              {r.comment && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {r.comment}
                </Text>
              )}
            </Box>
          ))
        )}
        {mayReview && !disabled && (
          <Stack gap="xs">
            <Textarea
              label={t('review.comment')}
              description={t('review.commentHint')}
              autosize
              minRows={2}
              maxLength={1000}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              // The panel sits in the final visit's record, whose inputs read as plain values: this one is typed in.
              styles={{
                input: { borderColor: 'var(--mantine-color-gray-4)', background: 'var(--mantine-color-body)', fontWeight: 400, cursor: 'text', paddingInlineStart: 12 },
                label: { color: 'var(--mantine-color-black)', fontWeight: 500 },
              }}
            />
            <Group gap="xs">
              <Button color="teal" leftSection={<IconCircleCheck size={18} />} loading={busy === 'approved'} disabled={busy !== null} onClick={() => void decide('approved')}>
                {t('review.approve')}
              </Button>
              <Button color="red" variant="light" leftSection={<IconArrowBackUp size={18} />} loading={busy === 'returned'} disabled={busy !== null} onClick={() => void decide('returned')}>
                {t('review.return')}
              </Button>
            </Group>
          </Stack>
        )}
        {failure && (
          <Alert color="red" role="alert" py="xs">
            {failure}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** At the top of a returned visit: what the supervisor asked to fix (the officer amends it). */
export function ReturnedNotice({ visit }: { visit: Visit }) {
  const { t } = useTranslation();
  if (visit.reviewState !== 'returned') return null;
  const last = visit.reviews.at(-1);
  return (
    <Alert color="red" icon={<IconArrowBackUp size={18} />} py="xs" title={t('review.returnedTitle')} data-testid="returned-notice">
      {t('review.returnedBody', { who: last?.decidedBy ?? '—', comment: last?.comment ?? '' })}
    </Alert>
  );
}
