import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Alert, Box, Button, Center, Kbd, Loader, Stack } from '@mantine/core';
import { IconChecks, IconLock, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { sectionOfPath, VISIT_SECTIONS, type Attachment, type PhotoSuggestion, type Visit, type VisitSectionId } from '../../db/model';
import { navigate, previousRoute, type Route } from '../app/route';
import { useSession } from '../app/session';
import { AttachmentsSection } from '../components/visit-form/attachments-section';
import { DiscardDraftDialog } from '../components/visit-form/discard-draft-dialog';
import { VisitFormProvider, type VisitFormState } from '../components/visit-form/fields';
import { FindingsSection, GeneralSection, KindSection } from '../components/visit-form/sections';
import { SignatureSection, type CapturedSignature, type RegisterUnsaved } from '../components/visit-form/signature-section';
import { FinalizeDialog } from '../components/visit-form/finalize-dialog';
import { RevisionsPanel } from '../components/visit-form/revisions-panel';
import { ReturnedNotice, ReviewPanel } from '../components/review/review-panel';
import { AmendReasonDialog } from '../components/visit-form/amend-reason-dialog';
import { SectionNav } from '../components/visit-form/section-nav';
import { VisitHeader } from '../components/visit-form/visit-header';
import { useVisitFormState } from '../components/visit-form/use-visit-form-state';
import { useVisitLifecycle } from '../components/visit-form/use-visit-lifecycle';
import { FormActionBar } from '../components/site-form/form-section';
import { errorMessage, unwrap, useApiData } from '../lib/api';
import { setFlash } from '../lib/flash';
import { formatDateTime } from '../lib/format';
import { useDraftAutosave } from '../lib/use-draft-autosave';
import { useConflictMarks } from '../lib/use-conflict-marks';
import { ConflictNotice } from '../components/conflict-mark';
import { ClockWarning } from '../components/clock-warning';
import { useLeaveGuard } from '../components/leave-guard';
import { dataFromForm } from '../lib/visit-form-values';
/** One visit: a draft to fill in, or a final record (read-only until amended). */
export function VisitFormPage({ visitId }: { visitId: string }) {
  const { t } = useTranslation();
  const loaded = useApiData(() => window.ikm.visit.get({ id: visitId }), `visit:${visitId}`);
  if (loaded.error) {
    return (
      <Alert color="red" title={t('common.loadFailed')}>
        {loaded.error}
      </Alert>
    );
  }
  if (!loaded.data) {
    return (
      <Center h={200}>
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  return <VisitEditor initial={loaded.data} />;
}

/** Where to go once a draft is discarded: Beranda or the log when the officer came from there, else the site. */
function returnRoute(siteId: string): Route {
  const from = previousRoute();
  if (from?.page === 'home' || from?.page === 'visits') return from;
  // "Kunjungan baru" without a site is the log's button.
  if (from?.page === 'visit-new' && !from.siteId) return { page: 'visits' };
  return { page: 'site', id: siteId };
}

/** The flash key each return screen reads. */
const flashKeyOf = (route: Route) => (route.page === 'site' ? route.id : route.page);

/** Moves to a section, and focuses its first field (with `focusError`, its first field with a message). */
function goToSection(id: VisitSectionId, focusError = false) {
  const section = document.getElementById(`bagian-${id}`);
  section?.scrollIntoView({ behavior: 'instant', block: 'start' });
  chosenSection = { id, scrollY: window.scrollY };
  const target =
    (focusError && section?.querySelector<HTMLElement>('[aria-invalid="true"]')) ||
    section?.querySelector<HTMLElement>('input:not([type=hidden]):not([readonly]), textarea:not([readonly]), button');
  target?.focus({ preventScroll: true });
}

/** The section the officer went to from the list, and where that left the page. */
let chosenSection: { id: VisitSectionId; scrollY: number } | null = null;

/** Below the sticky header: a section whose top has passed this line is the one being read. */
const READING_LINE_PX = 140;

/**
 * The section list highlights the section being read as the page scrolls (the last one whose top
 * has passed the reading line; the last section once the page is scrolled to its end).
 */
function followScroll(setActive: (id: VisitSectionId) => void): () => void {
  let frame = 0;
  const update = () => {
    frame = 0;
    // A section chosen in the list stays highlighted while the page rests where it took it.
    if (chosenSection && window.scrollY === chosenSection.scrollY) return;
    chosenSection = null;
    const atEnd = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    let current: VisitSectionId = VISIT_SECTIONS[0];
    for (const id of VISIT_SECTIONS) {
      const top = document.getElementById(`bagian-${id}`)?.getBoundingClientRect().top;
      if (top !== undefined && top <= READING_LINE_PX) current = id;
    }
    setActive(atEnd && window.scrollY > 0 ? VISIT_SECTIONS[VISIT_SECTIONS.length - 1] : current);
  };
  const onScroll = () => {
    if (!frame) frame = requestAnimationFrame(update);
  };
  window.addEventListener('scroll', onScroll, { passive: true });
  return () => {
    window.removeEventListener('scroll', onScroll);
    if (frame) cancelAnimationFrame(frame);
  };
}

/** The page puts the pieces together: form state, autosave, lifecycle, header, section list, sections. */
function VisitEditor({ initial }: { initial: Visit }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const [visit, setVisit] = useState(initial);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [active, setActive] = useState<VisitSectionId>('umum');
  useEffect(() => followScroll(setActive), []);
  // Opened: a draft's first field takes the focus (not the page body, a dozen Tabs away).
  useEffect(() => {
    if (initial.status !== 'draft' || document.activeElement?.closest('#main-content form, [role="dialog"]')) return;
    document
      .getElementById('bagian-umum')
      ?.querySelector<HTMLElement>('input:not([type=hidden]):not([readonly]):not([disabled]), textarea:not([readonly])')
      ?.focus({ preventScroll: true });
  }, [initial.status]);
  const [askDiscard, setAskDiscard] = useState(false);
  const conflictMarks = useConflictMarks();
  const site = useApiData(() => window.ikm.site.get({ id: initial.siteId }), `site:${initial.siteId}`).data;
  const isDraft = visit.status === 'draft';

  const form = useVisitFormState(initial.data, attachments);
  const { current } = form;
  const autosave = useDraftAutosave(
    useCallback(async () => {
      const data = dataFromForm(current());
      return (await unwrap(window.ikm.visit.saveDraft({ id: initial.id, siteId: initial.siteId, data }))).updatedAt;
    }, [current, initial.id, initial.siteId]),
  );
  const { flush, schedule } = autosave;
  // Signature pads holding a drawing not saved yet (role → its save), and signatures captured for an amendment.
  const unsavedPads = useRef(new Map<string, () => Promise<void>>());
  const registerUnsaved = useCallback<RegisterUnsaved>((role, save) => {
    if (save) unsavedPads.current.set(role, save);
    else unsavedPads.current.delete(role);
  }, []);
  const [captured, setCaptured] = useState<CapturedSignature[]>([]);
  // Read by the lifecycle's calls, which run after the state they need was set (both are set together).
  const capturedRef = useRef<CapturedSignature[]>([]);
  const lifecycle = useVisitLifecycle({
    visit,
    form,
    flush,
    saveUnsavedSignatures: async () => {
      for (const save of [...unsavedPads.current.values()]) await save();
    },
    captured: () => capturedRef.current,
    onAmendEnded: () => {
      for (const c of capturedRef.current) URL.revokeObjectURL(c.url);
      capturedRef.current = [];
      setCaptured([]);
      reloadAttachments();
    },
    onSaved: (saved) => {
      setVisit(saved);
      form.reset(saved.data);
    },
    onIssues: (issues) => {
      const first = Object.keys(issues)[0];
      if (first) requestAnimationFrame(() => go(sectionOfPath(first), true));
    },
  });
  const { setFailure, clearFailure } = lifecycle;
  const formSet = form.set;
  /** An edit: the last failure no longer holds, and a draft saves once typing pauses. */
  // An amendment's typed changes are not saved until its reason is given: leaving asks first.
  const amendEdited = useRef(false);
  const set = useCallback(
    (path: string, value: unknown) => {
      formSet(path, value);
      clearFailure();
      if (isDraft) schedule();
      else amendEdited.current = true;
    },
    [formSet, clearFailure, schedule, isDraft],
  );
  const guard = useLeaveGuard(() => lifecycle.amending && amendEdited.current);
  const startAmend = () => {
    amendEdited.current = false;
    lifecycle.startAmend();
  };
  const readOnly = !isDraft && !lifecycle.amending;

  function go(id: VisitSectionId, focusError = false) {
    setActive(id);
    void flush();
    goToSection(id, focusError);
  }

  const reloadAttachments = useCallback(() => {
    void unwrap(window.ikm.attachment.list({ visitId: initial.id })).then(setAttachments, (error: unknown) => setFailure(errorMessage(error)));
  }, [initial.id, setFailure]);

  /** A final visit's attachment change wrote a revision: show it in the history. */
  const reloadRevisions = useCallback(() => {
    void unwrap(window.ikm.visit.get({ id: initial.id })).then(
      (fresh) => setVisit((current) => ({ ...current, revisions: fresh.revisions, updatedAt: fresh.updatedAt })),
      (error: unknown) => setFailure(errorMessage(error)),
    );
  }, [initial.id, setFailure]);

  function afterDiscard() {
    const back = returnRoute(visit.siteId);
    setFlash(flashKeyOf(back), t('discardDraft.done', { number: visit.number, site: visit.siteName }));
    // Replace: Back must not lead to a visit that is gone.
    navigate(back, { replace: true });
  }

  function applySuggestion(s: PhotoSuggestion) {
    if (s.visitDate) set('visitDate', s.visitDate);
    if (s.latitude !== null && s.longitude !== null) {
      set('latitude', String(s.latitude).replace('.', ','));
      set('longitude', String(s.longitude).replace('.', ','));
    }
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      if (isDraft) void autosave.saveNow();
    }
  };

  const state: VisitFormState = { values: form.values, errors: form.errors, set, readOnly, siteWorkers: site?.workers ?? null };
  const conflictId = conflictMarks.visits[visit.id];

  return (
    <Box maw={1240} mx="auto" onKeyDown={onKeyDown} onBlur={() => isDraft && void flush()}>
      <Stack gap="md">
        <VisitHeader visit={visit} amending={lifecycle.amending} save={autosave.state} onDiscard={() => setAskDiscard(true)} />

        {conflictId && <ConflictNotice record="visit" conflictId={conflictId} />}
        {isDraft || lifecycle.amending ? <ClockWarning /> : null}
        <ReturnedNotice visit={visit} />
        {readOnly && (
          <Alert color="teal" icon={<IconLock size={18} />} py="xs">
            {t('visitForm.finalNotice', { number: visit.number, date: visit.finalizedAt ? formatDateTime(visit.finalizedAt, language) : '' })}
          </Alert>
        )}

        <Box style={{ display: 'grid', gridTemplateColumns: '230px minmax(0, 1fr)', gap: 'var(--mantine-spacing-md)', alignItems: 'start' }}>
          <SectionNav kind={visit.kind} progress={form.progress} active={active} onGo={(id) => go(id)} />
          {/* A final visit is shown as a record (see .ikm-record): plain values, no input boxes. */}
          <Box className={readOnly ? 'ikm-record' : undefined} data-testid="visit-main">
            <VisitFormProvider value={state}>
              <Stack gap="md">
                <GeneralSection />
                <KindSection kind={visit.kind} />
                <FindingsSection />
                {/* A forgotten photo may be added while amending; signatures stay as signed. */}
                <AttachmentsSection
                  visitId={visit.id}
                  siteId={visit.siteId}
                  readOnly={readOnly}
                  amending={lifecycle.amending}
                  onChanged={setAttachments}
                  onEdited={isDraft ? undefined : reloadRevisions}
                  onUseSuggestion={applySuggestion}
                />
                <SignatureSection
                  visitId={visit.id}
                  readOnly={!isDraft}
                  amending={lifecycle.amending}
                  attachments={attachments}
                  onSaved={isDraft ? reloadAttachments : () => { reloadAttachments(); reloadRevisions(); }}
                  captured={captured}
                  onCapture={(signature) => {
                    capturedRef.current = [...capturedRef.current.filter((c) => c.role !== signature.role), signature];
                    setCaptured(capturedRef.current);
                  }}
                  registerUnsaved={registerUnsaved}
                />
                {visit.revisions.length > 0 && <RevisionsPanel visit={visit} />}
                <ReviewPanel visit={visit} onReviewed={setVisit} disabled={lifecycle.amending} />

                <FormActionBar failure={lifecycle.failure}>
                  {isDraft && (
                    <>
                      <Button variant="default" onClick={() => void autosave.saveNow()} rightSection={<Kbd size="xs">Ctrl+S</Kbd>}>
                        {t('visitForm.saveDraft')}
                      </Button>
                      <Button leftSection={<IconChecks size={18} />} onClick={() => void lifecycle.askFinalize()} loading={lifecycle.busy}>
                        {t('visitForm.finalize')}
                      </Button>
                    </>
                  )}
                  {readOnly && (
                    <Button leftSection={<IconPencil size={18} />} onClick={startAmend}>
                      {t('visitForm.amend')}
                    </Button>
                  )}
                  {lifecycle.amending && (
                    <>
                      <Button variant="default" onClick={() => guard.confirm(lifecycle.cancelAmend)}>
                        {t('common.cancel')}
                      </Button>
                      <Button leftSection={<IconChecks size={18} />} onClick={() => void lifecycle.askReason()} loading={lifecycle.busy && !lifecycle.askingReason}>
                        {t('visitForm.saveAmendment')}
                      </Button>
                    </>
                  )}
                </FormActionBar>
              </Stack>
            </VisitFormProvider>
          </Box>
        </Box>
      </Stack>

      <FinalizeDialog
        items={lifecycle.checklist}
        finalizing={lifecycle.busy}
        onConfirm={() => void lifecycle.confirmFinalize()}
        onCancel={lifecycle.cancelFinalize}
      />

      <DiscardDraftDialog draft={askDiscard ? visit : null} onCancel={() => setAskDiscard(false)} beforeDiscard={autosave.settle} onDiscarded={afterDiscard} />

      {/* Keyed by the revisions: a saved amendment starts the next one with an empty reason. */}
      <AmendReasonDialog
        key={visit.revisions.length}
        opened={lifecycle.askingReason}
        saving={lifecycle.busy}
        failure={lifecycle.askingReason ? lifecycle.failure : null}
        siteCoords={lifecycle.amendSiteCoords}
        onSubmit={(reason) => void lifecycle.amend(reason)}
        onClose={lifecycle.closeReason}
      />
      {guard.dialog}
    </Box>
  );
}
