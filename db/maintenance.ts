import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { PACKAGE_VERSION } from './app-version';
import { backupDue, backupPaths, createBackup, listBackups, restoreBackup } from './backup';
import type { Core } from './core';
import type { DbKey } from './db-key';
import type { JobContext, JobRunner } from './jobs';
import { log, logFolder } from './log';
import type { Channel } from './model/channels';
import type { BackupInfo, RestoreResult } from './model/backup';
import type { OutputOf, ParsedInputOf } from './model/contract';
import { refuse, type ApiError } from './model/result';
import { SCHEMA_VERSION } from './open-database';

/**
 * The channels that need no open database: what the app is, long jobs' progress, and backups.
 * They answer while a held write runs, and when the database did not open (a damaged file: the
 * start-up screen lists the backups and restores one).
 */
export const MAINTENANCE_CHANNELS: ReadonlySet<Channel> = new Set<Channel>([
  'app.info',
  'job.get',
  'job.watch',
  'job.cancel',
  'backup.list',
  'backup.create',
  'backup.restore',
]);
export type MaintenanceChannel = 'app.info' | 'job.get' | 'job.watch' | 'job.cancel' | 'backup.list' | 'backup.create' | 'backup.restore';

/** What the API gives these channels (db/api.ts). */
export interface MaintenanceContext {
  dbFile: string;
  appVersion?: string;
  /** The data key: backups are sealed and restored with it (null: a plain database). */
  key: DbKey | null;
  jobs: JobRunner;
  /** The open core, or null when the database did not open (or a restore is swapping it). */
  core(): Core | null;
  openError(): ApiError | null;
  /** Closes the core, runs `swap` over the closed file, and opens the core again (even when `swap` throws). */
  replaceDatabase<T>(swap: () => T): Promise<T>;
}

/** What the local setting `restoredFromBackup` holds: the hub client tells the hub once (db/sync/hub-client.ts). */
export interface RestoredFromBackup {
  backupId: string;
  backupCreatedAt: string;
  restoredAt: string;
  /** The replica id before the restore, when the database was readable. */
  previousReplicaId: string | null;
}

const databaseBytes = (dbFile: string) => [dbFile, `${dbFile}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);

/** Reports the backup module's progress as a job's. */
const reportTo = (ctx: JobContext) => (done: number, total: number, phase: string) => ctx.progress(done, total, phase);

let running: 'backup' | 'restore' | null = null;

/** Runs one backup or restore at a time (per process: they share the data folder). */
function startExclusive(ctx: MaintenanceContext, kind: 'backup' | 'restore', run: (job: JobContext) => Promise<unknown>) {
  if (running) {
    throw refuse('VALIDATION', running === 'backup' ? 'backup_running' : 'restore_running', running === 'backup' ? 'Pencadangan sedang berjalan; tunggu sampai selesai.' : 'Cadangan sedang dipulihkan; tunggu sampai selesai.');
  }
  running = kind;
  try {
    return ctx.jobs.start(kind, (job) => run(job).finally(() => (running = null)));
  } catch (error) {
    running = null;
    throw error;
  }
}

/** Makes a backup of the open database now (the job's result is its BackupInfo). */
export async function backUpNow(core: Core, kind: BackupInfo['kind'], onProgress?: (done: number, total: number, phase: string) => void): Promise<BackupInfo> {
  // Shared: a held write (an import) keeps uncommitted pages that a backup must not copy.
  return core.gate.shared(() =>
    createBackup(core.db, core.dbFile, { kind, appVersion: core.appVersion, schemaVersion: core.schemaVersion, key: core.dbKey, now: core.clock.now(), onProgress }),
  );
}

/**
 * The automatic backup (when the app closes, and hourly while it runs): made when the newest
 * backup is from an earlier day. Never throws: a failed backup is logged and tried next time.
 */
export async function autoBackup(ctx: MaintenanceContext): Promise<BackupInfo | null> {
  const core = ctx.core();
  // Nothing to keep before the first-run setup.
  if (!core || running || !core.settings.getSetup() || !backupDue(ctx.dbFile, core.clock.now())) return null;
  running = 'backup';
  try {
    const made = await backUpNow(core, 'auto');
    log.info('backup_made', { kind: made.kind, databaseBytes: made.databaseBytes, files: made.files });
    return made;
  } catch (error) {
    log.error('backup_failed', error);
    return null;
  } finally {
    running = null;
  }
}

type MaintenanceHandlers = { [C in MaintenanceChannel]: (input: ParsedInputOf<C>, ctx: MaintenanceContext) => OutputOf<C> | Promise<OutputOf<C>> };

export const maintenanceHandlers: MaintenanceHandlers = {
  'app.info': (_input, ctx) => ({
    version: ctx.core()?.appVersion ?? ctx.appVersion ?? PACKAGE_VERSION,
    schemaVersion: SCHEMA_VERSION,
    dbFile: ctx.dbFile,
    dataDir: dirname(ctx.dbFile),
    databaseBytes: databaseBytes(ctx.dbFile),
    logFolder: logFolder(),
  }),
  'job.get': (input, ctx) => ctx.jobs.get(input.id),
  'job.watch': (input, ctx) => ctx.jobs.watch(input.id, input.after),
  'job.cancel': (input, ctx) => ctx.jobs.cancel(input.id),
  'backup.list': (_input, ctx) => ({ folder: backupPaths(ctx.dbFile).backups, backups: listBackups(ctx.dbFile) }),
  'backup.create': (_input, ctx) => {
    const core = ctx.core();
    if (!core) throw refuse('DB_DAMAGED', 'db_damaged', ctx.openError()?.message ?? 'Basis data tidak terbuka', ctx.openError()?.params);
    return startExclusive(ctx, 'backup', (job) => backUpNow(core, 'manual', reportTo(job)));
  },
  'backup.restore': (input, ctx) =>
    startExclusive(ctx, 'restore', async (job): Promise<RestoreResult> => {
      const before = ctx.core();
      const previousReplicaId = before ? before.sync.replicaId() : null;
      const damaged = ctx.openError()?.code === 'DB_DAMAGED';
      const restored = await ctx.replaceDatabase(() =>
        restoreBackup(ctx.dbFile, input.id, { schemaVersion: SCHEMA_VERSION, key: ctx.key, reason: damaged ? 'damaged' : 'replaced', onProgress: reportTo(job) }),
      );
      const after = ctx.core();
      if (!after) throw refuse('DB_DAMAGED', 'db_damaged', ctx.openError()?.message ?? 'Basis data tidak terbuka', ctx.openError()?.params);
      after.settings.set('restoredFromBackup', {
        backupId: restored.info.id,
        backupCreatedAt: restored.info.createdAt,
        restoredAt: after.clock.now().toISOString(),
        previousReplicaId,
      } satisfies RestoredFromBackup);
      return { restored: restored.info, setAside: restored.setAside, missingFiles: restored.missingFiles };
    }),
};
