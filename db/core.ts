import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_VERSION } from './app-version';
import { createBlobStore } from './blob-store';
import { openDatabase, SCHEMA_VERSION, type Db } from './open-database';
import { systemClock, type Clock } from './clock';
import { createAreasRepo } from './repo/areas';
import { createAttachmentsRepo } from './repo/attachments';
import { createSettingsRepo } from './repo/settings';
import { createSitesRepo } from './repo/sites';
import { createVisitsRepo } from './repo/visits';
import { createWilayahRepo } from './repo/wilayah';

export interface CoreOptions {
  dbFile: string;
  clock?: Clock;
  /** Shown by `app.info`; defaults to package.json's version (Electron passes its own, the same one). */
  appVersion?: string;
}

/** One open database with every repo over it. Shells reach it only through the API table. */
export function openCore({ dbFile, clock = systemClock, appVersion = PACKAGE_VERSION }: CoreOptions) {
  const db: Db = openDatabase(dbFile);
  const areas = createAreasRepo(db);
  const sites = createSitesRepo(db, clock, areas);
  // Attachments sit beside the database file, so one folder holds all of an officer's data.
  const blobs = createBlobStore(join(dirname(dbFile), 'attachments'));
  const visits = createVisitsRepo(db, clock, sites);
  return {
    db,
    dbFile,
    appVersion,
    clock,
    schemaVersion: SCHEMA_VERSION,
    areas,
    settings: createSettingsRepo(db, clock),
    wilayah: createWilayahRepo(db, clock),
    sites,
    visits,
    blobs,
    attachments: createAttachmentsRepo(db, clock, blobs, visits),
    /** Bytes of the database file and its write-ahead log (what a backup would copy). */
    databaseSize: () => [dbFile, `${dbFile}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0),
    close: () => db.close(),
  };
}
export type Core = ReturnType<typeof openCore>;
