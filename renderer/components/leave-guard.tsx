import { useEffect, useEffectEvent, useState, type ReactNode } from 'react';
import { Button, Group, Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { addLeaveGuard } from '../app/route';

/**
 * Asks before the officer leaves a form with unsaved changes (a link, Back, Batal). `dirty` is
 * called at the moment of leaving, so a save that just finished lets the form go without a question.
 */
export function useLeaveGuard(dirty: () => boolean): { dialog: ReactNode; confirm: (leave: () => void) => void } {
  const { t } = useTranslation();
  const [pending, setPending] = useState<(() => void) | null>(null);
  const isDirty = useEffectEvent(dirty);
  useEffect(() => {
    return addLeaveGuard({ isDirty: () => isDirty(), ask: (leave: () => void) => setPending(() => leave) });
  }, []);

  const dialog = (
    <Modal opened={pending !== null} onClose={() => setPending(null)} title={<Text fw={600}>{t('leave.title')}</Text>} centered>
      <Text size="sm" mb="md">
        {t('leave.body')}
      </Text>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={() => setPending(null)} data-autofocus>
          {t('leave.stay')}
        </Button>
        <Button
          color="red"
          onClick={() => {
            const leave = pending;
            setPending(null);
            leave?.();
          }}
        >
          {t('leave.discard')}
        </Button>
      </Group>
    </Modal>
  );
  /** For a button that drops the form without leaving the screen (Batal): asks first when there is typed work. */
  const confirm = (leave: () => void) => (dirty() ? setPending(() => leave) : leave());
  return { dialog, confirm };
}
