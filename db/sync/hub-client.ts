import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { BlobStore } from '../blob-store';
import type { Clock } from '../clock';
import type { DbGate } from '../db-gate';
import type { Db } from '../open-database';
import type { SettingsRepo } from '../repo/settings';
import type { SitesRepo } from '../repo/sites';
import type { BlobUploadState, EnrollResponse, HubError, HubErrorCode, SyncResponse } from '../model/hub';
import { BUNDLE_EXTENSION, MAX_BLOB_CHUNK_BYTES, MAX_RELEASE, MAX_SYNC_BODY_BYTES, SiteReleaseList } from '../model/hub';
import { AppError, refuse, type ErrorParams, type ErrorReason } from '../model/result';
import { MAX_BATCH, type ChangeMessage, type SyncApplyReport } from '../model/sync';
import { clockAmount, type BundleExportResult, type BundleImportResult, type SyncPhase, type SyncRunReport, type SyncStatus } from '../model/sync-client';
import { readBundle, referencedBlobs, writeBundle } from './bundle';
import { clockSkewNow, machineUptimeMs, type ClockReference } from './clock-guard';
import { generateDeviceKey, type DeviceKeyPair } from './device-key';
import { isTooFarAhead } from './hlc';
import type { ReplicaSync } from './replica-sync';
import type { SyncService } from './sync-service';
import { log } from '../log';
import type { RestoredFromBackup } from '../maintenance';

/** The local setting a restore leaves for the hub (db/maintenance.ts). */
const KEY_RESTORED = 'restoredFromBackup';

/**
 * The app's side of sync, running in the database worker beside the core: enrollment, "sync now",
 * automatic sync with backoff, the clock check, and sync bundles. Everything it must remember
 * (cursors, the queue of files to send or fetch) is in local settings and moves forward in the
 * same transaction as the data, so a cut connection or a killed app resumes without losing or
 * duplicating anything.
 */

const KEY_HUB = 'sync.hub';
const KEY_STATE = 'sync.state';
const KEY_DEVICE = 'sync.deviceKey';
const KEY_TRUSTED = 'sync.trustedKeys';
const KEY_BLOBS_UP = 'sync.blobsToSend';
const KEY_BLOBS_DOWN = 'sync.blobsToFetch';

/** Asks the next sync to fetch these files from the hub (one found missing or damaged here). */
export function queueFilesToFetch(settings: SettingsRepo, shas: readonly string[]): void {
  const queued = settings.get<string[]>(KEY_BLOBS_DOWN) ?? [];
  const added = shas.filter((sha) => !queued.includes(sha));
  if (added.length) settings.set(KEY_BLOBS_DOWN, [...queued, ...added]);
}

/** The hub's time at this laptop's last contact (ms), if it had one: a clock behind it is surely wrong. */
export function lastHubTime(settings: SettingsRepo): number | null {
  return settings.get<Partial<SyncState>>(KEY_STATE)?.clockRef?.hubTime ?? null;
}

/** Beyond this difference between the laptop and the hub clocks the officer is warned. */
/** True when this database is a laptop enrolled with a hub (the hub's own data never is). */
export function enrolledWithHub(settings: SettingsRepo): boolean {
  return !!settings.get<Partial<HubSettings>>(KEY_HUB)?.token;
}

export const CLOCK_WARNING_MS = 5 * 60_000;
const AUTO_INTERVAL_MS = 60_000;
const PENDING_COUNT_LIMIT = 1000;
const BACKOFF_MS = [5_000, 15_000, 60_000, 5 * 60_000];
const REQUEST_TIMEOUT_MS = 120_000;
/** Request body budget: below the hub's limit with room for the JSON around the messages. */
const BODY_BUDGET = MAX_SYNC_BODY_BYTES / 2;

interface HubSettings {
  url: string | null;
  deviceId: string | null;
  token: string | null;
  hubId: string | null;
  hubPublicKey: string | null;
  officerCode: string | null;
  regencies: string[];
  auto: boolean;
}

interface SyncState {
  /** Local log sequence the hub has acknowledged. */
  sentCursor: number;
  /** Hub sequence this laptop has applied. */
  pullCursor: number;
  /** The hub's mark of the last re-sent site history page applied (sites that came into scope). */
  backfill: string | null;
  /** Sites removed from this laptop (they left its scope) that the hub has not been told of yet. */
  released: string[];
  /** The newest release list version seen from the hub: an older list (a stale or replayed bundle) is not applied. */
  releaseVersion: number;
  /**
   * Local log sequence up to which this laptop's bundles reached the hub (a hub bundle's
   * `acknowledged`): the next bundle starts after it or after `sentCursor`, so a bundle the office
   * refused or never loaded is carried again by the next one.
   */
  bundleAcked: number;
  lastSyncAt: string | null;
  lastResult: SyncRunReport | null;
  lastError: SyncStatus['lastError'];
  clockSkewMs: number | null;
  /** The hub's time at the last contact, with this laptop's clock and uptime then (db/sync/clock-guard.ts). */
  clockRef: ClockReference | null;
}

const NO_HUB: HubSettings = { url: null, deviceId: null, token: null, hubId: null, hubPublicKey: null, officerCode: null, regencies: [], auto: true };
const NEW_STATE: SyncState = {
  sentCursor: 0,
  pullCursor: 0,
  backfill: null,
  released: [],
  releaseVersion: 0,
  bundleAcked: 0,
  lastSyncAt: null,
  lastResult: null,
  lastError: null,
  clockSkewMs: null,
  clockRef: null,
};

export interface HubClientOptions {
  fetch?: typeof fetch;
  /** Automatic sync; tests that drive sync by hand turn it off. */
  autoTimers?: boolean;
  /** The machine's uptime in ms (tests move it with their clock). */
  uptime?: () => number;
}

/**
 * What sync uses of the core, and nothing else (core.ts, the composition root, hands it over): the
 * database's transactions, local settings (where sync keeps its state and keys), the attachment
 * files, the replication API over the write unit's change log (pending, apply, release), and the
 * search index it brings up to date after a pull, and the clock it checks against the hub's.
 */
export interface HubClientParts {
  clock: Pick<Clock, 'now'>;
  db: Pick<Db, 'transaction' | 'open'>;
  settings: Pick<SettingsRepo, 'get' | 'set' | 'getSetup' | 'getOfficer'>;
  blobs: Pick<BlobStore, 'has' | 'put' | 'read' | 'remove'>;
  sync: ReplicaSync & Pick<SyncService, 'releaseSites' | 'restampAhead' | 'waitingRecords' | 'openConflictCount'>;
  sites: Pick<SitesRepo, 'refreshSearchIndex'>;
  gate: Pick<DbGate, 'shared'>;
}

const clients = new WeakMap<HubClientParts, HubClient>();

/** The one hub client of a core (made on first use). */
export function hubClientOf(parts: HubClientParts, options: HubClientOptions = {}): HubClient {
  let client = clients.get(parts);
  if (!client) {
    client = createHubClient(parts, options);
    clients.set(parts, client);
  }
  return client;
}

const UNIT_TEXT = { minute: 'menit', hour: 'jam', day: 'hari' } as const;

/** What a hub's refusal means for the officer: its stable code → our reason. */
const HUB_REASONS: Partial<Record<HubErrorCode, ErrorReason>> = {
  VALIDATION: 'hub_request_invalid',
  UNAUTHORIZED: 'hub_device_unknown',
  REVOKED: 'hub_device_revoked',
  ENROLLMENT_INVALID: 'hub_enrollment_invalid',
  CLOCK_AHEAD: 'hub_clock_ahead',
  BLOB_MISMATCH: 'hub_blob_mismatch',
  NOT_FOUND: 'hub_not_found',
  TOO_LARGE: 'hub_too_large',
  BUSY: 'hub_busy',
  INTERNAL: 'hub_internal',
};

/** A hub's answer that is not OK, as the app's refusal (with the hub's Indonesian message for the log). */
function hubRefusal(status: number, answer: Partial<HubError>): AppError {
  const reason = (answer.code && HUB_REASONS[answer.code]) || (status === 401 ? 'hub_device_unknown' : 'hub_refused');
  if (status === 401) {
    return refuse('SYNC_NOT_ENROLLED', reason, answer.message ?? 'Hub tidak mengenali laptop ini: daftarkan ulang dengan kode dari kantor');
  }
  // The hub's parameters are taken only as short plain values: they are shown in the window.
  const params: ErrorParams = reason === 'hub_refused' ? { status } : {};
  for (const [key, value] of Object.entries(answer.params ?? {})) {
    if ((typeof value === 'string' && value.length <= 40) || typeof value === 'number') params[key] = value;
  }
  return refuse('HUB_REFUSED', reason, answer.message ?? `Hub menolak permintaan (HTTP ${status})`, Object.keys(params).length ? params : undefined);
}

/** Stops a core's hub client (its timers), if one was made. */
export function closeHubClient(parts: HubClientParts): void {
  clients.get(parts)?.close();
  clients.delete(parts);
}

/** Makes the hub client over the parts of a core it uses. */
export function createHubClient(parts: HubClientParts, { fetch: fetchFn = globalThis.fetch, autoTimers = true, uptime = machineUptimeMs }: HubClientOptions = {}) {
  const hubSettings = (): HubSettings => ({ ...NO_HUB, ...(parts.settings.get<Partial<HubSettings>>(KEY_HUB) ?? {}) });
  const state = (): SyncState => ({ ...NEW_STATE, ...(parts.settings.get<Partial<SyncState>>(KEY_STATE) ?? {}) });
  const saveState = (patch: Partial<SyncState>) => parts.settings.set(KEY_STATE, { ...state(), ...patch });
  const queue = (key: string) => parts.settings.get<string[]>(key) ?? [];

  let running: Promise<SyncRunReport> | null = null;
  let phase: SyncPhase = 'idle';
  const progress = { sent: 0, received: 0 };
  let failures = 0;
  let nextRetryAt: Date | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  /** The clock reference was taken by this process (so the machine has not restarted since). */
  let referenceTakenHere = false;

  const replica = (): ReplicaSync => parts.sync;

  /** The role the office set for this laptop becomes its setup's (who may review visits). */
  function adoptRole(role: 'officer' | 'supervisor'): void {
    const setup = parts.settings.getSetup();
    if (setup && (setup.role ?? 'officer') !== role) parts.settings.set('setup', { ...setup, role });
  }

  /** The device key pair, made the first time it is needed and kept in local settings. */
  function deviceKey(): DeviceKeyPair {
    let key = parts.settings.get<DeviceKeyPair>(KEY_DEVICE);
    if (!key) {
      key = generateDeviceKey();
      parts.settings.set(KEY_DEVICE, key);
    }
    return key;
  }

  async function request<T>(path: string, init: { method: string; body?: unknown; raw?: Uint8Array; auth?: boolean }): Promise<T> {
    const hub = hubSettings();
    if (!hub.url) throw refuse('SYNC_NOT_ENROLLED', 'hub_url_missing', 'Alamat hub belum diisi');
    if (init.auth !== false && !hub.token) {
      throw refuse('SYNC_NOT_ENROLLED', 'sync_not_enrolled', 'Laptop ini belum terdaftar di hub: masukkan kode pendaftaran dari kantor');
    }
    const headers: Record<string, string> = {};
    if (init.auth !== false) headers.authorization = `Bearer ${hub.token}`;
    let body: BodyInit | undefined;
    if (init.raw) {
      headers['content-type'] = 'application/octet-stream';
      body = init.raw as Uint8Array<ArrayBuffer>;
    } else if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    let response: Response;
    const [sentAt, sentUptime] = [wallNow(), uptime()];
    const send = () => fetchFn(`${hub.url}${path}`, { method: init.method, headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    try {
      try {
        response = await send();
      } catch {
        // A kept-alive connection the hub closed (a restart) fails at once: one fresh try. Every
        // request is safe to repeat (messages and file pieces are stored once).
        await new Promise((resolve) => setTimeout(resolve, 250));
        response = await send();
      }
    } catch {
      throw refuse(
        'HUB_UNREACHABLE',
        'hub_unreachable',
        `Hub tidak dapat dihubungi di ${hub.url}. Data tetap aman di laptop dan dikirim saat hub terjangkau.`,
        { url: hub.url },
      );
    }
    if (!response.ok) {
      let answer: Partial<HubError> = {};
      try {
        answer = (await response.json()) as HubError;
      } catch {
        // Not the hub's JSON: say what we know.
      }
      // Refused for the laptop's clock: the hub's time (its Date header) is the warning's reference.
      const date = response.headers.get('date');
      if (answer.code === 'CLOCK_AHEAD' && date) noteHubTime(new Date(date).toISOString(), sentAt, sentUptime);
      throw hubRefusal(response.status, answer);
    }
    if (path.startsWith('/v1/blobs/') && init.method === 'GET' && !path.endsWith('/upload')) {
      return new Uint8Array(await response.arrayBuffer()) as T;
    }
    return (await response.json()) as T;
  }

  /** The laptop's clock: the one its changes are stamped with. */
  const wallNow = (): number => parts.clock.now().getTime();

  function noteHubTime(hubTime: string, sentAt: number, sentUptime: number): void {
    const localMid = (sentAt + wallNow()) / 2;
    const hub = Date.parse(hubTime);
    referenceTakenHere = true;
    saveState({ clockSkewMs: Math.round(localMid - hub), clockRef: { hubTime: hub, wall: localMid, uptime: (sentUptime + uptime()) / 2 } });
  }

  /** The laptop clock minus the hub's now, from the last contact and the time elapsed since; null when unknown. */
  function skewNow(): number | null {
    const ref = state().clockRef;
    return ref ? clockSkewNow(ref, wallNow(), uptime(), referenceTakenHere) : null;
  }

  /** Unsent local messages, as many as fit one request. */
  function nextOutgoing(after: number): { messages: ChangeMessage[]; cursor: number; more: boolean } {
    for (let limit = MAX_BATCH; ; limit = Math.max(1, Math.floor(limit / 2))) {
      const page = replica().pending({ after, limit, ownOnly: false });
      const bytes = page.messages.reduce((sum, m) => sum + m.value.length + m.row.length + 160, 0);
      if (bytes <= BODY_BUDGET || limit === 1) return page;
    }
  }

  /** Advances the sent cursor over messages that only just arrived from the hub (nothing of ours was waiting). */
  function skipEchoes(sentCursor: number): number {
    let cursor = sentCursor;
    for (;;) {
      const page = replica().pending({ after: cursor, limit: MAX_BATCH, ownOnly: false });
      cursor = page.cursor;
      if (!page.more) return cursor;
    }
  }

  function enqueue(key: string, shas: Iterable<string>): void {
    const current = new Set(queue(key));
    let changed = false;
    for (const sha of shas) {
      if (!current.has(sha)) {
        current.add(sha);
        changed = true;
      }
    }
    if (changed) parts.settings.set(key, [...current]);
  }
  function dequeue(key: string, sha: string): void {
    parts.settings.set(
      key,
      queue(key).filter((s) => s !== sha),
    );
  }

  async function uploadBlob(sha256: string): Promise<boolean> {
    if (!parts.blobs.has(sha256)) return true; // Nothing to send: the file was never on this laptop.
    const bytes = parts.blobs.read(sha256);
    let status = await request<BlobUploadState>(`/v1/blobs/${sha256}/upload`, { method: 'GET' });
    while (!status.complete) {
      const end = Math.min(bytes.byteLength, status.received + MAX_BLOB_CHUNK_BYTES);
      status = await request<BlobUploadState>(`/v1/blobs/${sha256}?offset=${status.received}&total=${bytes.byteLength}`, {
        method: 'PUT',
        raw: bytes.subarray(status.received, end),
      });
    }
    return true;
  }

  async function downloadBlob(sha256: string): Promise<boolean> {
    if (parts.blobs.has(sha256)) return true;
    try {
      const bytes = await request<Uint8Array>(`/v1/blobs/${sha256}`, { method: 'GET' });
      if (createHash('sha256').update(bytes).digest('hex') !== sha256) return false;
      parts.blobs.put(bytes);
      return true;
    } catch (error) {
      // Not on the hub yet (its author has not synced the file): try again next time.
      if (error instanceof AppError && error.code === 'HUB_REFUSED') return false;
      throw error;
    }
  }

  /** The restore notice for the hub, until the hub took it (db/maintenance.ts writes it). */
  function restoreNotice(): { restoredFromBackup?: { previousReplicaId: string | null; backupCreatedAt: string } } {
    const restored = parts.settings.get<RestoredFromBackup & { told?: boolean }>(KEY_RESTORED);
    if (!restored || restored.told) return {};
    return { restoredFromBackup: { previousReplicaId: restored.previousReplicaId, backupCreatedAt: restored.backupCreatedAt } };
  }

  async function run(): Promise<SyncRunReport> {
    const report: SyncRunReport = { sent: 0, received: 0, conflicts: 0, filesSent: 0, filesReceived: 0, released: 0, finishedAt: '' };
    progress.sent = 0;
    progress.received = 0;
    const sync = replica();
    const own = sync.replicaId();

    // 1. Send what the hub has not acknowledged (and pull alongside, one batch per round); changes
    // stamped over a day ahead by a clock that is right now go stamped again, or the hub refuses all.
    parts.sync.restampAhead();
    phase = 'sending';
    for (;;) {
      const { sentCursor, pullCursor, backfill, released } = state();
      const out = nextOutgoing(sentCursor);
      const confirming = released.slice(0, MAX_RELEASE);
      const sentAt = wallNow();
      const sentUptime = uptime();
      const reply = await request<SyncResponse>('/v1/sync', {
        method: 'POST',
        body: { replicaId: own, messages: out.messages, cursor: pullCursor, limit: MAX_BATCH, backfill, released: confirming, ...restoreNotice() },
      });
      // The hub took the restore notice with this request: it is said once.
      if (restoreNotice().restoredFromBackup) parts.settings.set(KEY_RESTORED, { ...parts.settings.get<RestoredFromBackup>(KEY_RESTORED), told: true });
      noteHubTime(reply.hubTime, sentAt, sentUptime);
      noteScope(reply.regencies);
      if (out.messages.length) {
        // Acknowledged: move the cursor and remember the files those messages name, together.
        parts.db.transaction(() => {
          saveState({ sentCursor: out.cursor });
          enqueue(KEY_BLOBS_UP, referencedBlobs(out.messages));
        })();
        report.sent += reply.stored;
        progress.sent += out.messages.length;
      }
      if (reply.messages.length || reply.cursor !== pullCursor || (reply.backfill ?? null) !== backfill) {
        phase = 'receiving';
        const applied = applyIncoming(reply.messages, reply.cursor, reply.backfill ?? null);
        report.received += applied.received;
        report.conflicts += applied.conflicts;
        progress.received += reply.messages.length;
      }
      // The office may have changed who uses this laptop (`hub role`): the setup follows it.
      if (reply.role) adoptRole(reply.role);
      // Sites that left this laptop's scope: removed once nothing of theirs waits to be sent; one
      // more request tells the hub which.
      const release = SiteReleaseList.safeParse(reply.release ?? []);
      if (!release.success) throw refuse('HUB_REFUSED', 'hub_answer_invalid', 'Balasan hub tidak valid: daftar usaha yang dilepas dari laptop');
      // The hub's list is current when it is made; still, one older than a list already seen is not applied.
      const asked = currentReleaseList(release.data, reply.releaseVersion) ?? [];
      const outcome = confirming.length || asked.length ? releaseSites(asked, confirming, 0) : { released: 0, removed: 0 };
      report.released += outcome.removed;
      if (!out.more && !reply.more && !outcome.released) break;
    }

    // The sites the round brought go into the search index once, not batch by batch: a search
    // would index them first anyway, but the officer's first one after a big pull stays quick.
    parts.sites.refreshSearchIndex();

    // 2. Files: send ours, fetch what the new records point at.
    phase = 'files';
    for (const sha256 of queue(KEY_BLOBS_UP)) {
      if (await uploadBlob(sha256)) {
        dequeue(KEY_BLOBS_UP, sha256);
        report.filesSent++;
      }
    }
    for (const sha256 of queue(KEY_BLOBS_DOWN)) {
      if (await downloadBlob(sha256)) {
        dequeue(KEY_BLOBS_DOWN, sha256);
        report.filesReceived++;
      }
    }
    report.finishedAt = new Date().toISOString();
    saveState({ lastSyncAt: report.finishedAt, lastResult: report, lastError: null });
    return report;
  }

  /**
   * Removes the sites the hub asked this laptop to release (db/sync/site-release.ts) and notes
   * them to confirm, forgetting those the hub just took confirmation of, in one transaction; then
   * deletes the files only those sites used. Answers how many sites were released now (to confirm)
   * and how many of those were on this laptop. The hub holds everything up to the sent cursor, or up
   * to `acknowledged` when a hub bundle says it holds more (what this laptop's bundles brought it).
   */
  function releaseSites(requested: readonly string[], confirmed: readonly string[], acknowledged: number): { released: number; removed: number } {
    let files: string[] = [];
    const counts = parts.db.transaction(() => {
      const s = state();
      const sentAfter = Math.max(s.sentCursor, acknowledged);
      const outcome = requested.length
        ? parts.sync.releaseSites(requested, { sentAfter, filesToSend: new Set(queue(KEY_BLOBS_UP)) })
        : { released: [], removed: 0, kept: [], files: [] };
      const told = new Set(confirmed);
      saveState({ released: [...new Set([...s.released.filter((id) => !told.has(id)), ...outcome.released])] });
      if (outcome.files.length) {
        const gone = new Set(outcome.files);
        parts.settings.set(KEY_BLOBS_DOWN, queue(KEY_BLOBS_DOWN).filter((sha) => !gone.has(sha)));
      }
      files = outcome.files;
      return { released: outcome.released.length, removed: outcome.removed };
    })();
    // After the commit: a crash before this leaves a file no row names, never a row without its file.
    for (const sha256 of files) parts.blobs.remove(sha256);
    return counts;
  }

  /**
   * A release list from the hub, if it is current: not older than the newest this laptop saw (a hub
   * bundle loaded again after the laptop came to hold a site again releases nothing); null when
   * stale. Notes its version.
   */
  function currentReleaseList(list: readonly string[], version: number | undefined): readonly string[] | null {
    const seen = state().releaseVersion;
    if ((version ?? 0) < seen) return null;
    if ((version ?? 0) > seen) saveState({ releaseVersion: version });
    return list;
  }

  /** The office may change this laptop's regencies: the hub says which in every reply. */
  function noteScope(regencies: string[] | undefined): void {
    if (!regencies) return;
    const hub = hubSettings();
    if (hub.regencies.join(',') !== regencies.join(',')) parts.settings.set(KEY_HUB, { ...hub, regencies });
  }

  /**
   * Applies one pulled batch, queues the files it names and moves the pull cursor (and the mark of
   * a re-sent page, the hub's proof that it arrived), in one transaction.
   */
  function applyIncoming(messages: ChangeMessage[], cursor: number, backfill: string | null): SyncApplyReport {
    const sync = replica();
    return parts.db.transaction(() => {
      const { sentCursor } = state();
      const nothingUnsent = sync.pending({ after: sentCursor, limit: 1, ownOnly: false }).messages.length === 0;
      const report = messages.length ? sync.apply(messages) : emptyReport();
      const wanted = [...referencedBlobs(messages)].filter((sha) => !parts.blobs.has(sha));
      enqueue(KEY_BLOBS_DOWN, wanted);
      // What was just applied came from the hub: never send it back.
      saveState({ pullCursor: cursor, backfill, ...(nothingUnsent ? { sentCursor: skipEchoes(sentCursor) } : {}) });
      return report;
    })();
  }

  function scheduleAuto(delay: number): void {
    if (!autoTimers || closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (closed || !parts.db.open) return;
      const hub = hubSettings();
      if (!hub.token || !hub.auto) return;
      void syncNow().catch(() => undefined);
    }, delay);
    timer.unref?.();
  }

  /** Runs one sync (or joins the one under way). Errors are recorded for the screen and rethrown. */
  function syncNow(): Promise<SyncRunReport> {
    if (running) return running;
    // A round waits while a held write (an import) keeps its transaction open (db/db-gate.ts).
    running = parts.gate.shared(run)
      .then((report) => {
        log.info('sync_done', { sent: report.sent, received: report.received, conflicts: report.conflicts, filesSent: report.filesSent, filesReceived: report.filesReceived, released: report.released });
        failures = 0;
        nextRetryAt = null;
        scheduleAuto(AUTO_INTERVAL_MS);
        return report;
      })
      .catch((error: unknown) => {
        const appError = error instanceof AppError ? error : refuse('INTERNAL', 'sync_failed', `Sinkronisasi gagal: ${String(error)}`);
        if (error instanceof AppError) log.warn('sync_failed', { code: appError.code, reason: appError.detail?.reason });
        else log.error('sync_failed', error);
        // With its reason, so the screen says it in the officer's language, today and after a restart.
        if (parts.db.open) {
          saveState({ lastError: { code: appError.code, ...appError.detail, message: appError.message, at: new Date().toISOString() } });
        }
        // Retry with backoff, without waiting for the next local write; a revoked or unknown device waits for the officer.
        if (appError.code !== 'SYNC_NOT_ENROLLED') {
          const delay = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)];
          failures++;
          nextRetryAt = new Date(Date.now() + delay);
          scheduleAuto(delay);
        }
        throw appError;
      })
      .finally(() => {
        running = null;
        phase = 'idle';
      });
    return running;
  }

  function status(): SyncStatus {
    const hub = hubSettings();
    const s = state();
    const sync = parts.sync;
    // Counted up to a bound: the frame asks often, and "1000+" says enough.
    // Before enrolment too: everything done so far waits for the first sync.
    const pendingPage = sync.pending({ after: s.sentCursor, limit: PENDING_COUNT_LIMIT, ownOnly: false });
    // Between syncs too: a clock set wrong in the field shows at once (on the forms as well).
    const skew = skewNow();
    return {
      hubUrl: hub.url,
      enrolled: !!hub.token,
      deviceId: hub.deviceId,
      officerCode: hub.officerCode,
      regencies: hub.regencies,
      auto: hub.auto,
      running: !!running,
      phase,
      progress: { ...progress },
      lastSyncAt: s.lastSyncAt,
      // A report stored by an earlier version has no count of released sites.
      lastResult: s.lastResult ? { ...s.lastResult, released: s.lastResult.released ?? 0 } : null,
      pending: pendingPage.messages.length,
      pendingMore: pendingPage.more,
      waiting: sync.waitingRecords(s.sentCursor),
      openConflicts: sync.openConflictCount(),
      filesWaiting: queue(KEY_BLOBS_UP).length + queue(KEY_BLOBS_DOWN).length,
      lastError: s.lastError,
      nextRetryAt: nextRetryAt?.toISOString() ?? null,
      clockSkewMs: skew,
      clockWarning: skew !== null && Math.abs(skew) > CLOCK_WARNING_MS ? clockWarning(skew) : null,
    };
  }

  function clockWarning(skew: number): NonNullable<SyncStatus['clockWarning']> {
    const amount = clockAmount(skew);
    const message =
      `Jam laptop ${skew > 0 ? 'lebih cepat' : 'lebih lambat'} ${amount.value} ${UNIT_TEXT[amount.unit]} dari jam hub. ` +
      'Periksa tanggal dan jam laptop; pekerjaan tetap bisa dilanjutkan.';
    return { ahead: skew > 0, amount, message };
  }

  // Resume automatic sync for a laptop that was enrolled before this start.
  if (hubSettings().token && hubSettings().auto) scheduleAuto(2_000);

  return {
    status,
    syncNow,
    deviceKey,

    /** Exchanges a one-time code from the office for this laptop's device token. */
    async enroll(url: string, code: string): Promise<SyncStatus> {
      parts.settings.set(KEY_HUB, { ...hubSettings(), url });
      const key = deviceKey();
      const enrolled = await request<EnrollResponse>('/v1/enroll', {
        method: 'POST',
        auth: false,
        body: { code, replicaId: replica().replicaId(), deviceName: hostname().slice(0, 80) || 'Laptop', publicKey: key.publicKey },
      });
      parts.db.transaction(() => {
        parts.settings.set(KEY_HUB, {
          ...hubSettings(),
          url,
          deviceId: enrolled.deviceId,
          token: enrolled.token,
          hubId: enrolled.hubId,
          hubPublicKey: enrolled.hubPublicKey,
          officerCode: enrolled.officerCode,
          regencies: enrolled.regencies,
        });
        // The office says who uses this laptop (officer or supervisor); an older hub says nothing.
        if (enrolled.role) adoptRole(enrolled.role);
        // A new hub starts from the beginning: send everything, receive everything.
        saveState({ sentCursor: 0, pullCursor: 0, backfill: null, released: [], releaseVersion: 0, lastError: null });
      })();
      scheduleAuto(500);
      return status();
    },

    setAuto(enabled: boolean): SyncStatus {
      parts.settings.set(KEY_HUB, { ...hubSettings(), auto: enabled });
      if (enabled) scheduleAuto(500);
      else if (timer) clearTimeout(timer);
      return status();
    },

    /** "Simpan paket sinkronisasi": what the hub has not confirmed (or everything), with its files. */
    exportBundle(all: boolean): BundleExportResult {
      const sync = replica();
      parts.sync.restampAhead();
      // The range starts where the hub's bundle acknowledgement stands, so the hub takes it as following
      // on; what sync already brought it (up to the sent cursor) is left out of the messages.
      const acked = all ? 0 : state().bundleAcked;
      const after = all ? 0 : Math.max(state().sentCursor, acked);
      const messages: ChangeMessage[] = [];
      let cursor = after;
      for (;;) {
        const page = sync.pending({ after: cursor, limit: MAX_BATCH, ownOnly: false });
        messages.push(...page.messages);
        cursor = page.cursor;
        if (!page.more) break;
      }
      const blobs = new Map<string, Uint8Array>();
      for (const sha256 of referencedBlobs(messages)) if (parts.blobs.has(sha256)) blobs.set(sha256, parts.blobs.read(sha256));
      const key = deviceKey();
      const setup = parts.settings.getSetup();
      const officer = hubSettings().officerCode ?? (setup ? parts.settings.getOfficer(setup.officerId)?.code : null) ?? '';
      const now = new Date();
      const bytes = writeBundle(
        {
          fromReplica: sync.replicaId(),
          fromPublicKey: key.publicKey,
          fromLabel: `Laptop ${officer}`.trim(),
          forPeer: null,
          range: { after: acked, upTo: cursor },
          messages,
          blobs,
          // The sites this laptop let go and the hub has not been told of (and: this app releases sites).
          released: state().released,
        },
        key,
        now,
      );
      const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
      return { fileName: `sinkronisasi-${officer || 'ikm'}-${stamp}${BUNDLE_EXTENSION}`.toLowerCase(), bytes, messages: messages.length, blobs: blobs.size };
    },

    /** "Muat paket": checks the whole bundle, then stores its files and applies its messages in one transaction. */
    importBundle(bytes: Uint8Array, acceptNewDevice: boolean): BundleImportResult {
      const sync = replica();
      const hub = hubSettings();
      const trusted = [...(hub.hubPublicKey ? [hub.hubPublicKey] : []), ...(parts.settings.get<string[]>(KEY_TRUSTED) ?? []), deviceKey().publicKey];
      const bundle = readBundle(bytes, { trustedKeys: trusted, selfIds: [sync.replicaId()], acceptUnknownSigner: acceptNewDevice });
      for (const blob of bundle.blobs.values()) parts.blobs.put(blob);
      // A colleague's changes stamped more than a day ahead are not taken in: this laptop would pass
      // them on, the hub would refuse them and everything queued behind them. Their author re-stamps
      // them once its clock is right (Replicator.restampAhead). The hub's own bundle never has any.
      const fromHub = !!hub.hubPublicKey && bundle.fromPublicKey === hub.hubPublicKey;
      const now = wallNow();
      const messages = fromHub ? bundle.messages : bundle.messages.filter((m) => !isTooFarAhead(m.hlc, now));
      const total = { received: 0, duplicates: 0, conflicts: 0 };
      parts.db.transaction(() => {
        for (let i = 0; i < messages.length; i += MAX_BATCH) {
          const report = sync.apply(messages.slice(i, i + MAX_BATCH));
          total.received += report.received;
          total.duplicates += report.duplicates;
          total.conflicts += report.conflicts;
        }
        if (acceptNewDevice && !trusted.includes(bundle.fromPublicKey)) {
          parts.settings.set(KEY_TRUSTED, [...(parts.settings.get<string[]>(KEY_TRUSTED) ?? []), bundle.fromPublicKey]);
        }
        enqueue(KEY_BLOBS_DOWN, [...referencedBlobs(bundle.messages)].filter((sha) => !parts.blobs.has(sha)));
      })();
      parts.sites.refreshSearchIndex();
      // The hub's bundle for this laptop: release the sites that left its scope by the rule of hub
      // sync (nothing of them left to send: sent by sync, or brought to the hub by this laptop's
      // bundles), and stop telling the hub of those it no longer asks for. Sites outside the scope
      // that arrive in another laptop's bundle are kept: this laptop may be the only way they reach
      // the hub, which asks for them once they did (hub/store.ts, holdWritten).
      let released = 0;
      // A stale list (an older bundle loaded again, or one written for this laptop's earlier
      // enrolment, whose versions count apart) releases nothing and confirms nothing.
      const forThisEnrolment = (bundle.forDevice ?? hub.deviceId) === hub.deviceId;
      const list = bundle.release && fromHub && forThisEnrolment ? currentReleaseList(bundle.release, bundle.releaseVersion) : null;
      if (fromHub && forThisEnrolment && (bundle.acknowledged ?? 0) > state().bundleAcked) saveState({ bundleAcked: bundle.acknowledged });
      if (list) {
        const asked = new Set(list);
        const confirmed = state().released.filter((id) => !asked.has(id));
        released = releaseSites(list, confirmed, bundle.acknowledged ?? 0).removed;
      }
      const refusedAhead = bundle.messages.length - messages.length;
      return { from: bundle.fromLabel, messages: bundle.messages.length, ...total, blobs: bundle.blobs.size, released, ...(refusedAhead ? { refusedAhead } : {}) };
    },

    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
export type HubClient = ReturnType<typeof createHubClient>;

function emptyReport(): SyncApplyReport {
  return { received: 0, duplicates: 0, waiting: 0, future: 0, unknown: 0, invalid: 0, conflicts: 0 };
}
