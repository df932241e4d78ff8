import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_VERSION } from './app-version';
import { createBlobStore } from './blob-store';
import { openDatabase, SCHEMA_VERSION, type Db } from './open-database';
import { systemClock, type Clock } from './clock';
import { createAreasRepo } from './repo/areas';
import { createAttachmentsRepo } from './repo/attachments';
import { createExportRowsRepo } from './repo/export-rows';
import { createSettingsRepo } from './repo/settings';
import { createSitesRepo } from './repo/sites';
import { createVisitsRepo } from './repo/visits';
import { createWilayahRepo } from './repo/wilayah';
import { createReplicator } from './sync/replicator';
import { openReplicaIdentity, type ReplicaIdentity } from './sync/replica-identity';
import { createSyncService } from './sync/sync-service';
import { createJobRunner } from './jobs';
import { NO_SHELL, type ShellServices } from './shell';

export interface CoreOptions {
  dbFile: string;
  clock?: Clock;
  /** Shown by `app.info`; defaults to package.json's version (Electron passes its own, the same one). */
  appVersion?: string;
  /** Tests: the machine this database runs on (default: the host name), and how replica ids are made. */
  machine?: string;
  newReplicaId?: () => string;
  /** Save dialogs and printing, from the shell that opened the core (db/shell.ts). */
  shell?: ShellServices;
}

/** One open database with every repo over it. Shells reach it only through the API table. */
export function openCore({ dbFile, clock = systemClock, appVersion = PACKAGE_VERSION, machine, newReplicaId, shell = NO_SHELL }: CoreOptions) {
  const db: Db = openDatabase(dbFile);
  let identity: ReplicaIdentity | null = null;
  const replicator = createReplicator(db, {
    schemaVersion: SCHEMA_VERSION,
    wallClock: () => clock.now().getTime(),
    replicaId: () => identity!.id(),
    onCommitted: (lastHlc) => identity?.committed(lastHlc),
  });
  const settings = createSettingsRepo(db, clock, replicator);
  identity = openReplicaIdentity({ dbFile, settings, clockLast: replicator.lastHlc() ?? undefined, machine, newId: newReplicaId });
  const areas = createAreasRepo(db);
  const sites = createSitesRepo(db, clock, areas, replicator);
  // Attachments sit beside the database file, so one folder holds all of an officer's data.
  const blobs = createBlobStore(join(dirname(dbFile), 'attachments'));
  const sync = createSyncService(db, replicator, identity, settings);
  const visits = createVisitsRepo(db, clock, sites, replicator, { replicaTag: () => sync.replicaTag() });
  const attachments = createAttachmentsRepo(db, clock, blobs, visits, replicator);
  // Messages held for a column this version did not know may be known now (after an upgrade).
  replicator.releaseHeld();
  // Sites saved by a build that indexed them differently, or by a process that ended before a search.
  sites.refreshSearchIndex();
  // A new replica (first open, a copy, a restored backup) tells the others whose laptop it is.
  if (settings.getSetup()) sync.announce();
  const jobs = createJobRunner();
  return {
    db,
    dbFile,
    appVersion,
    clock,
    schemaVersion: SCHEMA_VERSION,
    areas,
    settings,
    wilayah: createWilayahRepo(db, clock, replicator),
    sites,
    visits,
    blobs,
    attachments,
    /** Read-only rows for exports, printing and the rekap. */
    exportRows: createExportRowsRepo(db),
    sync,
    shell,
    jobs,
    /** Runs one user action as one write unit (see db/sync/replicator.ts). */
    write: replicator.write,
    /** Bytes of the database file and its write-ahead log (what a backup would copy). */
    databaseSize: () => [dbFile, `${dbFile}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0),
    close: () => {
      jobs.cancelAll();
      identity?.flush();
      db.close();
    },
  };
}
export type Core = ReturnType<typeof openCore>;
