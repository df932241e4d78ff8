import { useCallback, useRef, useState } from 'react';
import { visitProgress, type Attachment, type VisitProgress } from '../../../db/model';
import { useVisitFieldMessages } from '../../lib/visit-field-messages';
import { dataFromForm, formFromData, pathIssuesOf, setPath, type PathErrors, type PathIssues, type VisitFormValues } from '../../lib/visit-form-values';

export interface VisitFormStateHook {
  values: VisitFormValues;
  /** The values as of the last edit, for saves that run after a render (autosave, amend). */
  current(): VisitFormValues;
  set(path: string, value: unknown): void;
  /** The form shows `data` (a stored visit) with no messages left. */
  reset(data: Record<string, unknown>): void;
  /** Shows issues from the core next to their fields, and the schema's own from now on. */
  showIssues(issues: PathIssues): void;
  errors: PathErrors;
  /** What the visit lacks per section (the core's rule, over the values and attachments). */
  progress: VisitProgress;
}

/**
 * The visit form's values and messages: the core's messages stay until their field is edited;
 * the complete-visit schema's follow the typing once the officer tried to finalize.
 */
export function useVisitFormState(initialData: Record<string, unknown>, attachments: readonly Attachment[]): VisitFormStateHook {
  const [values, setValues] = useState<VisitFormValues>(() => formFromData(initialData));
  const valuesRef = useRef(values);
  const [serverIssues, setServerIssues] = useState<PathIssues>({});
  const [submitted, setSubmitted] = useState(false);

  const replace = useCallback((next: VisitFormValues) => {
    valuesRef.current = next;
    setValues(next);
  }, []);

  const set = useCallback(
    (path: string, value: unknown) => {
      replace(setPath(valuesRef.current, path, value));
      setServerIssues((current) => (current[path] ? { ...current, [path]: undefined } : current));
    },
    [replace],
  );

  const reset = useCallback(
    (data: Record<string, unknown>) => {
      replace(formFromData(data));
      setServerIssues({});
      setSubmitted(false);
    },
    [replace],
  );

  const showIssues = useCallback((issues: PathIssues) => {
    setServerIssues(issues);
    setSubmitted(true);
  }, []);

  const progress = visitProgress(dataFromForm(values), attachments);
  const inLanguage = useVisitFieldMessages();
  const errors = inLanguage({ ...serverIssues, ...(submitted ? pathIssuesOf(progress.issues) : {}) });

  const current = useCallback(() => valuesRef.current, []);
  return { values, current, set, reset, showIssues, errors, progress };
}
