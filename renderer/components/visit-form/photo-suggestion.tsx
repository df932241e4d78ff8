import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { distanceMeters, type PhotoSuggestion } from '../../../db/model';
import { useSession } from '../../app/session';
import { useApiData } from '../../lib/api';
import { formatCoordinate, formatDistance } from '../../lib/format';

/**
 * What a photo's EXIF offers: its date and its place, shown with the coordinates themselves and,
 * when the site has coordinates, how far the photo was taken from them. "Gunakan" fills the
 * visit's fields only: the site takes the visit's point when the visit is finalized (the finalize
 * dialog warns when it is far), so a draft, and a draft discarded, leave the site as it is.
 */
export function PhotoSuggestionPanel({
  suggestion,
  siteId,
  onUse,
  onDismiss,
}: {
  suggestion: PhotoSuggestion;
  siteId: string;
  onUse: (suggestion: PhotoSuggestion) => void;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const { language } = useSession();
  const site = useApiData(() => window.ikm.site.get({ id: siteId }), `site:${siteId}`).data;

  const point =
    suggestion.latitude !== null && suggestion.longitude !== null ? { latitude: suggestion.latitude, longitude: suggestion.longitude } : null;
  const coords = point ? `${formatCoordinate(point.latitude, language)}; ${formatCoordinate(point.longitude, language)}` : null;
  const date = suggestion.visitDate
    ? new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${suggestion.visitDate}T00:00:00Z`),
      )
    : null;
  const question =
    date && coords ? t('visitForm.suggestBoth', { date, coords }) : date ? t('visitForm.suggestDate', { date }) : t('visitForm.suggestCoords', { coords });
  const siteHasPoint = site ? site.latitude !== null && site.longitude !== null : null;
  const distance =
    point && site && siteHasPoint ? formatDistance(distanceMeters(point, { latitude: site.latitude!, longitude: site.longitude! }), language) : null;

  return (
    <Alert color="blue" role="status" py="xs" data-testid="photo-suggestion">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={4}>
          <Text size="sm">{question}</Text>
          {distance && (
            <Text size="sm" c="dimmed" data-testid="photo-distance">
              {t('visitForm.suggestDistance', { distance })}
            </Text>
          )}
          {point && site && (
            <Text size="sm" c="dimmed" data-testid="photo-site-note">
              {t(siteHasPoint ? 'visitSiteCoords.photoMovesAtFinal' : 'visitSiteCoords.photoSetsAtFinal')}
            </Text>
          )}
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            onClick={() => {
              onUse(suggestion);
              onDismiss();
            }}
          >
            {t('visitForm.useSuggestion')}
          </Button>
          <Button size="xs" variant="default" onClick={onDismiss}>
            {t('visitForm.ignoreSuggestion')}
          </Button>
        </Group>
      </Group>
    </Alert>
  );
}
