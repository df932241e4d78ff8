import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PACKAGE_VERSION } from './app-version';
import { COLLECT_GRACE_MS, createBlobStore } from './blob-store';
import { removeLeftoverTemps } from './whole-file';
import { openDatabase, SCHEMA_VERSION, type Db, type EncryptProgress } from './open-database';
import type { DbKey } from './db-key';
import { systemClock, type Clock } from './clock';
import { createAreasRepo } from './repo/areas';
import { createAttachmentsRepo } from './repo/attachments';
import { createExportRowsRepo } from './repo/export-rows';
import { createSettingsRepo } from './repo/settings';
import { createSitesRepo } from './repo/sites';
import { createVisitsRepo } from './repo/visits';
import { createFollowUpsRepo } from './repo/follow-ups';
import { createReviewsRepo } from './repo/reviews';
import { createWilayahRepo } from './repo/wilayah';
import { createStoppedSitesRepo } from './repo/stopped-sites';
import { createCertificatesRepo } from './repo/certificates';
import { createSentraRepo } from './repo/sentra';
import { createDashboardRepo } from './repo/dashboard';
import { createReplicator } from './sync/replicator';
import { openReplicaIdentity, type ReplicaIdentity } from './sync/replica-identity';
import { createSyncService } from './sync/sync-service';
import { lastHubTime, queueFilesToFetch } from './sync/hub-client';
import { createJobRunner, type JobRunner } from './jobs';
import { createDbGate } from './db-gate';
import { beginLongTransaction } from './repo/long-transaction';
import type { WriteUnit } from './sync/replicator';
import { NO_SHELL, type ShellServices } from './shell';
import { log } from './log';

export interface CoreOptions {
  dbFile: string;
  /**
   * The data key (db-key.ts): the database, its attachments and its backups are encrypted with it,
   * and a plain database is encrypted at this open (after a backup). None: plain files (tests, benches).
   */
  key?: DbKey | null;
  /** How far the one-time encryption of a plain database is. */
  onEncryptProgress?: EncryptProgress;
  clock?: Clock;
  /** Shown by `app.info`; defaults to package.json's version (Electron passes its own, the same one). */
  appVersion?: string;
  /** Tests: the machine this database runs on (default: the host name), and how replica ids are made. */
  machine?: string;
  newReplicaId?: () => string;
  /** Save dialogs and printing, from the shell that opened the core (db/shell.ts). */
  shell?: ShellServices;
  /**
   * Collect unused attachment files at open (default). The hub turns it off and collects after it
   * has applied its stored messages, which may name files its core copy does not know yet.
   */
  collectBlobs?: boolean;
  /**
   * Long jobs, when the caller keeps them beyond this core (the API keeps its runner across a
   * restore, which closes and reopens the core); the caller then cancels them. Default: the core's own.
   */
  jobs?: JobRunner;
}

/** One open database with every repo over it. Shells reach it only through the API table. */
export function openCore({ dbFile, key = null, onEncryptProgress, clock = systemClock, appVersion = PACKAGE_VERSION, machine, newReplicaId, shell = NO_SHELL, collectBlobs = true, jobs: sharedJobs }: CoreOptions) {
  const db: Db = openDatabase(dbFile, { key, onProgress: onEncryptProgress });
  let identity: ReplicaIdentity | null = null;
  // Inside a held write (below) a unit's "commit" is a savepoint: the sidecar learns its last HLC
  // only when the whole transaction commits, or a rolled-back HLC would look like a restored backup.
  let held: { lastHlc: string | null } | null = null;
  // The hub's time at the last contact, readable once the settings exist (they write through the replicator).
  let lastHubTimeSeen = (): number | null => null;
  const replicator = createReplicator(db, {
    schemaVersion: SCHEMA_VERSION,
    wallClock: () => clock.now().getTime(),
    replicaId: () => identity!.id(),
    clockFloor: () => lastHubTimeSeen(),
    onCommitted: (lastHlc) => {
      if (held) held.lastHlc = lastHlc;
      else identity?.committed(lastHlc);
    },
  });
  const settings = createSettingsRepo(db, clock, replicator);
  lastHubTimeSeen = () => lastHubTime(settings);
  identity = openReplicaIdentity({ dbFile, settings, clockLast: replicator.lastHlc() ?? undefined, machine, newId: newReplicaId });
  const areas = createAreasRepo(db);
  const sites = createSitesRepo(db, clock, areas, replicator);
  // Attachments sit beside the database file, so one folder holds all of an officer's data.
  const blobs = createBlobStore(join(dirname(dbFile), 'attachments'), { key });
  const sync = createSyncService(db, replicator, identity, settings);
  const visits = createVisitsRepo(db, clock, sites, replicator, { replicaTag: () => sync.replicaTag() });
  const followUps = createFollowUpsRepo(db, replicator);
  const reviews = createReviewsRepo(db, clock, replicator);
  // A file found missing or damaged on read is fetched again by the next sync.
  const attachments = createAttachmentsRepo(db, clock, blobs, visits, replicator, (sha256) => queueFilesToFetch(settings, [sha256]));
  /** Leftover temp files and files no record names (after a crash, say) are removed. */
  const collectUnusedBlobs = () => {
    // Beside the database only the temp files of its own (the replica sidecar's): the folder may be the officer's.
    if (dbFile !== ':memory:') removeLeftoverTemps(dirname(dbFile), { graceMs: COLLECT_GRACE_MS, prefix: `${basename(dbFile)}.` });
    return blobs.collect((candidates) => attachments.referencedAmong(candidates));
  };
  if (collectBlobs) {
    try {
      collectUnusedBlobs();
    } catch (error) {
      // Housekeeping never keeps the officer from their data; the next start tries again.
      log.warn('collect_blobs_failed', error);
    }
  }
  // Messages held for a column this version did not know may be known now (after an upgrade).
  replicator.releaseHeld();
  // Sites saved by a build that indexed them differently, or by a process that ended before a search.
  sites.refreshSearchIndex();
  // A new replica (first open, a copy, a restored backup) tells the others whose laptop it is.
  if (settings.getSetup()) sync.announce();
  const jobs = sharedJobs ?? createJobRunner();
  const gate = createDbGate();

  /**
   * One transaction that stays open while `run` yields between its steps, so a long write can
   * report progress and be cancelled: each `step(fn)` is a write unit inside it. It starts once no
   * other call is running and holds every other call back until it ends (db-gate.ts); it commits
   * when `run` resolves and rolls everything back when it throws (a cancelled job included).
   */
  async function heldWrite<T>(run: (step: <R>(fn: (unit: WriteUnit) => R) => R) => Promise<T>): Promise<T> {
    return gate.exclusive(async () => {
      const transaction = beginLongTransaction(db);
      held = { lastHlc: null };
      try {
        const value = await run((fn) => replicator.write(fn));
        transaction.commit();
        if (held.lastHlc) identity?.committed(held.lastHlc);
        return value;
      } catch (error) {
        transaction.rollback();
        // Row and column numbers the rolled-back units made are gone with them.
        replicator.log.forgetNumbers();
        throw error;
      } finally {
        held = null;
      }
    });
  }

  return {
    db,
    dbFile,
    /** The data key, for backups of this database (null: plain). */
    dbKey: key,
    appVersion,
    clock,
    schemaVersion: SCHEMA_VERSION,
    areas,
    settings,
    wilayah: createWilayahRepo(db, clock, replicator),
    sentra: createSentraRepo(db, clock, replicator),
    sites,
    visits,
    followUps,
    reviews,
    blobs,
    collectUnusedBlobs,
    attachments,
    /** Read-only rows for exports, printing and the rekap. */
    exportRows: createExportRowsRepo(db),
    /** Pabrik tidak beroperasi. */
    stopped: createStoppedSitesRepo(db),
    /** Naik kelas: certificates gained, sites ready for a next step. */
    certificates: createCertificatesRepo(db),
    /** The Beranda's figures, from tallies. */
    dashboard: createDashboardRepo(db),
    sync,
    shell,
    jobs,
    /** Runs one user action as one write unit (see db/sync/replicator.ts). */
    write: replicator.write,
    heldWrite,
    /** Keeps ordinary calls and held writes apart (db/db-gate.ts). */
    gate,
    /** Bytes of the database file and its write-ahead log (what a backup would copy). */
    databaseSize: () => [dbFile, `${dbFile}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0),
    close: () => {
      if (!sharedJobs) jobs.cancelAll();
      identity?.flush();
      db.close();
    },
  };
}
export type Core = ReturnType<typeof openCore>;
