import type Database from 'better-sqlite3';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-visits';
import * as m0003 from './0003-attachments';
import * as m0004 from './0004-visit-log';
import * as m0005 from './0005-replication';
import * as m0006 from './0006-lighter-saves';
import * as m0007 from './0007-fewer-pages-per-site';
import * as m0008 from './0008-visit-number-sequence';
import * as m0009 from './0009-merge-decisions';
import * as m0010 from './0010-office-rules';
import * as m0011 from './0011-sentra';
import * as m0012 from './0012-site-certificates';
import * as m0013 from './0013-follow-ups-reviews';
import * as m0014 from './0014-dashboard-tallies';
import * as m0015 from './0015-distinct-undo';

export interface Migration {
  name: string;
  up(db: Database.Database): void;
}

/** In order; position + 1 is the user_version a migration leaves. Never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  { name: '0001-initial', up: m0001.up },
  { name: '0002-visits', up: m0002.up },
  { name: '0003-attachments', up: m0003.up },
  { name: '0004-visit-log', up: m0004.up },
  { name: '0005-replication', up: m0005.up },
  { name: '0006-lighter-saves', up: m0006.up },
  { name: '0007-fewer-pages-per-site', up: m0007.up },
  { name: '0008-visit-number-sequence', up: m0008.up },
  { name: '0009-merge-decisions', up: m0009.up },
  { name: '0010-office-rules', up: m0010.up },
  { name: '0011-sentra', up: m0011.up },
  { name: '0012-site-certificates', up: m0012.up },
  { name: '0013-follow-ups-reviews', up: m0013.up },
  { name: '0014-dashboard-tallies', up: m0014.up },
  { name: '0015-distinct-undo', up: m0015.up },
];
