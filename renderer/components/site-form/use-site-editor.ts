import { useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { SiteInput, type Result, type Site, type SiteSaveResult, type SiteWarning } from '../../../db/model';
import { ApiFailure, errorMessage } from '../../lib/api';
import { useFieldMessages } from '../../lib/field-messages';
import { focusFirstError, schemaErrors, serverErrors, type FieldErrors, type FieldIssues } from '../../lib/form-errors';
import { siteInputFromForm, type SiteFormValues } from './site-form-values';

/** What the officer confirmed when the core warned (a likely duplicate, a point outside the province). */
export interface SiteConfirmations {
  duplicate: boolean;
  outsideProvince: boolean;
}

export interface SiteEditor {
  values: SiteFormValues;
  errors: FieldErrors;
  set: <K extends keyof SiteFormValues>(key: K, value: SiteFormValues[K]) => void;
  /** What went wrong, for the action bar (a field's own message sits next to it). */
  failure: string | null;
  saving: boolean;
  /** The core's warnings waiting for the officer's answer; null when none. */
  warnings: SiteWarning[] | null;
  /** Checks with the core's schema, then saves (Simpan, Ctrl+S, the form's submit). */
  submit(event?: FormEvent): void;
  /** "Tetap simpan": saves again, confirming exactly the warnings shown. */
  confirmWarnings(): void;
  dismissWarnings(): void;
}

/**
 * The site editor's behaviour, one home for every screen that registers or edits a site: the
 * schema's messages after the first attempt, the core's field messages until their field is
 * edited, the duplicate / outside-province warnings and their confirmation, then `onSaved`.
 * `persist` is the call that writes (site.create or site.update).
 */
export function useSiteEditor({
  formRef,
  initial,
  persist,
  onSaved,
}: {
  /** The form: its first field with a message takes the focus. */
  formRef: RefObject<HTMLFormElement | null>;
  initial: SiteFormValues;
  persist: (site: SiteInput, confirm: SiteConfirmations) => Promise<Result<SiteSaveResult>>;
  onSaved: (site: Site) => void | Promise<void>;
}): SiteEditor {
  const { t } = useTranslation();
  const [values, setValues] = useState(initial);
  // Messages from the core stay until their field is edited; the schema's own follow the typing.
  const [serverIssues, setServerIssues] = useState<FieldIssues>({});
  const [submitted, setSubmitted] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [warnings, setWarnings] = useState<SiteWarning[] | null>(null);

  // After the first attempt, messages are recomputed on every change so a fixed field clears at once.
  const inLanguage = useFieldMessages();
  const errors = inLanguage({ ...serverIssues, ...(submitted ? schemaIssues(values) : null) });

  const set = <K extends keyof SiteFormValues>(key: K, value: SiteFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setServerIssues((current) => (current[key] ? { ...current, [key]: undefined } : current));
    setFailure(null);
  };

  const focusError = () => requestAnimationFrame(() => focusFirstError(formRef.current));

  async function save(confirm: SiteConfirmations) {
    setSaving(true);
    setFailure(null);
    try {
      const result = await persist(siteInputFromForm(values), confirm);
      if (!result.ok) {
        const refused = new ApiFailure(result.error);
        if (refused.issues.length) {
          // The messages sit next to their fields; the bar only points at them.
          setServerIssues(serverErrors(refused.issues, 'site.'));
          setFailure(t('siteForm.fixErrors'));
          focusError();
        } else {
          setFailure(errorMessage(refused));
        }
        setWarnings(null);
        return;
      }
      if (!result.value.saved) {
        setWarnings(result.value.warnings);
        return;
      }
      setWarnings(null);
      await onSaved(result.value.site);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    setSubmitted(true);
    if (schemaIssues(values)) {
      setFailure(t('siteForm.fixErrors'));
      focusError();
      return;
    }
    void save({ duplicate: false, outsideProvince: false });
  }

  function confirmWarnings() {
    const codes = new Set((warnings ?? []).map((w) => w.code));
    void save({ duplicate: codes.has('DUPLICATE_NAME'), outsideProvince: codes.has('OUTSIDE_PROVINCE') });
  }

  return { values, errors, set, failure, saving, warnings, submit, confirmWarnings, dismissWarnings: () => setWarnings(null) };
}

/** The form checked with the core's own schema; null when the input is valid. */
function schemaIssues(values: SiteFormValues): FieldIssues | null {
  const parsed = SiteInput.safeParse(siteInputFromForm(values));
  return parsed.success ? null : schemaErrors(parsed.error.issues);
}
