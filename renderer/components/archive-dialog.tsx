import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Asks before a site leaves the register. Archiving never deletes: the site stays under "Arsip". */
export function ArchiveDialog({
  siteName,
  opened,
  busy,
  onConfirm,
  onCancel,
}: {
  siteName: string;
  opened: boolean;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onCancel} title={<Text fw={600}>{t('archive.title')}</Text>} centered>
      <Stack gap="md">
        <Text size="sm">{t('archive.question', { name: siteName })}</Text>
        <Text size="sm" c="dimmed">
          {t('archive.explain')}
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color="red" onClick={onConfirm} loading={busy}>
            {t('archive.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
