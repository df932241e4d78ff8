import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import {
  Alert,
  Badge,
  Box,
  Button,
  Center,
  Group,
  Kbd,
  Loader,
  Paper,
  Progress,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowLeft, IconCircleCheck, IconCircleDashed, IconLock, IconPencil, IconChecks, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PrintButtons } from '../components/print/print-buttons';
import type { Attachment, FinalizeItem, PhotoSuggestion, Visit } from '../../db/model';
import { navigate, previousRoute, type Route } from '../app/route';
import { useSession } from '../app/session';
import { AttachmentsSection } from '../components/visit-form/attachments-section';
import { DiscardDraftDialog } from '../components/visit-form/discard-draft-dialog';
import { VisitFormProvider, type VisitFormState } from '../components/visit-form/fields';
import { FindingsSection, GeneralSection, KindSection } from '../components/visit-form/sections';
import { SignatureSection } from '../components/visit-form/signature-section';
import { FinalizeDialog } from '../components/visit-form/finalize-dialog';
import { RevisionsPanel } from '../components/visit-form/revisions-panel';
import { AmendReasonDialog } from '../components/visit-form/amend-reason-dialog';
import { FormActionBar } from '../components/site-form/form-section';
import { ApiFailure, errorMessage, unwrap, useApiData } from '../lib/api';
import { setFlash } from '../lib/flash';
import { formatDateTime } from '../lib/format';
import { useDraftAutosave } from '../lib/use-draft-autosave';
import { useVisitFieldMessages } from '../lib/visit-field-messages';
import { useConflictMarks } from '../lib/use-conflict-marks';
import { ConflictNotice } from '../components/conflict-mark';
import {
  checkVisit,
  dataFromForm,
  formFromData,
  pathErrorsFromServer,
  SECTION_IDS,
  sectionOfPath,
  setPath,
  type PathErrors,
  type PathIssues,
  type SectionId,
  type VisitFormValues,
} from '../lib/visit-form-values';

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

function VisitEditor({ initial }: { initial: Visit }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const [visit, setVisit] = useState(initial);
  const [values, setValues] = useState<VisitFormValues>(() => formFromData(initial.data));
  const valuesRef = useRef(values);
  const [serverIssues, setServerIssues] = useState<PathIssues>({});
  const [submitted, setSubmitted] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [finalizing, setFinalizing] = useState(false);
  const [amending, setAmending] = useState(false);
  const [askReason, setAskReason] = useState(false);
  const [askDiscard, setAskDiscard] = useState(false);
  const [checklist, setChecklist] = useState<FinalizeItem[] | null>(null);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [active, setActive] = useState<SectionId>('umum');
  const mainRef = useRef<HTMLDivElement>(null);
  const conflictMarks = useConflictMarks();

  const isDraft = visit.status === 'draft';
  const readOnly = !isDraft && !amending;

  const autosave = useDraftAutosave(
    useCallback(async () => {
      const data = dataFromForm(valuesRef.current);
      return (await unwrap(window.ikm.visit.saveDraft({ id: initial.id, siteId: initial.siteId, data }))).updatedAt;
    }, [initial.id, initial.siteId]),
  );
  const { flush, schedule } = autosave;
  const save = autosave.state;

  const set = useCallback(
    (path: string, value: unknown) => {
      const next = setPath(valuesRef.current, path, value);
      valuesRef.current = next;
      setValues(next);
      setServerIssues((current) => (current[path] ? { ...current, [path]: undefined } : current));
      setFailure(null);
      if (visit.status === 'draft') schedule();
    },
    [schedule, visit.status],
  );

  const reloadAttachments = useCallback(() => {
    void unwrap(window.ikm.attachment.list({ visitId: initial.id })).then(setAttachments, (error: unknown) => setFailure(errorMessage(error)));
  }, [initial.id]);

  /** A final visit's attachment change wrote a revision: show it in the history. */
  const reloadRevisions = useCallback(() => {
    void unwrap(window.ikm.visit.get({ id: initial.id })).then(
      (fresh) => setVisit((current) => ({ ...current, revisions: fresh.revisions, updatedAt: fresh.updatedAt })),
      (error: unknown) => setFailure(errorMessage(error)),
    );
  }, [initial.id]);

  const complete = checkVisit(values);
  const inLanguage = useVisitFieldMessages();
  const errors: PathErrors = inLanguage({ ...serverIssues, ...(submitted ? complete : {}) });
  const sectionDone: Record<SectionId, boolean> = {
    umum: !Object.keys(complete).some((p) => sectionOfPath(p) === 'umum'),
    kind: !Object.keys(complete).some((p) => sectionOfPath(p) === 'kind'),
    temuan: !Object.keys(complete).some((p) => sectionOfPath(p) === 'temuan'),
    lampiran: attachments.some((a) => a.kind !== 'signature'),
    'tanda-tangan': ['respondent', 'officer'].every((role) => attachments.some((a) => a.kind === 'signature' && a.role === role)),
  };
  const doneCount = SECTION_IDS.filter((s) => sectionDone[s]).length;

  function goToSection(id: SectionId, focusError = false) {
    setActive(id);
    void flush();
    const section = document.getElementById(`bagian-${id}`);
    section?.scrollIntoView({ behavior: 'instant', block: 'start' });
    const target =
      (focusError && section?.querySelector<HTMLElement>('[aria-invalid="true"]')) ||
      section?.querySelector<HTMLElement>('input:not([type=hidden]):not([readonly]), textarea:not([readonly]), button');
    target?.focus({ preventScroll: true });
  }

  /** Shows the core's (or the schema's) messages next to their fields and jumps to the first. */
  function showIssues(issues: PathIssues) {
    setServerIssues(issues);
    setSubmitted(true);
    setFailure(t('visitForm.fixErrors'));
    const first = Object.keys(issues)[0];
    if (first) requestAnimationFrame(() => goToSection(sectionOfPath(first), true));
  }

  /** The visit as the core saved it (finalized or amended): its data back into the form, no messages left. */
  function showSaved(saved: Visit) {
    setVisit(saved);
    setServerIssues({});
    setSubmitted(false);
    const next = formFromData(saved.data);
    valuesRef.current = next;
    setValues(next);
  }

  /** Finalisasi asks first, listing what the visit lacks (the core decides what, and what blocks). */
  async function askFinalize() {
    setFinalizing(true);
    setFailure(null);
    try {
      await flush();
      setChecklist(await unwrap(window.ikm.visit.checklist({ id: visit.id })));
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setFinalizing(false);
    }
  }

  async function finalize() {
    setChecklist(null);
    setFinalizing(true);
    setFailure(null);
    try {
      await flush();
      const result = await window.ikm.visit.finalize({ id: visit.id });
      if (!result.ok) {
        const failureInfo = new ApiFailure(result.error);
        if (failureInfo.issues.length) showIssues(pathErrorsFromServer(failureInfo.issues));
        else setFailure(errorMessage(failureInfo));
        return;
      }
      showSaved(result.value);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setFinalizing(false);
    }
  }

  async function amend(reason: string) {
    setFinalizing(true);
    setFailure(null);
    try {
      const result = await window.ikm.visit.amend({ id: visit.id, data: dataFromForm(valuesRef.current), reason });
      if (!result.ok) {
        const failureInfo = new ApiFailure(result.error);
        const dataIssues = failureInfo.issues.filter((i) => i.path.startsWith('data.'));
        setAskReason(false);
        if (dataIssues.length) showIssues(pathErrorsFromServer(dataIssues));
        else setFailure(errorMessage(failureInfo));
        return;
      }
      setAmending(false);
      setAskReason(false);
      showSaved(result.value);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setFinalizing(false);
    }
  }

  function afterDiscard() {
    const back = returnRoute(visit.siteId);
    setFlash(flashKeyOf(back), t('discardDraft.done', { number: visit.number, site: visit.siteName }));
    // Replace: Back must not lead to a visit that is gone.
    navigate(back, { replace: true });
  }

  function cancelAmend() {
    const original = formFromData(visit.data);
    valuesRef.current = original;
    setValues(original);
    setAmending(false);
    setSubmitted(false);
    setServerIssues({});
    setFailure(null);
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

  const state: VisitFormState = { values, errors, set, readOnly };
  const conflictId = conflictMarks.visits[visit.id];
  const savedAt = save.state === 'saved' ? new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'id-ID', { hour: '2-digit', minute: '2-digit' }).format(new Date(save.at)) : null;

  return (
    <Box maw={1240} mx="auto" onKeyDown={onKeyDown} onBlur={() => isDraft && void flush()}>
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }} align="flex-start">
            <Button variant="subtle" color="gray" px={8} onClick={() => navigate({ page: 'site', id: visit.siteId })} aria-label={t('common.back')}>
              <IconArrowLeft size={20} />
            </Button>
            <Box style={{ minWidth: 0 }}>
              <Title order={2} className="ikm-truncate">
                {t(`visitForm.kind.${visit.kind}`)} · {visit.siteName}
              </Title>
              <Group gap="xs">
                <Text size="sm" c="dimmed" data-testid="visit-number">
                  {visit.number}
                </Text>
                <Badge variant="light" color={isDraft ? 'yellow' : 'teal'} data-testid="visit-status">
                  {t(isDraft ? 'visitForm.statusDraft' : 'visitForm.statusFinal')}
                </Badge>
                {amending && (
                  <Badge variant="light" color="orange">
                    {t('visitForm.amending')}
                  </Badge>
                )}
              </Group>
            </Box>
          </Group>
          {!isDraft && <PrintButtons target={{ kind: 'visit', ids: [visit.id] }} testId="visit-print" />}
          {isDraft && (
            <Group gap="md" wrap="nowrap" mt={2}>
              <Text size="sm" c={save.state === 'failed' ? 'red.7' : 'dimmed'} role="status" data-testid="save-state">
                {save.state === 'saving' && t('visitForm.saving')}
                {save.state === 'saved' && t('visitForm.savedAt', { time: savedAt })}
                {save.state === 'failed' && t('visitForm.saveFailed', { message: save.message })}
                {save.state === 'idle' && t('visitForm.autosaveHint')}
              </Text>
              {/* Up here, far from Finalisasi at the bottom, so it is never hit by mistake. */}
              <Button variant="subtle" color="red" size="compact-sm" leftSection={<IconTrash size={16} />} onClick={() => setAskDiscard(true)}>
                {t('discardDraft.button')}
              </Button>
            </Group>
          )}
        </Group>

        {conflictId && <ConflictNotice record="visit" conflictId={conflictId} />}
        {!isDraft && !amending && (
          <Alert color="teal" icon={<IconLock size={18} />} py="xs">
            {t('visitForm.finalNotice', { number: visit.number, date: visit.finalizedAt ? formatDateTime(visit.finalizedAt, language) : '' })}
          </Alert>
        )}

        <Box style={{ display: 'grid', gridTemplateColumns: '230px minmax(0, 1fr)', gap: 'var(--mantine-spacing-md)', alignItems: 'start' }}>
            <Paper withBorder radius="md" p="sm" style={{ position: 'sticky', top: 72 }}>
              <Stack gap={6}>
                <Text size="sm" fw={600} data-testid="completeness">
                  {t('visitForm.completeness', { done: doneCount, total: SECTION_IDS.length })}
                </Text>
                <Progress value={(doneCount / SECTION_IDS.length) * 100} size="sm" color="teal" />
                <Box component="nav" aria-label={t('visitForm.sections')}>
                  <Stack gap={2} mt={4}>
                    {SECTION_IDS.map((id, index) => (
                      <UnstyledButton
                        key={id}
                        onClick={() => goToSection(id)}
                        onKeyDown={(e) => {
                          // Up/Down move between sections in the list itself.
                          const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
                          if (!step) return;
                          e.preventDefault();
                          const buttons = e.currentTarget.parentElement?.querySelectorAll<HTMLElement>('button');
                          buttons?.[(index + step + SECTION_IDS.length) % SECTION_IDS.length]?.focus();
                        }}
                        aria-current={active === id ? 'true' : undefined}
                        data-testid={`section-link-${id}`}
                        p={6}
                        style={{ borderRadius: 6, background: active === id ? 'var(--mantine-color-blue-light)' : undefined }}
                      >
                        <Group gap={8} wrap="nowrap">
                          {sectionDone[id] ? (
                            <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" aria-label={t('visitForm.sectionDone')} />
                          ) : (
                            <IconCircleDashed size={18} color="var(--mantine-color-gray-5)" aria-label={t('visitForm.sectionOpen')} />
                          )}
                          <Text size="sm">{id === 'kind' ? t(`visitForm.kindSection.${visit.kind}`) : t(`visitForm.section.${id}`)}</Text>
                        </Group>
                      </UnstyledButton>
                    ))}
                  </Stack>
                </Box>
              </Stack>
            </Paper>
          {/* A final visit is shown as a record (see .ikm-record): plain values, no input boxes. */}
          <Box ref={mainRef} className={readOnly ? 'ikm-record' : undefined} data-testid="visit-main">
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
                  amending={amending}
                  onChanged={setAttachments}
                  onEdited={isDraft ? undefined : reloadRevisions}
                  onUseSuggestion={applySuggestion}
                />
                <SignatureSection
                  visitId={visit.id}
                  readOnly={!isDraft}
                  amending={amending}
                  attachments={attachments}
                  onSaved={isDraft ? reloadAttachments : () => { reloadAttachments(); reloadRevisions(); }}
                />
                {visit.revisions.length > 0 && <RevisionsPanel visit={visit} />}

                <FormActionBar failure={failure}>
                  {isDraft && (
                    <>
                      <Button variant="default" onClick={() => void autosave.saveNow()} rightSection={<Kbd size="xs">Ctrl+S</Kbd>}>
                        {t('visitForm.saveDraft')}
                      </Button>
                      <Button leftSection={<IconChecks size={18} />} onClick={() => void askFinalize()} loading={finalizing}>
                        {t('visitForm.finalize')}
                      </Button>
                    </>
                  )}
                  {!isDraft && !amending && (
                    <Button leftSection={<IconPencil size={18} />} onClick={() => setAmending(true)}>
                      {t('visitForm.amend')}
                    </Button>
                  )}
                  {amending && (
                    <>
                      <Button variant="default" onClick={cancelAmend}>
                        {t('common.cancel')}
                      </Button>
                      <Button leftSection={<IconChecks size={18} />} onClick={() => setAskReason(true)}>
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

      <FinalizeDialog items={checklist} finalizing={finalizing} onConfirm={() => void finalize()} onCancel={() => setChecklist(null)} />

      <DiscardDraftDialog
        draft={askDiscard ? visit : null}
        onCancel={() => setAskDiscard(false)}
        beforeDiscard={autosave.settle}
        onDiscarded={afterDiscard}
      />

      {/* Keyed by the revisions: a saved amendment starts the next one with an empty reason. */}
      <AmendReasonDialog
        key={visit.revisions.length}
        opened={askReason}
        saving={finalizing}
        failure={askReason ? failure : null}
        onSubmit={(reason) => void amend(reason)}
        onClose={() => setAskReason(false)}
      />
    </Box>
  );
}
