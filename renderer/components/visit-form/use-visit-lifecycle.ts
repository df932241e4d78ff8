import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FinalizeItem, Result, Visit } from '../../../db/model';
import { ApiFailure, errorMessage, unwrap } from '../../lib/api';
import { dataFromForm, pathErrorsFromServer, type PathIssues } from '../../lib/visit-form-values';
import type { VisitFormStateHook } from './use-visit-form-state';
import type { CapturedSignature } from './signature-section';

export interface VisitLifecycle {
  /** What went wrong last, for the action bar (and the reason dialog while it is open). */
  failure: string | null;
  clearFailure(): void;
  setFailure(message: string): void;
  /** A call to the core is running (checklist, finalize, amend). */
  busy: boolean;
  /** The finalize checklist the officer is asked to confirm; null when not asking. */
  checklist: FinalizeItem[] | null;
  askFinalize(): Promise<void>;
  confirmFinalize(): Promise<void>;
  cancelFinalize(): void;
  amending: boolean;
  startAmend(): void;
  cancelAmend(): void;
  askingReason: boolean;
  /** What the amendment asked about would do to the site's coordinates (shown in the reason dialog). */
  amendSiteCoords: FinalizeItem[];
  askReason(): Promise<void>;
  closeReason(): void;
  amend(reason: string): Promise<void>;
}

/**
 * A visit's way from draft to final and on through amendments: finalize asks first with the
 * core's checklist; an amendment asks its reason; a refusal with field issues shows them next to
 * their fields (`onIssues` moves to the first), any other refusal in the action bar.
 */
export function useVisitLifecycle({
  visit,
  form,
  flush,
  onSaved,
  onIssues,
  saveUnsavedSignatures,
  captured,
  onAmendEnded,
}: {
  visit: Visit;
  form: VisitFormStateHook;
  /** Waits for the draft's pending autosave. */
  flush: () => Promise<void>;
  /** The visit as the core saved it (finalized or amended). */
  onSaved: (saved: Visit) => void;
  onIssues: (issues: PathIssues) => void;
  /** Saves what the signature pads hold and was not saved yet (a drawing left on the pad). */
  saveUnsavedSignatures: () => Promise<void>;
  /** The signatures captured for the amendment being made. */
  captured: () => CapturedSignature[];
  /** The amendment was saved or cancelled: its captured signatures go. */
  onAmendEnded: () => void;
}): VisitLifecycle {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<string | null>(null);
  const clearFailure = useCallback(() => setFailure(null), []);
  const [busy, setBusy] = useState(false);
  const [checklist, setChecklist] = useState<FinalizeItem[] | null>(null);
  const [amending, setAmending] = useState(false);
  const [askingReason, setAskingReason] = useState(false);
  const [amendSiteCoords, setAmendSiteCoords] = useState<FinalizeItem[]>([]);

  /** Runs a call to the core with the busy flag; a thrown error lands in the action bar. */
  async function running(work: () => Promise<void>) {
    setBusy(true);
    setFailure(null);
    try {
      await work();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  /** True when the call succeeded; otherwise its issues (those `relevant` keeps) or its message are shown. */
  function accepted(result: Result<Visit>, relevant: (path: string) => boolean = () => true): result is { ok: true; value: Visit } {
    if (result.ok) return true;
    const refused = new ApiFailure(result.error);
    const issues = refused.issues.filter((i) => relevant(i.path));
    if (issues.length) {
      form.showIssues(pathErrorsFromServer(issues));
      setFailure(t('visitForm.fixErrors'));
      onIssues(pathErrorsFromServer(issues));
    } else {
      setFailure(errorMessage(refused));
    }
    return false;
  }

  return {
    failure,
    clearFailure,
    setFailure,
    busy,
    checklist,
    askFinalize: () =>
      running(async () => {
        // A signature drawn on the pad but not saved is saved now, not reported missing.
        await saveUnsavedSignatures();
        await flush();
        const items = await unwrap(window.ikm.visit.checklist({ id: visit.id }));
        // Fields a final visit cannot hold are shown on the draft too, beside their fields.
        const invalid = items.flatMap((i) => (i.issue ? [i.issue] : []));
        if (invalid.length) form.showIssues(pathErrorsFromServer(invalid));
        setChecklist(items);
      }),
    confirmFinalize: () => {
      setChecklist(null);
      return running(async () => {
        await flush();
        const result = await window.ikm.visit.finalize({ id: visit.id });
        if (accepted(result)) onSaved(result.value);
      });
    },
    cancelFinalize: () => setChecklist(null),
    amending,
    startAmend: () => setAmending(true),
    cancelAmend: () => {
      form.reset(visit.data);
      setAmending(false);
      setFailure(null);
      onAmendEnded();
    },
    askingReason,
    amendSiteCoords,
    // Nothing changed is said at once, before a reason is asked for.
    askReason: () =>
      running(async () => {
        await saveUnsavedSignatures();
        const result = await window.ikm.visit.amendChanges({ id: visit.id, data: dataFromForm(form.current()) });
        if (!result.ok) {
          accepted({ ok: false, error: result.error }, (path) => path.startsWith('data.'));
          return;
        }
        if (result.value.length === 0 && captured().length === 0) {
          setFailure(t('signing.nothingChanged'));
          return;
        }
        // A corrected point moves the site: said in the dialog, with the finalize checklist's warnings.
        const coords = await window.ikm.visit.amendSiteCoords({ id: visit.id, data: dataFromForm(form.current()) });
        setAmendSiteCoords(coords.ok ? coords.value : []);
        setAskingReason(true);
      }),
    closeReason: () => setAskingReason(false),
    amend: (reason) =>
      running(async () => {
        const signatures = captured().map(({ role, signatureMethod, bytes }) => ({ role, signatureMethod, bytes }));
        const result = await window.ikm.visit.amend({ id: visit.id, data: dataFromForm(form.current()), reason, signatures });
        setAskingReason(false);
        // Only the data's issues go next to the form's fields; any other refusal is said in the bar.
        if (!accepted(result, (path) => path.startsWith('data.'))) return;
        setAmending(false);
        onAmendEnded();
        onSaved(result.value);
      }),
  };
}
