import { dirname, join } from 'node:path';
import { createBlobStore } from './blob-store';
import { openDatabase, SCHEMA_VERSION, type Db } from './open-database';
import { systemClock, type Clock } from './clock';
import { createAreasRepo } from './repo/areas';
import { createAttachmentsRepo } from './repo/attachments';
import { createSettingsRepo } from './repo/settings';
import { createSitesRepo } from './repo/sites';
import { createVisitsRepo } from './repo/visits';
import { createWilayahRepo } from './repo/wilayah';
import { createJobRunner } from './jobs';
import { NO_SHELL, type ShellServices } from './shell';

export interface CoreOptions {
  dbFile: string;
  clock?: Clock;
  /** Shown by `app.info`; the shells pass the packaged app's version. */
  appVersion?: string;
  /** Save dialogs and printing, from the shell that opened the core (db/shell.ts). */
  shell?: ShellServices;
}

/** One open database with every repo over it. Shells reach it only through the API table. */
export function openCore({ dbFile, clock = systemClock, appVersion = '0.0.0', shell = NO_SHELL }: CoreOptions) {
  const db: Db = openDatabase(dbFile);
  const areas = createAreasRepo(db);
  const sites = createSitesRepo(db, clock, areas);
  // Attachments sit beside the database file, so one folder holds all of an officer's data.
  const blobs = createBlobStore(join(dirname(dbFile), 'attachments'));
  const visits = createVisitsRepo(db, clock, sites);
  const jobs = createJobRunner();
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
    shell,
    jobs,
    close: () => {
      jobs.cancelAll();
      db.close();
    },
  };
}
export type Core = ReturnType<typeof openCore>;
