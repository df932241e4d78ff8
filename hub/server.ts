import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { z } from 'zod';
import { openCore, type Core } from '../db/core';
import { systemClock, type Clock } from '../db/clock';
import {
  BlobUploadQuery,
  EnrollRequest,
  MAX_BLOB_BYTES,
  MAX_BLOB_CHUNK_BYTES,
  MAX_PUSH_VALUE_CHARS,
  MAX_RELEASE,
  MAX_SYNC_BODY_BYTES,
  Sha256Text,
  SyncRequest,
  type BlobUploadState,
  type EnrollResponse,
  type HubErrorCode,
  type HubHealth,
  type SyncResponse,
} from '../db/model/hub';
import { MAX_BATCH, type ChangeMessage } from '../db/model/sync';
import { replicaSyncOf } from '../db/sync/replica-sync';
import { openHubStore, type DeviceRow, type HubStore } from './store';
import type { DbKey } from '../db/db-key';
import { log } from '../db/log';

export const HUB_VERSION = '1';
/** The hub refuses messages stamped further ahead of its clock than this. */
export const MAX_AHEAD_MS = 86_400_000;
/** The office copy is brought up to date once no device has sent anything for this long. */
const APPLY_QUIET_MS = 300;
/** How often the hub looks for edits the office made in its own copy. */
const CORE_EDITS_INTERVAL_MS = 5_000;
/** Unfinished uploads older than this are removed when the hub starts. */
const STALE_UPLOAD_MS = 86_400_000;

/** The hub's defences against a flood or a slow sender (issue 21, item 8); tests make them small. */
export interface HubLimits {
  /** A request must arrive whole within this (a half-sent body is cut off with 408). */
  requestTimeoutMs: number;
  /** Wrong tokens per address and minute before the hub answers 429 for the rest of the minute. */
  authFailuresPerMinute: number;
  /** Wrong enrollment codes per address and minute, likewise. */
  enrollFailuresPerMinute: number;
  /** Bytes of unfinished uploads one device may leave: a new one removes its oldest beyond this. */
  uploadBytesPerDevice: number;
  /** Bytes of unfinished uploads of all devices together: beyond it an upload is refused (507). */
  uploadBytesTotal: number;
  /**
   * Back-pressure: while the event loop lags more than this (mean over a sample) or the heap holds
   * more than `maxHeapUsedBytes`, requests are answered 503 BUSY with Retry-After, so laptops back
   * off instead of piling up requests the hub cannot serve in time. 0 turns a check off.
   */
  maxEventLoopDelayMs: number;
  maxHeapUsedBytes: number;
  /** How often the hub measures itself for back-pressure. */
  pressureSampleMs: number;
  /** The Retry-After a BUSY answer carries (seconds). */
  busyRetryAfterS: number;
}
export const DEFAULT_HUB_LIMITS: HubLimits = {
  requestTimeoutMs: 120_000,
  authFailuresPerMinute: 30,
  enrollFailuresPerMinute: 10,
  uploadBytesPerDevice: MAX_BLOB_BYTES,
  uploadBytesTotal: 1024 * 1024 * 1024,
  // Off by default: a hub serving many laptops keeps its event loop busy (every request is
  // synchronous SQLite work), so lag is queued work, not trouble. 50 laptops at once on a loaded
  // 2-core machine were refused BUSY even at a 10 s mean lag, and refused laptops only come back.
  // Memory is what brings a hub down (issue 21: 2.4 GB), so the heap is the default guard.
  maxEventLoopDelayMs: 0,
  maxHeapUsedBytes: 1536 * 1024 * 1024,
  pressureSampleMs: 1_000,
  busyRetryAfterS: 10,
};

/** A refusal with a status, a stable code and an Indonesian message. */
export class HubHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HubErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new HubHttpError(400, 'VALIDATION', `Permintaan tidak valid: ${issues[0]?.message ?? 'format salah'}`, issues);
}

export interface HubOptions {
  dataDir: string;
  clock?: Clock;
  /** TLS certificate and key (PEM); plain HTTP when absent. */
  tls?: { cert: Buffer; key: Buffer };
  logger?: boolean;
  limits?: Partial<HubLimits>;
  /** The hub's data key (from IKM_DB_PASSPHRASE): its store, its core copy and that copy's files are encrypted with it. */
  dbKey?: DbKey | null;
}

/** The files of a hub's data folder: its store, and a normal core database the app can open. */
export function hubPaths(dataDir: string) {
  return {
    store: join(dataDir, 'hub.sqlite'),
    core: join(dataDir, 'ikm-lapangan.sqlite'),
    uploads: join(dataDir, 'blob-uploads'),
  };
}

/** The unfinished uploads in the uploads folder: `<device>.<sha256>.part`. */
function unfinishedUploads(dir: string): { name: string; deviceId: string; size: number; mtimeMs: number }[] {
  const found: { name: string; deviceId: string; size: number; mtimeMs: number }[] = [];
  for (const name of readdirSync(dir)) {
    const match = /^([0-9a-f]+)\.[0-9a-f]{64}\.part$/.exec(name);
    if (!match) continue;
    try {
      const stat = statSync(join(dir, name));
      found.push({ name, deviceId: match[1], size: stat.size, mtimeMs: stat.mtimeMs });
    } catch {
      // Finished or removed meanwhile.
    }
  }
  return found;
}

/** Removes unfinished uploads last written before `before` (ms), and files of an older naming. */
function removeStaleUploads(dir: string, before: number): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    try {
      if (!/^[0-9a-f]+\.[0-9a-f]{64}\.part$/.test(name) || statSync(path).mtimeMs < before) rmSync(path, { force: true });
    } catch {
      // Gone meanwhile.
    }
  }
}

/**
 * The office hub: keeps every message once with a server sequence, hands each device what others
 * wrote, and applies everything to its own core copy so the office sees the merged data.
 */
export interface Hub {
  app: FastifyInstance;
  store: HubStore;
  core: Core;
  /** Brings the core copy up to date with the store (and the store with the core's own edits). */
  settle(): void;
  close(): Promise<void>;
}

/** Opens the hub over a data folder; call `app.listen` to serve. */
export function createHub({ dataDir, clock = systemClock, tls, logger = false, limits: given, dbKey = null }: HubOptions): Hub {
  const limits: HubLimits = { ...DEFAULT_HUB_LIMITS, ...given };
  const paths = hubPaths(dataDir);
  mkdirSync(paths.uploads, { recursive: true });
  removeStaleUploads(paths.uploads, Date.now() - STALE_UPLOAD_MS);
  const store = openHubStore(paths.store, { key: dbKey });
  const core = openCore({ dbFile: paths.core, key: dbKey, clock, collectBlobs: false });
  const replica = replicaSyncOf(core);
  // The office's own edits are stamped with the core copy's replica: no laptop may write as it.
  store.ownReplica(replica.replicaId());

  /**
   * The office may edit the hub's data folder in the app: take those edits into the log. Runs at
   * start and every few seconds (not per request); the cursor moves past everything already seen,
   * so each run reads only what is new.
   */
  function ingestCoreEdits(): void {
    for (;;) {
      const after = store.getNumber('core_cursor');
      const head = core.sync.info().lastSeq;
      const page = replica.pending({ after, limit: MAX_BATCH, ownOnly: true });
      if (page.messages.length) store.storeMessages(page.messages, null);
      store.setNumber('core_cursor', page.more ? page.cursor : Math.max(page.cursor, head));
      if (!page.more) return;
    }
  }

  /** Applies the stored messages the core copy has not seen, in batches. Idempotent. */
  function applyStored(maxBatches = Infinity): boolean {
    const own = replica.replicaId();
    for (let i = 0; i < maxBatches; i++) {
      const after = store.getNumber('applied_seq');
      const batch = store.messagesAfter(after, MAX_BATCH, own);
      const last = batch.length ? batch[batch.length - 1].seq : store.lastSeq();
      if (batch.length) replica.apply(batch.map(({ seq: _seq, ...m }) => m));
      store.setNumber('applied_seq', Math.max(after, last));
      if (batch.length < MAX_BATCH) return false;
    }
    return true;
  }

  // Applying to the office copy waits until devices stop sending (a quiet moment), then runs a
  // batch at a time, so a large push is never held up by it. Pulls are served from the store.
  let applyTimer: ReturnType<typeof setTimeout> | null = null;
  let lastRequestAt = 0;
  function scheduleApply(delay = APPLY_QUIET_MS): void {
    if (applyTimer) clearTimeout(applyTimer);
    applyTimer = setTimeout(() => {
      applyTimer = null;
      if (performance.now() - lastRequestAt < APPLY_QUIET_MS) return scheduleApply();
      try {
        if (applyStored(1)) scheduleApply(0);
      } catch (error) {
        log.error('hub_apply_failed', error);
      }
    }, delay);
  }

  const settle = () => {
    ingestCoreEdits();
    applyStored();
  };
  settle();
  // Only now does the core copy's log name every file the stored messages name.
  try {
    core.collectUnusedBlobs();
  } catch (error) {
    log.warn('collect_blobs_failed', error);
  }
  const ingestTimer = setInterval(() => {
    try {
      ingestCoreEdits();
    } catch (error) {
      log.error('hub_ingest_failed', error);
    }
  }, CORE_EDITS_INTERVAL_MS);
  ingestTimer.unref();

  // The server is made here so that a request that does not arrive whole in time is cut off
  // (Node checks every few seconds; Fastify alone would check every 30 s).
  const serverOptions = {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(5_000, Math.max(100, Math.floor(limits.requestTimeoutMs / 4))),
  };
  const app = Fastify({
    logger,
    bodyLimit: MAX_SYNC_BODY_BYTES,
    serverFactory: (handler) => {
      const server = tls ? createHttpsServer({ ...serverOptions, cert: tls.cert, key: tls.key }, handler) : createHttpServer(serverOptions, handler);
      // Fastify's own idle time for a kept-alive connection (it sets it only on a server it makes).
      server.keepAliveTimeout = 72_000;
      return server;
    },
  }) as unknown as FastifyInstance;
  // Back-pressure before any other work for a request; the health answer stays (the office checks it).
  const busyRetryAfterS = limits.busyRetryAfterS;
  void app.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxHeapUsedBytes: limits.maxHeapUsedBytes,
    sampleInterval: limits.pressureSampleMs,
    retryAfter: busyRetryAfterS,
    customError: class HubBusy extends HubHttpError {
      constructor() {
        super(503, 'BUSY', `Hub sedang sibuk melayani banyak laptop; sinkronisasi dicoba lagi otomatis dalam ${busyRetryAfterS} detik`, undefined, { seconds: busyRetryAfterS });
      }
    },
  });
  // Only where the routes ask: wrong tokens and wrong enrollment codes are counted, nothing else.
  void app.register(rateLimit, { global: false });
  const failureLimiter = (max: number) => {
    let limiter: ReturnType<FastifyInstance['createRateLimit']> | null = null;
    return () => (limiter ??= app.createRateLimit({ max, timeWindow: 60_000 }));
  };
  const authFailures = failureLimiter(limits.authFailuresPerMinute);
  const enrollFailures = failureLimiter(limits.enrollFailuresPerMinute);
  /** Refuses an address that failed too often this minute, before any work is done for it. */
  async function refuseIfFailingTooOften(request: FastifyRequest, limiter: typeof authFailures): Promise<void> {
    const status = await limiter()(request, { increment: false });
    if (!status.isAllowed && status.remaining <= 0) {
      throw new HubHttpError(429, 'RATE_LIMITED', `Terlalu banyak percobaan yang gagal dari alamat ini; coba lagi dalam ${status.ttlInSeconds} detik`, undefined, {
        seconds: status.ttlInSeconds,
      });
    }
  }

  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_BLOB_CHUNK_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    if (error instanceof HubHttpError) {
      return reply.status(error.status).send({ code: error.code, message: error.message, issues: error.issues, params: error.params });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ code: 'TOO_LARGE', message: 'Kiriman terlalu besar untuk hub: kirim dalam beberapa bagian' });
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ code: 'VALIDATION', message: `Permintaan tidak valid: ${error.message}` });
    }
    log.error('hub_request_failed', error);
    return reply.status(500).send({ code: 'INTERNAL', message: `Terjadi kesalahan di hub: ${error.message}` });
  });
  // One line per answered request: the route's pattern (never its ids), the status and the time.
  app.addHook('onResponse', async (request, reply) => {
    log.info('hub_request', { method: request.method, route: request.routeOptions.url ?? 'unknown', status: reply.statusCode, ms: Math.round(reply.elapsedTime) });
  });
  app.setNotFoundHandler((_request, reply) => {
    void reply.status(404).send({ code: 'NOT_FOUND', message: 'Alamat tidak dikenal oleh hub' });
  });

  /** The device a request comes from; a wrong token counts against its address (429 when too many). */
  async function authenticate(request: FastifyRequest): Promise<DeviceRow> {
    await refuseIfFailingTooOften(request, authFailures);
    const header = request.headers.authorization;
    if (!header || !header.startsWith('Bearer ')) {
      await authFailures()(request);
      throw new HubHttpError(401, 'UNAUTHORIZED', 'Perangkat belum terdaftar di hub: daftarkan laptop dengan kode dari kantor');
    }
    const device = store.authenticate(header.slice('Bearer '.length).trim());
    if (!device) {
      await authFailures()(request);
      throw new HubHttpError(401, 'UNAUTHORIZED', 'Token perangkat tidak dikenal oleh hub: daftarkan ulang laptop dengan kode baru dari kantor');
    }
    if (device.revokedAt) {
      throw new HubHttpError(403, 'REVOKED', 'Akses laptop ini ke hub sudah dicabut oleh kantor. Hubungi kantor untuk kode pendaftaran baru.');
    }
    return device;
  }

  // Answered under pressure too: a null from the route's pressure handler lets the request through.
  app.get('/v1/health', { config: { pressureHandler: () => null } }, async (): Promise<HubHealth> => ({
    ok: true,
    hubId: store.hubId,
    hubTime: clock.now().toISOString(),
    version: HUB_VERSION,
    messages: store.messageCount(),
  }));

  app.post('/v1/enroll', async (request): Promise<EnrollResponse> => {
    await refuseIfFailingTooOften(request, enrollFailures);
    const input = parse(EnrollRequest, request.body);
    const enrolled = store.enroll(input.code, { name: input.deviceName, replicaId: input.replicaId, publicKey: input.publicKey }, clock.now());
    if (!enrolled) {
      await enrollFailures()(request);
      throw new HubHttpError(
        403,
        'ENROLLMENT_INVALID',
        'Kode pendaftaran tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta kode baru ke kantor.',
      );
    }
    return {
      deviceId: enrolled.device.id,
      token: enrolled.token,
      hubId: store.hubId,
      hubPublicKey: store.hubKey.publicKey,
      officerCode: enrolled.device.officerCode,
      regencies: enrolled.device.regencies,
      role: enrolled.device.role,
    };
  });

  app.post('/v1/sync', async (request): Promise<SyncResponse> => {
    lastRequestAt = performance.now();
    let device = await authenticate(request);
    const input = parse(SyncRequest, request.body);
    const now = clock.now();
    // A laptop that restored a backup stamps with a new replica id from then on: the device's own now.
    if (input.restoredFromBackup && input.replicaId !== device.replicaId) {
      if (!store.noteRestored(device.id, input.replicaId)) {
        throw new HubHttpError(409, 'VALIDATION', 'ID replika ini milik perangkat lain; daftarkan ulang laptop dengan kode baru dari kantor.');
      }
      log.info('device_restored_from_backup', { device: device.id });
      device = await authenticate(request);
    }
    refuseFutureMessages(input.messages, now);
    const valueChars = input.messages.reduce((sum, m) => sum + m.value.length, 0);
    if (valueChars > MAX_PUSH_VALUE_CHARS) {
      throw new HubHttpError(413, 'TOO_LARGE', 'Kiriman terlalu besar untuk hub: kirim dalam beberapa bagian. Tidak ada yang disimpan dari kiriman ini.');
    }
    const syncing = device;
    // The whole round in one transaction: one commit (one fsync) per request, not one per step,
    // so many laptops at once wait less (issue 21, item 8).
    return store.db.transaction((): SyncResponse => {
      // The replica it stamps with now is its own, unless another laptop's (a restored laptop has a new one).
      store.claimReplica(input.replicaId, syncing.publicKey);
      // Sites that left the device's scope: take its word for those it removed, list those it has not.
      // Before its messages: a site it released and then took again from a colleague's bundle comes
      // after the release, and is asked for again (store.holdWritten).
      if (input.released !== undefined) store.noteReleases(syncing.id);
      if (input.released?.length) store.confirmReleased(syncing.id, input.released);
      const { stored, duplicates, refused } = store.storeMessages(input.messages, syncing.id, now);
      if (stored) scheduleApply();
      const release = input.released !== undefined ? store.releaseList(syncing.id, MAX_RELEASE) : undefined;
      // Read after the messages and notices above: they may have given the device sites.
      const releaseVersion = input.released !== undefined ? store.releaseVersion(syncing.id) : undefined;

      // Sites that came into this device's scope first: their earlier history, before anything newer.
      if (input.backfill !== undefined) {
        const resend = store.backfill(syncing.id, input.backfill, input.limit);
        if (resend.messages.length) {
          store.markSynced(syncing.id, input.cursor, now);
          return {
            stored,
            duplicates,
            refused,
            messages: resend.messages.map(({ seq: _seq, ...m }) => m),
            cursor: input.cursor,
            more: true,
            hubTime: now.toISOString(),
            backfill: resend.token ?? undefined,
            regencies: syncing.regencies,
            role: syncing.role,
            release,
            releaseVersion,
          };
        }
      }

      const head = store.lastSeq();
      // Paged by count and by bytes: no stored value can make a reply too large to send.
      const page = store.messagesFor(syncing, input.cursor, input.limit, input.replicaId);
      const cursor = page.more ? page.messages[page.messages.length - 1].seq : Math.max(input.cursor, head);
      store.markSynced(syncing.id, cursor, now);
      return {
        stored,
        duplicates,
        refused,
        messages: page.messages.map(({ seq: _seq, ...m }) => m),
        cursor,
        more: page.more,
        hubTime: now.toISOString(),
        regencies: syncing.regencies,
        role: syncing.role,
        release,
        releaseVersion,
      };
    })();
  });

  const blobs = core.blobs;
  // Each device's unfinished uploads are its own files, so that its quota is its own.
  const partPath = (deviceId: string, sha256: string) => join(paths.uploads, `${deviceId}.${sha256}.part`);
  const uploadState = (deviceId: string, sha256: string): BlobUploadState => {
    if (blobs.has(sha256)) return { sha256, received: blobs.size(sha256), complete: true };
    const part = partPath(deviceId, sha256);
    return { sha256, received: existsSync(part) ? statSync(part).size : 0, complete: false };
  };

  /**
   * Makes room for `adding` bytes of a device's upload `keep`: the device's oldest other unfinished
   * uploads go while its own exceed its quota; refused (507) when all devices' together would
   * exceed theirs.
   */
  function makeRoomForUpload(deviceId: string, keep: string, adding: number): void {
    const parts = unfinishedUploads(paths.uploads);
    const own = parts.filter((p) => p.deviceId === deviceId && p.name !== `${deviceId}.${keep}.part`).sort((a, b) => a.mtimeMs - b.mtimeMs);
    const current = parts.find((p) => p.name === `${deviceId}.${keep}.part`)?.size ?? 0;
    let ownBytes = own.reduce((sum, p) => sum + p.size, 0) + current;
    let total = parts.reduce((sum, p) => sum + p.size, 0);
    while (own.length && ownBytes + adding > limits.uploadBytesPerDevice) {
      const oldest = own.shift()!;
      rmSync(join(paths.uploads, oldest.name), { force: true });
      ownBytes -= oldest.size;
      total -= oldest.size;
    }
    if (total + adding > limits.uploadBytesTotal) {
      throw new HubHttpError(507, 'UPLOAD_QUOTA', 'Ruang unggahan hub sedang penuh; coba lagi nanti');
    }
  }

  app.get('/v1/blobs/:sha256/upload', async (request): Promise<BlobUploadState> => {
    const device = await authenticate(request);
    const sha256 = parse(Sha256Text, (request.params as { sha256: string }).sha256);
    return uploadState(device.id, sha256);
  });

  app.get('/v1/blobs/:sha256', async (request, reply: FastifyReply) => {
    const device = await authenticate(request);
    const sha256 = parse(Sha256Text, (request.params as { sha256: string }).sha256);
    // Only a file of a site the device holds; one it may not read is answered like one the hub lacks.
    if (!blobs.has(sha256) || !store.mayReadBlob(device, sha256)) throw new HubHttpError(404, 'NOT_FOUND', 'Berkas lampiran ini belum ada di hub');
    // Hashed on the way out: a damaged file cuts the transfer and is removed, never sent whole.
    return reply.type('application/octet-stream').send(blobs.stream(sha256));
  });

  /**
   * Resumable upload: the client asks `/upload` how much the hub holds, then PUTs the rest in
   * pieces with `?offset=&total=`. The last piece is checked against the SHA-256 in the address
   * before the blob takes its name; a mismatch discards the partial file.
   */
  app.put('/v1/blobs/:sha256', async (request): Promise<BlobUploadState> => {
    const device = await authenticate(request);
    const sha256 = parse(Sha256Text, (request.params as { sha256: string }).sha256);
    const { offset, total } = parse(BlobUploadQuery, request.query);
    const body = request.body;
    if (!Buffer.isBuffer(body)) {
      throw new HubHttpError(400, 'VALIDATION', 'Isi berkas harus dikirim sebagai application/octet-stream');
    }
    const state = uploadState(device.id, sha256);
    if (state.complete) return state;
    if (offset !== state.received) {
      throw new HubHttpError(409, 'BLOB_OFFSET', `Hub sudah menerima ${state.received} bita dari berkas ini; lanjutkan dari sana`);
    }
    if (offset + body.length > total) throw new HubHttpError(400, 'VALIDATION', 'Potongan berkas melewati ukuran totalnya');
    makeRoomForUpload(device.id, sha256, body.length);
    const part = partPath(device.id, sha256);
    const fd = openSync(part, offset === 0 ? 'w' : 'a');
    try {
      writeSync(fd, body);
    } finally {
      closeSync(fd);
    }
    if (offset + body.length < total) return uploadState(device.id, sha256);
    const bytes = readFileSync(part);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) {
      rmSync(part, { force: true });
      throw new HubHttpError(422, 'BLOB_MISMATCH', 'Isi berkas tidak cocok dengan sidik SHA-256-nya (rusak di jalan); kirim ulang');
    }
    blobs.put(bytes);
    rmSync(part, { force: true });
    return uploadState(device.id, sha256);
  });

  function refuseFutureMessages(messages: readonly ChangeMessage[], now: Date): void {
    const limit = new Date(now.getTime() + MAX_AHEAD_MS).toISOString();
    const ahead = messages.find((m) => m.hlc.slice(0, 24) > limit);
    if (ahead) {
      const stamp = ahead.hlc.slice(0, 16).replace('T', ' ');
      const hubTime = now.toISOString().slice(0, 16).replace('T', ' ');
      throw new HubHttpError(
        422,
        'CLOCK_AHEAD',
        `Perubahan bercap waktu ${stamp} UTC, lebih dari sehari di depan jam hub ` +
          `(${hubTime} UTC). Periksa tanggal dan jam laptop. Tidak ada yang disimpan dari kiriman ini.`,
        undefined,
        { stamp, hubTime },
      );
    }
  }

  return {
    app,
    store,
    core,
    settle,
    async close() {
      if (applyTimer) clearTimeout(applyTimer);
      clearInterval(ingestTimer);
      await app.close();
      store.close();
      core.close();
    },
  };
}
