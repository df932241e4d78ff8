import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { visitFieldLabel, type Language } from '../../db/model';
import type { PathErrors, PathIssues } from './visit-form-values';

/**
 * Visit field messages in the UI language, from each issue's code, parameters and the field's
 * label (db/model): the Indonesian sentence is shown as the core wrote it, and never read back.
 * An issue without a code (an older core) shows its sentence.
 */
export function useVisitFieldMessages(): (issues: PathIssues) => PathErrors {
  const { t, i18n } = useTranslation();
  const language: Language = i18n.language === 'en' ? 'en' : 'id';
  return useCallback(
    (issues: PathIssues) => {
      const out: PathErrors = {};
      for (const [path, issue] of Object.entries(issues)) {
        if (!issue) continue;
        out[path] =
          language === 'id' || !issue.code
            ? issue.message
            : t(`issue.${issue.code}`, { label: visitFieldLabel(path, language), ...issue.params, defaultValue: issue.message });
      }
      return out;
    },
    [language, t],
  );
}
