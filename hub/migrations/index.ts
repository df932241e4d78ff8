import type Database from 'better-sqlite3';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-device-scope';
import * as m0003 from './0003-device-release';
import * as m0004 from './0004-merge-scope';
import * as m0005 from './0005-bundle-ack';
import * as m0006 from './0006-group-scope';
import * as m0007 from './0007-device-rights';
import * as m0008 from './0008-merge-undo';
import * as m0009 from './0009-device-role';
import * as m0010 from './0010-sentra-scope';

export interface HubMigration {
  name: string;
  up(db: Database.Database): void;
}

/** The hub store's migrations, in order; position + 1 is the user_version one leaves. */
export const HUB_MIGRATIONS: readonly HubMigration[] = [
  { name: '0001-initial', up: m0001.up },
  { name: '0002-device-scope', up: m0002.up },
  { name: '0003-device-release', up: m0003.up },
  { name: '0004-merge-scope', up: m0004.up },
  { name: '0005-bundle-ack', up: m0005.up },
  { name: '0006-group-scope', up: m0006.up },
  { name: '0007-device-rights', up: m0007.up },
  { name: '0008-merge-undo', up: m0008.up },
  { name: '0009-device-role', up: m0009.up },
  { name: '0010-sentra-scope', up: m0010.up },
];
