import { Alert, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconMapPin } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FinalizeItem } from '../../../db/model';
import { useSession } from '../../app/session';
import { formatDistance } from '../../lib/format';

/**
 * What saving will do to the site's coordinates (finalizing a visit, or amending its point), and
 * why to look first when the point is far, outside the province or among another kecamatan's sites.
 */
export function SiteCoordsAlert({ items, testId }: { items: FinalizeItem[]; testId: string }) {
  const { t } = useTranslation();
  const { language } = useSession();
  if (items.length === 0) return null;
  const text = (item: FinalizeItem) =>
    t(`visitSiteCoords.checklist.${item.code}`, {
      ...item.params,
      distance: item.params?.distanceM !== undefined ? formatDistance(Number(item.params.distanceM), language) : '',
      defaultValue: item.message,
    });
  const warn = items.some((i) => i.code !== 'SITE_COORDS_SET' && i.code !== 'SITE_COORDS_MOVE');
  return (
    <Alert
      color={warn ? 'orange' : 'blue'}
      icon={warn ? <IconAlertTriangle size={18} /> : <IconMapPin size={18} />}
      title={t('visitSiteCoords.title')}
      data-testid={testId}
    >
      <Stack gap={4}>
        {items.map((i) => (
          <Text size="sm" key={i.code}>
            {text(i)}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
