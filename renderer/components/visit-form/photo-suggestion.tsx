import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { distanceMeters, type PhotoSuggestion } from '../../../db/model';
import { useSession } from '../../app/session';
import { errorMessage, unwrap, useApiData } from '../../lib/api';
import { formatCoordinate, formatDistance } from '../../lib/format';
import { formFromSite, siteInputFromForm } from '../site-form/site-form-values';

/**
 * What a photo's EXIF offers: its date and its place, shown with the coordinates themselves and,
 * when the site has coordinates, how far the photo was taken from them. A site without
 * coordinates may take the photo's (the officer is asked).
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
  const [fillSite, setFillSite] = useState(true);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

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
  const offerSite = !!point && site !== undefined && siteHasPoint === false;

  async function use() {
    onUse(suggestion);
    if (!(offerSite && fillSite && site && point)) {
      onDismiss();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const input = { ...siteInputFromForm(formFromSite(site)), latitude: point.latitude, longitude: point.longitude };
      // The site exists already: only a point outside the province is worth a second look.
      const saved = await unwrap(window.ikm.site.update({ id: site.id, site: input, confirm: { duplicate: true, outsideProvince: false } }));
      if (!saved.saved) {
        setFailure(t('visitForm.siteCoordsOutside'));
        return;
      }
      onDismiss();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

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
          {offerSite && (
            <Checkbox size="xs" label={t('visitForm.suggestFillSite')} checked={fillSite} onChange={(e) => setFillSite(e.currentTarget.checked)} />
          )}
          {failure && (
            <Text size="sm" c="red.7" role="alert">
              {failure}
            </Text>
          )}
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" onClick={() => void use()} loading={busy}>
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
