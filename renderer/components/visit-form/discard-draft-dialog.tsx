import { useState } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Visit } from '../../../db/model';
import { errorMessage, unwrap } from '../../lib/api';

/**
 * Asks before a draft is discarded. Focus starts on Batal and Esc cancels, so a stray Enter
 * never deletes; the core keeps the row as a tombstone, but the officer cannot bring it back.
 */
export function DiscardDraftDialog({
  draft,
  onCancel,
  onDiscarded,
  beforeDiscard,
}: {
  /** The draft to discard; null keeps the dialog closed. */
  draft: Pick<Visit, 'id' | 'number' | 'siteName'> | null;
  onCancel: () => void;
  onDiscarded: () => void;
  /** Lets the form settle a pending autosave first. */
  beforeDiscard?: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function discard() {
    if (!draft) return;
    setBusy(true);
    setFailure(null);
    try {
      await beforeDiscard?.();
      await unwrap(window.ikm.visit.discardDraft({ id: draft.id }));
      onDiscarded();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  const close = () => {
    setFailure(null);
    onCancel();
  };

  return (
    <Modal opened={draft !== null} onClose={close} title={<Text fw={600}>{t('discardDraft.title')}</Text>} centered>
      <Stack gap="md">
        <Text size="sm">{t('discardDraft.question')}</Text>
        {draft && (
          <Text size="sm" c="dimmed">
            {draft.number} · {draft.siteName}
          </Text>
        )}
        {failure && (
          <Text size="sm" c="red.7" role="alert">
            {failure}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color="red" onClick={() => void discard()} loading={busy}>
            {t('discardDraft.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
