import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors, FieldIssues } from './form-errors';

/** The site and setup forms' fields → the i18n key of their label. */
export const FORM_FIELD_LABELS: Record<string, string> = {
  name: 'site.name',
  ownerName: 'site.ownerName',
  phone: 'site.phone',
  email: 'site.email',
  address: 'site.address',
  villageCode: 'site.village',
  latitude: 'site.latitude',
  longitude: 'site.longitude',
  kbliCode: 'site.kbli',
  sectorGroup: 'site.sectorGroup',
  products: 'site.products',
  legalForm: 'site.legalForm',
  nib: 'site.nib',
  certificates: 'site.certificates',
  workers: 'site.workers',
  sizeClass: 'site.sizeClass',
  operatingStatus: 'site.operatingStatus',
  yearEstablished: 'site.yearEstablished',
  notes: 'site.notes',
  officerName: 'setup.officerName',
  nip: 'setup.nip',
  officerCode: 'setup.officerCode',
  provinceCode: 'setup.province',
  regencyCode: 'setup.regency',
};

/**
 * Field messages in the UI language, from each issue's code, parameters and the field's label:
 * the Indonesian sentence is shown as the core wrote it, and never read back. An issue without
 * a code shows its sentence. `labels` names the form's fields (field → i18n key).
 */
export function useFieldMessages(labels: Record<string, string> = FORM_FIELD_LABELS): (issues: FieldIssues) => FieldErrors {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  return useCallback(
    (issues: FieldIssues) => {
      const out: FieldErrors = {};
      for (const [field, issue] of Object.entries(issues)) {
        if (!issue) continue;
        if (!english || !issue.code) {
          out[field] = issue.message;
          continue;
        }
        const label = labels[field] ? t(labels[field]) : field;
        out[field] = t(`issue.${issue.code}`, { label, ...issue.params, defaultValue: issue.message });
      }
      return out;
    },
    [english, labels, t],
  );
}
