import { Anchor, Button, Group, List, Modal, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCopy, IconMapPinOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SiteWarning } from '../../db/model';
import { useSession } from '../app/session';
import { formatNumber } from '../lib/format';

const DUPLICATE_TEXT = { same_name_village: 'warnings.duplicate', similar_name_nearby: 'warnings.duplicateNearby', similar_name_district: 'warnings.duplicateDistrict' } as const;

/** A warning from its code and parameters (the core's Indonesian sentence says where the point is, so Indonesian keeps it). */
function useWarningText(): (warning: SiteWarning) => string {
  const { t } = useTranslation();
  const { language } = useSession();
  return (warning) => {
    if (warning.code === 'DUPLICATE_NAME') {
      const { name, villageName } = warning.existing;
      return t(DUPLICATE_TEXT[warning.reason], { name, village: villageName, meters: formatNumber(warning.distanceM ?? 0, language) });
    }
    return language === 'id' ? warning.message : t('warnings.outsideProvince');
  };
}

/**
 * The core refused to save until the officer confirms: a likely duplicate or a coordinate outside
 * the province. Nothing is written unless "Tetap simpan" is chosen; Escape or "Batal" go back to the form.
 */
export function SiteWarningsDialog({
  warnings,
  saving,
  onConfirm,
  onCancel,
  onShowExisting,
}: {
  warnings: SiteWarning[] | null;
  saving: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  onShowExisting: (id: string) => void;
}) {
  const { t } = useTranslation();
  const warningText = useWarningText();
  return (
    <Modal
      opened={warnings !== null}
      onClose={onCancel}
      title={
        <Group gap="xs">
          <ThemeIcon color="yellow" variant="light" radius="xl">
            <IconAlertTriangle size={18} />
          </ThemeIcon>
          <Text fw={600}>{t('warnings.title')}</Text>
        </Group>
      }
      size="lg"
      centered
    >
      <Stack gap="md">
        <Text size="sm">{t('warnings.lead')}</Text>
        <List spacing="sm" center>
          {(warnings ?? []).map((warning) => (
            <List.Item
              key={warning.code}
              icon={
                <ThemeIcon color="yellow" variant="light" size="md" radius="xl">
                  {warning.code === 'DUPLICATE_NAME' ? <IconCopy size={15} /> : <IconMapPinOff size={15} />}
                </ThemeIcon>
              }
            >
              <Text size="sm">{warningText(warning)}</Text>
              {warning.code === 'DUPLICATE_NAME' && (
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => onShowExisting(warning.existing.id)}
                >
                  {t('warnings.showExisting')}
                </Anchor>
              )}
            </List.Item>
          ))}
        </List>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color="yellow.8" onClick={onConfirm} loading={saving}>
            {t('warnings.saveAnyway')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
