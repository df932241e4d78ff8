import { useTranslation } from 'react-i18next';
import type { SiteExportFilter, VisitExportFilter } from '../../../db/model';
import { useReference } from '../../app/reference';
import { formatDateText } from '../../lib/date-text';

/** The filters an export will use, in words ("Kabupaten/kota: Kota Samarinda"). */
export function useFilterLines() {
  const { t } = useTranslation();
  const { regencies, wilayah, catalog, label } = useReference();
  const regency = (code: string | null | undefined) => regencies.find((r) => r.code === code)?.name ?? code;
  const wilayahName = (id: string | null | undefined) => wilayah.find((w) => w.id === id)?.name ?? id;
  const lines = (pairs: [string, unknown][]) =>
    pairs.filter(([, v]) => v !== null && v !== undefined && v !== '' && v !== false).map(([k, v]) => `${k}: ${String(v)}`);

  return {
    visits: (f: VisitExportFilter) =>
      lines([
        [t('visitLog.filters.dateFrom'), f.dateFrom && formatDateText(f.dateFrom)],
        [t('visitLog.filters.dateTo'), f.dateTo && formatDateText(f.dateTo)],
        [t('visitLog.filters.officer'), f.officer],
        [t('visitLog.filters.kind'), f.kind && t(`visitLog.kinds.${f.kind}`)],
        [t('visitLog.filters.status'), f.status && t(`visitLog.statuses.${f.status}`)],
        [t('review.filter'), f.reviewState && t(`review.states.${f.reviewState}`)],
        [t('filters.regency'), f.regencyCode && regency(f.regencyCode)],
        [t('filters.wilayah'), f.wilayahId && wilayahName(f.wilayahId)],
      ]),
    sites: (f: SiteExportFilter) =>
      lines([
        [t('export.text'), f.text],
        [t('filters.regency'), f.regencyCode && regency(f.regencyCode)],
        [t('filters.wilayah'), f.wilayahId && wilayahName(f.wilayahId)],
        [t('filters.kbli'), f.kbliDivision && `${f.kbliDivision} ${label(catalog.kbli, f.kbliDivision)}`],
        [t('filters.sector'), f.sectorGroup && label(catalog.sectorGroups, f.sectorGroup)],
        [t('filters.status'), f.operatingStatus && label(catalog.operatingStatuses, f.operatingStatus)],
        [t('filters.size'), f.sizeClass && label(catalog.sizeClasses, f.sizeClass)],
        [t('export.archived'), f.archived && t('export.archivedYes')],
      ]),
  };
}
