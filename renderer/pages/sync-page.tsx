import { useState, type ReactNode } from 'react';
import { useLeaveGuard } from '../components/leave-guard';
import type { TFunction } from 'i18next';
import { Alert, Anchor, Button, Checkbox, FileButton, Group, Paper, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconDeviceFloppy, IconFileImport, IconListCheck, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../db/model';
import type { BundleImportResult, SyncStatus } from '../../db/model/sync-client';
import type { SyncVerifyKind, SyncVerifyReport } from '../../db/model/sync';
import { useReference } from '../app/reference';
import { hrefOf } from '../app/route';
import { useSession } from '../app/session';
import { ApiFailure, apiErrorText, errorMessage, unwrap } from '../lib/api';
import { useFieldMessages } from '../lib/field-messages';
import { serverErrors } from '../lib/form-errors';
import { formatDateTime, formatNumber, formatRelative } from '../lib/format';
import { publishSyncStatus, refreshSyncStatus, useSyncStatus } from '../lib/use-sync-status';
import { waitingRecordsText } from '../lib/waiting-records';
import { ConflictReview, DuplicateReview } from '../components/sync-review';
import { ClockWarning } from '../components/clock-warning';

/** Pengaturan → Sinkronisasi: the office hub, "Sinkronkan sekarang", and sync bundles for a USB stick. */
export function SyncPage({ conflictId = null }: { conflictId?: string | null }) {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const [reviewVersion, setReviewVersion] = useState(0);

  return (
    <Stack gap="lg" maw={1000} mx="auto">
      <div>
        <Text size="sm" c="dimmed">
          <Anchor href={hrefOf({ page: 'settings' })}>{t('nav.settings')}</Anchor> / {t('nav.sync')}
        </Text>
        <Title order={2}>{t('sync.title')}</Title>
      </div>
      {!status ? null : (
        <>
          <ClockWarning />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            {status.enrolled ? <HubCard status={status} /> : <EnrollCard status={status} />}
            <StatusCard status={status} />
          </SimpleGrid>
          <BundleCard onLoaded={() => setReviewVersion((v) => v + 1)} />
          <VerifyCard />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <ConflictReview version={`${status.lastSyncAt}:${reviewVersion}`} focusId={conflictId} />
            <DuplicateReview version={`${status.lastSyncAt}:${reviewVersion}`} />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

/** A message kept until it is shown, and said then in the language of that moment. */
type Say = (t: TFunction, language: Language) => string;

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Title order={3} size="h5" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** The enrolment form's fields → the i18n key of their label. */
const ENROLL_LABELS = { url: 'sync.hub.url', code: 'sync.hub.code' };

function EnrollCard({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const fieldMessages = useFieldMessages(ENROLL_LABELS);
  const [url, setUrl] = useState(status.hubUrl ?? '');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ url?: string; code?: string; form?: string }>({});
  // A typed address or code is asked about before leaving (the card goes once the laptop is enrolled).
  const guard = useLeaveGuard(() => code.trim() !== '' || url !== (status.hubUrl ?? ''));

  async function enroll() {
    setBusy(true);
    setErrors({});
    try {
      publishSyncStatus(await unwrap(window.ikm.hubSync.enroll({ url, code })));
    } catch (error) {
      // Field messages from each issue's code, in the UI language.
      const issues = error instanceof ApiFailure ? error.issues : [];
      const byField = fieldMessages(serverErrors(issues));
      setErrors(byField.url || byField.code ? { url: byField.url, code: byField.code } : { form: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('sync.hub.title')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void enroll();
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('sync.hub.lead')}
          </Text>
          <TextInput
            label={t('sync.hub.url')}
            placeholder="http://192.168.1.10:8787"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.url}
            required
          />
          <TextInput
            label={t('sync.hub.code')}
            description={t('sync.hub.codeHint')}
            placeholder="K7QD-M9XA-4TRB"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={errors.code}
            required
            styles={{ input: { fontFamily: 'monospace', letterSpacing: 1 } }}
          />
          {errors.form && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert">
              {errors.form}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {t('sync.hub.enroll')}
            </Button>
          </Group>
        </Stack>
      </form>
      {guard.dialog}
    </Card>
  );
}

function HubCard({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const { regencies } = useReference();
  return (
    <Card title={t('sync.hub.title')}>
      <Stack gap="xs">
        <Info label={t('sync.hub.url')}>{status.hubUrl}</Info>
        <Info label={t('sync.hub.officer')}>{status.officerCode}</Info>
        <Info label={t('sync.hub.scope')}>
          <span data-testid="sync-scope">
            {status.regencies.length ? status.regencies.map((code) => regencies.find((r) => r.code === code)?.name ?? code).join(', ') : t('settings.wholeProvince')}
          </span>
        </Info>
        <Info label={t('sync.hub.device')}>{status.deviceId}</Info>
        <Switch
          mt="xs"
          label={t('sync.hub.auto')}
          description={t('sync.hub.autoHint')}
          checked={status.auto}
          onChange={(e) => {
            void unwrap(window.ikm.hubSync.setAuto({ enabled: e.currentTarget.checked })).then(publishSyncStatus);
          }}
        />
      </Stack>
    </Card>
  );
}

function StatusCard({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const [busy, setBusy] = useState(false);
  // Said at render time, so a language switch after the sync also switches the message.
  const [message, setMessage] = useState<Say | null>(null);

  async function syncNow() {
    setBusy(true);
    setMessage(null);
    const running = window.ikm.hubSync.now();
    void refreshSyncStatus();
    const result = await running;
    if (result.ok) {
      const r = result.value;
      const say: Say = (t, language) => {
        const done = t('sync.status.done', { sent: formatNumber(r.sent, language), received: formatNumber(r.received, language), files: r.filesSent + r.filesReceived });
        const released = r.released ? `${done} ${t('sync.status.released', { count: r.released, n: formatNumber(r.released, language) })}.` : done;
        return r.conflicts ? `${released} ${t('field20.sync.doneConflicts', { count: r.conflicts, n: formatNumber(r.conflicts, language) })}` : released;
      };
      setMessage(() => say);
    }
    await refreshSyncStatus();
    setBusy(false);
  }

  const last = status.lastResult;
  return (
    <Card title={t('sync.status.title')}>
      <Stack gap="xs">
        <Info label={t('sync.status.last')}>
          <span data-testid="last-sync">
            {status.lastSyncAt ? `${formatDateTime(status.lastSyncAt, language)} (${formatRelative(status.lastSyncAt, language)})` : t('sync.status.never')}
          </span>
        </Info>
        {last && (
          <Info label={t('sync.status.lastCounts')}>
            {t('sync.status.counts', { sent: formatNumber(last.sent, language), received: formatNumber(last.received, language), conflicts: last.conflicts })}
            {last.released > 0 && (
              <div data-testid="last-released">{t('sync.status.released', { count: last.released, n: formatNumber(last.released, language) })}</div>
            )}
          </Info>
        )}
        <Info label={t('sync.status.pending')}>
          {/* In records (a draft saved fifty times is one visit), before enrolment too. */}
          <span data-testid="pending-count">{waitingRecordsText(status.waiting, t, language) ?? formatNumber(0, language)}</span>
        </Info>
        <Info label={t('sync.status.files')}>{formatNumber(status.filesWaiting, language)}</Info>
        {status.lastError && !status.running && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('sync.status.error')} role="alert" data-testid="sync-error">
            {apiErrorText(status.lastError)}
            {status.nextRetryAt && (
              <Text size="xs" mt={4}>
                {t('sync.status.retry', { when: formatRelative(status.nextRetryAt, language) })}
              </Text>
            )}
          </Alert>
        )}
        {message && !status.lastError && (
          <Alert color={status.openConflicts > 0 ? 'orange' : 'teal'} data-testid="sync-done">
            {message(t, language)}
          </Alert>
        )}
        <Group justify="flex-end" mt="xs">
          <Button leftSection={<IconRefresh size={16} />} onClick={() => void syncNow()} loading={busy || status.running} disabled={!status.enrolled}>
            {t('sync.status.now')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function BundleCard({ onLoaded }: { onLoaded: () => void }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const [all, setAll] = useState(false);
  const [busy, setBusy] = useState<'save' | 'load' | null>(null);
  const [notice, setNotice] = useState<{ color: string; say: Say } | null>(null);
  const [untrusted, setUntrusted] = useState<{ bytes: Uint8Array<ArrayBuffer>; error: unknown } | null>(null);

  async function save() {
    setBusy('save');
    setNotice(null);
    try {
      const result = await unwrap(window.ikm.hubSync.exportBundle({ all }));
      const url = URL.createObjectURL(new Blob([result.bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = result.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setNotice({ color: 'teal', say: (t, language) => t('sync.bundle.saved', { name: result.fileName, messages: formatNumber(result.messages, language), files: result.blobs }) });
    } catch (error) {
      setNotice({ color: 'red', say: () => errorMessage(error) });
    } finally {
      setBusy(null);
    }
  }

  async function load(bytes: Uint8Array<ArrayBuffer>, acceptNewDevice: boolean) {
    setBusy('load');
    setNotice(null);
    setUntrusted(null);
    try {
      const report: BundleImportResult = await unwrap(window.ikm.hubSync.importBundle({ bytes, acceptNewDevice }));
      setNotice({
        color: 'teal',
        say: (t, language) =>
          [
            t('sync.bundle.loaded', { from: report.from, received: formatNumber(report.received, language), duplicates: formatNumber(report.duplicates, language), files: report.blobs }),
            // A colleague's changes stamped a day ahead are left out (db/sync/hub-client.ts importBundle).
            ...(report.refusedAhead ? [t('sync.bundle.refusedAhead', { count: report.refusedAhead, n: formatNumber(report.refusedAhead, language) })] : []),
          ].join(' '),
      });
      void refreshSyncStatus();
      onLoaded();
    } catch (error) {
      if (error instanceof ApiFailure && error.error.code === 'BUNDLE_UNTRUSTED') setUntrusted({ bytes, error });
      else setNotice({ color: 'red', say: () => errorMessage(error) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card title={t('sync.bundle.title')}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('sync.bundle.lead')}
        </Text>
        <Group justify="space-between" align="flex-end">
          <Checkbox label={t('sync.bundle.all')} checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
          <Group>
            <Button leftSection={<IconDeviceFloppy size={16} />} onClick={() => void save()} loading={busy === 'save'}>
              {t('sync.bundle.save')}
            </Button>
            <FileButton
              accept=".ikmsync,.zip,application/zip"
              onChange={(file) => {
                if (file) void file.arrayBuffer().then((buffer) => load(new Uint8Array(buffer), false));
              }}
            >
              {(props) => (
                <Button {...props} variant="light" leftSection={<IconFileImport size={16} />} loading={busy === 'load'}>
                  {t('sync.bundle.load')}
                </Button>
              )}
            </FileButton>
          </Group>
        </Group>
        {untrusted && (
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title={t('sync.bundle.untrustedTitle')} role="alert">
            <Text size="sm">{errorMessage(untrusted.error)}</Text>
            <Group mt="sm">
              <Button size="xs" color="yellow" onClick={() => void load(untrusted.bytes, true)}>
                {t('sync.bundle.trust')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setUntrusted(null)}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Alert>
        )}
        {notice && (
          <Alert color={notice.color} role={notice.color === 'red' ? 'alert' : 'status'} data-testid="bundle-notice">
            {notice.say(t, language)}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

/** "Periksa data": sync.verify's result in one line, with its first differences. */
function VerifyCard() {
  const { t } = useTranslation();
  const { language } = useSession();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<SyncVerifyReport | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  async function run() {
    setBusy(true);
    setFailure(null);
    try {
      setReport(await unwrap(window.ikm.sync.verify({ examples: 5 })));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  // A row or search entry that is there or not is said in words (sync.verify's markers).
  const marker: Record<string, string> = { present: t('sync.verify.value.present'), absent: t('sync.verify.value.absent'), 'no cells': t('sync.verify.value.noCells') };
  const show = (value: unknown) => (value === null || value === undefined ? '—' : (marker[String(value)] ?? String(value)));
  return (
    <Card title={t('sync.verify.title')}>
      <Stack gap="sm">
        <Group justify="space-between" align="center" wrap="nowrap">
          <Text size="sm" c="dimmed">
            {t('sync.verify.lead')}
          </Text>
          <Button variant="light" leftSection={<IconListCheck size={16} />} onClick={() => void run()} loading={busy} style={{ flexShrink: 0 }}>
            {t('sync.verify.run')}
          </Button>
        </Group>
        {failure !== null && (
          <Alert color="red" role="alert">
            {errorMessage(failure)}
          </Alert>
        )}
        {report && (
          <Alert color={report.clean ? 'teal' : 'yellow'} role="status" data-testid="verify-result">
            {report.clean
              ? t('sync.verify.clean', { checked: formatNumber(report.checked, language), seconds: formatNumber(Math.max(0.1, Math.round(report.ms / 100) / 10), language) })
              : t('sync.verify.found', {
                  count: report.differences,
                  n: formatNumber(report.differences, language),
                  checked: formatNumber(report.checked, language),
                  kinds: (Object.entries(report.counts) as [SyncVerifyKind, number][]).map(([kind, n]) => `${t(`sync.verify.kind.${kind}`)} ${formatNumber(n, language)}`).join(', '),
                })}
            {report.examples.map((e, i) => (
              <Text key={i} size="xs" mt={4} style={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
                {t('sync.verify.example', { table: e.table, row: e.row, column: e.column, stored: show(e.stored), expected: show(e.expected) })}
              </Text>
            ))}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function Info({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="baseline">
      <Text size="sm" c="dimmed" w={190} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}
