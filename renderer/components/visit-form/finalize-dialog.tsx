import { Alert, Button, Group, List, Modal, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconSignature } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { visitFieldLabel, type FinalizeItem } from '../../../db/model';
import { useSession } from '../../app/session';
import { SiteCoordsAlert } from './site-coords-alert';
import { useVisitFieldMessages } from '../../lib/visit-field-messages';

/**
 * "Finalisasi kunjungan?": what the visit lacks, from the core's checklist. Missing signatures
 * (when the office requires them) block; photos and recommended fields only warn.
 */
export function FinalizeDialog({
  items,
  finalizing,
  onConfirm,
  onCancel,
}: {
  items: FinalizeItem[] | null;
  finalizing: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { language } = useSession();
  const fieldMessages = useVisitFieldMessages();
  const invalid = (items ?? []).filter((i) => i.code === 'INVALID_FIELD');
  const blocking = (items ?? []).filter((i) => i.blocking && i.code !== 'INVALID_FIELD');
  // What finalizing does to the site's coordinates is said apart from what the visit lacks.
  const siteCoords = (items ?? []).filter((i) => i.code.startsWith('SITE_COORDS'));
  const warnings = (items ?? []).filter((i) => !i.blocking && !siteCoords.includes(i));
  const text = (item: FinalizeItem) => t(`visitForm.checklist.${item.code}`, { defaultValue: item.message });
  // "Tenaga kerja laki-laki: harus berupa angka": the field, and its message as the form shows it.
  const invalidText = (item: FinalizeItem) => `${visitFieldLabel(item.path, language)}: ${item.issue ? fieldMessages({ [item.path]: item.issue })[item.path] : item.message}`;
  return (
    <Modal opened={items !== null} onClose={onCancel} title={<Text fw={600}>{t('visitForm.finalizeTitle')}</Text>} size="lg" centered>
      <Stack gap="md">
        <Text size="sm">{t('visitForm.finalizeLead')}</Text>
        {invalid.length > 0 && (
          <Alert color="red" title={t('signing.invalidFields')} data-testid="finalize-invalid">
            <List spacing={4} center>
              {invalid.map((i) => (
                <List.Item key={i.path}>{invalidText(i)}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {blocking.length > 0 && (
          <Alert color="red" title={t('visitForm.finalizeBlocked')} data-testid="finalize-blocking">
            <List spacing={4} icon={<IconSignature size={16} />} center>
              {blocking.map((i) => (
                <List.Item key={i.code}>{text(i)}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {warnings.length > 0 && (
          <Stack gap={6} data-testid="finalize-warnings">
            <Text size="sm" fw={500}>
              {t('visitForm.finalizeMissing')}
            </Text>
            <List
              spacing={4}
              center
              icon={
                <ThemeIcon color="yellow" variant="light" size="sm" radius="xl">
                  <IconAlertTriangle size={13} />
                </ThemeIcon>
              }
            >
              {warnings.map((i) => (
                <List.Item key={i.code}>
                  <Text size="sm">{text(i)}</Text>
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
        <SiteCoordsAlert items={siteCoords} testId="finalize-site-coords" />
        {items !== null && invalid.length === 0 && blocking.length === 0 && warnings.length === 0 && (
          <Group gap="xs">
            <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" />
            <Text size="sm">{t('visitForm.finalizeAllThere')}</Text>
          </Group>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-autofocus>
            {t('visitForm.finalizeBack')}
          </Button>
          {invalid.length > 0 && (
            // The core refuses the finalize and the form marks each field with its message, jumping to the first.
            <Button variant="light" color="red" onClick={onConfirm} loading={finalizing}>
              {t('signing.showInvalid')}
            </Button>
          )}
          <Button onClick={onConfirm} disabled={blocking.length > 0 || invalid.length > 0} loading={finalizing}>
            {t('visitForm.finalizeConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
