import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReference } from '../app/reference';

// Colour says how far the unit is from producing: green runs, yellow/orange paused, red gone.
const STATUS_COLORS: Record<string, string> = {
  calon: 'grape',
  aktif: 'teal',
  berhenti_sementara: 'yellow',
  tidak_beroperasi: 'orange',
  tutup: 'red',
};

/** The operating status as a coloured badge; archived sites (or sites merged into another) say so instead. */
export function StatusBadge({ status, archived = false }: { status: string; archived?: boolean | 'merged' }) {
  const { t } = useTranslation();
  const { catalog, label } = useReference();
  if (archived) {
    return (
      <Badge color="gray" variant="filled" radius="sm" tt="none">
        {archived === 'merged' ? t('merge.mergedBadge') : t('site.archivedBadge')}
      </Badge>
    );
  }
  return (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="light" radius="sm" maw="100%" tt="none" size="md">
      {label(catalog.operatingStatuses, status)}
    </Badge>
  );
}
