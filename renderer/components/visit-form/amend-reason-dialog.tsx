import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FinalizeItem } from '../../../db/model';
import { SiteCoordsAlert } from './site-coords-alert';

/** Asks why a final visit is amended; the amendment is saved with the reason. */
export function AmendReasonDialog({
  opened,
  saving,
  failure,
  siteCoords = [],
  onSubmit,
  onClose,
}: {
  opened: boolean;
  saving: boolean;
  /** Why the last try was refused, shown in the dialog. */
  failure: string | null;
  /** What the amendment does to the site's coordinates (a corrected point moves the site, as finalizing did). */
  siteCoords?: FinalizeItem[];
  onSubmit: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{t('visitForm.amendTitle')}</Text>} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(reason);
        }}
      >
        <Stack>
          <Text size="sm">{t('visitForm.amendLead')}</Text>
          <SiteCoordsAlert items={siteCoords} testId="amend-site-coords" />
          <Textarea
            label={t('visitForm.amendReason')}
            withAsterisk
            autoFocus
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          {failure && (
            <Text size="sm" c="red.7" role="alert">
              {failure}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving} disabled={reason.trim().length < 3}>
              {t('visitForm.saveAmendment')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
