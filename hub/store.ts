import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { DbKey } from '../db/db-key';
import { encryptOpenPlainFile, isPlainSqliteFile, openSqliteFile, refuseWrongKey } from '../db/sqlite-file';
import type { ChangeMessage } from '../db/model/sync';
import { MAX_CELL_CHARS, MAX_PULL_BYTES, type RefusalReason } from '../db/model/hub';
import { changeMessageFromRow, replicaOf, type ChangeMessageRow } from '../db/model/sync';
import { finalSurvivor, mergeGroupOf } from '../db/model/duplicates';
import { generateDeviceKey, type DeviceKeyPair } from '../db/sync/device-key';
import { HUB_MIGRATIONS } from './migrations';
import type { Role } from '../db/model/review';

/**
 * ALL of the hub's own SQL (its message log, devices, enrollment codes). The merged data itself
 * lives in a normal core database beside it. Kept behind this one module so a larger store
 * (Postgres) can replace SQLite later without touching the routes.
 */

export interface DeviceRow {
  id: string;
  officerCode: string;
  name: string;
  replicaId: string;
  publicKey: string;
  regencies: string[];
  enrolledAt: string;
  lastSyncAt: string | null;
  lastCursor: number;
  revokedAt: string | null;
  /** The device's own log sequence up to which its bundles reached the hub without a gap (migration 0005). */
  bundleAck: number;
  /** Grows each time the device comes to hold a site: the version of its release list (migration 0006). */
  releaseVersion: number;
  /** Who uses it: an officer or a supervisor (migration 0009). */
  role: Role;
}

export interface StoredMessage extends ChangeMessage {
  seq: number;
}

export interface EnrollmentGrant {
  officerCode: string;
  regencies: string[];
  /** Absent: an officer. */
  role?: Role;
}

/** Alphabet of enrollment codes: no 0/O, 1/I/L, so a code read aloud over the phone survives. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const ENROLLMENT_DAYS = 7;

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** A code like "K7QD-M9XA-4TRB" (12 symbols, ~59 bits). */
function newEnrollmentCode(): string {
  const bytes = randomBytes(12);
  let code = '';
  for (let i = 0; i < 12; i++) code += CODE_ALPHABET[bytes[i] % CODE_ALPHABET.length];
  return code;
}

/** Formats a bare code in groups of four for printing. */
export function formatEnrollmentCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

interface MessageRow extends ChangeMessageRow {
  seq: number;
}

/**
 * Tables whose rows belong to a site: a scoped device receives their messages only for the sites
 * it holds. Every other synced table (officers, wilayah and their regencies, replicas, conflict
 * decisions) is shared with every device.
 */
export const SITE_SCOPED_TABLES = ['site', 'site_merge', 'site_distinct', 'visit', 'visit_revision', 'attachment', 'follow_up', 'visit_review'] as const;
/** Tables whose rows belong to the site of their `visit_id`. */
const VISIT_ROW_TABLES: readonly string[] = ['visit_revision', 'attachment', 'follow_up', 'visit_review'];
/** Tables whose rows belong to a regency: a scoped device receives a row's messages when its scope holds the row's regency (migration 0010). */
export const REGENCY_SCOPED_TABLES = ['sentra'] as const;
const SCOPED_SQL = [...SITE_SCOPED_TABLES, ...REGENCY_SCOPED_TABLES].map((t) => `'${t}'`).join(', ');

/**
 * A message of the device's replica that its own laptop sent (this enrolment or one before it with
 * the same key): a pull leaves those out. One another device sent in its name goes to it (a
 * colleague passing on its change sends it back as a duplicate; a forged one is not kept from it).
 */
const SENT_BY_LAPTOP = `coalesce(m.device_id, '') IN (SELECT e.id FROM device e WHERE e.public_key = (SELECT public_key FROM device WHERE id = @device))`;

/** A text value of a message, or null when the value is not a JSON string. */
function textValue(value: string): string | null {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/** What a scoped device is re-sent: the history of one site, acknowledged by the device as it applies it. */
export interface BackfillPage {
  messages: StoredMessage[];
  /** "backfill id:last seq sent"; the device echoes it in its next request. */
  token: string | null;
}

const toMessage = (r: MessageRow): StoredMessage => ({ seq: r.seq, ...changeMessageFromRow(r) });

/** About the bytes a message takes in a reply: its texts and the JSON around them. */
const messageBytes = (r: MessageRow) => r.value.length + r.row_id.length + r.col.length + r.tbl.length + 120;

/**
 * Rows of a query until `limit` rows or about `maxBytes` (at least one row), read one at a time so
 * that no stored value, however large, makes a page too large to send. `more`: rows were left.
 */
function pageOf(rows: IterableIterator<MessageRow>, limit: number, maxBytes: number): { messages: StoredMessage[]; more: boolean } {
  const messages: StoredMessage[] = [];
  let bytes = 0;
  for (const row of rows) {
    bytes += messageBytes(row);
    // Leaving the loop early closes the statement's iterator.
    if (messages.length && bytes > maxBytes) return { messages, more: true };
    messages.push(toMessage(row));
    if (messages.length >= limit) return { messages, more: true };
  }
  return { messages, more: false };
}

interface DeviceDbRow {
  id: string;
  officer_code: string;
  name: string;
  replica_id: string;
  public_key: string;
  token_hash: Buffer;
  regencies: string;
  enrolled_at: string;
  last_sync_at: string | null;
  last_cursor: number;
  revoked_at: string | null;
  releases: number;
  bundle_ack: number;
  release_version: number;
  role: string;
}

const toDevice = (r: DeviceDbRow): DeviceRow => ({
  id: r.id,
  officerCode: r.officer_code,
  name: r.name,
  replicaId: r.replica_id,
  publicKey: r.public_key,
  regencies: JSON.parse(r.regencies) as string[],
  enrolledAt: r.enrolled_at,
  lastSyncAt: r.last_sync_at,
  lastCursor: r.last_cursor,
  revokedAt: r.revoked_at,
  bundleAck: r.bundle_ack,
  releaseVersion: r.release_version,
  role: r.role === 'supervisor' ? 'supervisor' : 'officer',
});

/**
 * Opens (creating when missing) the hub store and brings its schema up to date. With the hub's
 * key (IKM_DB_PASSPHRASE: hub/main.ts) it is encrypted like a laptop's database (db/sqlite-file.ts);
 * a plain store from before is encrypted in place at its first open with the key.
 */
export function openHubStore(file: string, { key = null }: { key?: DbKey | null } = {}) {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (key && existsSync(file) && statSync(file).size > 0 && isPlainSqliteFile(file)) {
    const plain = openSqliteFile(file, null);
    try {
      encryptOpenPlainFile(plain, key);
    } finally {
      plain.close();
    }
  }
  const db = openSqliteFile(file, key);
  try {
    if (key) refuseWrongKey(db, file);
  } catch (error) {
    db.close();
    throw error;
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > HUB_MIGRATIONS.length) {
    db.close();
    throw new Error(`Berkas hub dibuat oleh versi yang lebih baru (skema ${current}); perbarui IKM Lapangan.`);
  }
  for (let v = current + 1; v <= HUB_MIGRATIONS.length; v++) {
    db.transaction(() => {
      HUB_MIGRATIONS[v - 1].up(db);
      db.pragma(`user_version = ${v}`);
    })();
  }

  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM hub_meta WHERE key = ?');
  const setMeta = db.prepare<[string, string]>(
    'INSERT INTO hub_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const meta = (key: string) => getMeta.get(key)?.value ?? null;

  const insertMessage = db.prepare<[string, string, string, string, string, string, string | null, number, string | null]>(
    `INSERT INTO message(hlc, replica, tbl, row_id, col, value, prev_hlc, schema, device_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(hlc) DO NOTHING`,
  );
  const messagesAfter = db.prepare<[number, string, number], MessageRow>(
    `SELECT seq, hlc, tbl, row_id, col, value, prev_hlc, schema FROM message
     WHERE seq > ? AND replica <> ? ORDER BY seq LIMIT ?`,
  );
  const messagesAfterAll = db.prepare<[number, number], MessageRow>(
    `SELECT seq, hlc, tbl, row_id, col, value, prev_hlc, schema FROM message WHERE seq > ? ORDER BY seq LIMIT ?`,
  );
  const lastSeq = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM message');

  // Device scope: see migration 0002 for what each table holds.
  const regencyOf = db.prepare<[string], { regency_code: string; hlc: string; scope_regency: string }>(
    'SELECT regency_code, hlc, scope_regency FROM site_regency WHERE site_id = ?',
  );
  // A new site's scope regency is set by rescope() right after (it may follow a survivor).
  const setRegency = db.prepare<[string, string, string]>(
    `INSERT INTO site_regency(site_id, regency_code, hlc) VALUES (?, ?, ?)
     ON CONFLICT(site_id) DO UPDATE SET regency_code = excluded.regency_code, hlc = excluded.hlc`,
  );
  const setScopeRegency = db.prepare<[string, string]>('UPDATE site_regency SET scope_regency = ? WHERE site_id = ?');
  // Sentra: see migration 0010. Last writer wins by HLC, as on every replica.
  const sentraRegencyOf = db.prepare<[string], { regency_code: string; hlc: string }>('SELECT regency_code, hlc FROM sentra_regency WHERE sentra_id = ?');
  const setSentraRegency = db.prepare<[string, string, string]>(
    `INSERT INTO sentra_regency(sentra_id, regency_code, hlc) VALUES (?, ?, ?)
     ON CONFLICT(sentra_id) DO UPDATE SET regency_code = excluded.regency_code, hlc = excluded.hlc`,
  );
  /** Sentra a device's scope gains (in `after`, not in `before`; `after` '[]': the whole province): their history is re-sent. */
  const backfillSentra = db.prepare<{ device: string; upto: number; before: string; after: string }>(
    `INSERT INTO device_backfill(device_id, site_id, upto_seq)
     SELECT @device, sentra_id, @upto FROM sentra_regency
      WHERE (@after = '[]' OR regency_code IN (SELECT value FROM json_each(@after)))
        AND regency_code NOT IN (SELECT value FROM json_each(@before))
      ORDER BY sentra_id`,
  );
  // Merges: see migrations 0004 and 0008. One statement per cell, last writer wins by HLC.
  const MERGE_CELLS = { survivor_id: 'survivor_hlc', loser_id: 'loser_hlc', merged_at: 'merged_at_hlc', undone_at: 'undone_hlc' } as const;
  const setMergeCell = Object.fromEntries(
    Object.entries(MERGE_CELLS).map(([col, hlcCol]) => [
      col,
      db.prepare<[string, string, string]>(
        `INSERT INTO site_merge_edge(merge_id, ${col}, ${hlcCol}) VALUES (?, ?, ?)
         ON CONFLICT(merge_id) DO UPDATE SET ${col} = excluded.${col}, ${hlcCol} = excluded.${hlcCol}
         WHERE ${hlcCol} IS NULL OR ${hlcCol} < excluded.${hlcCol}`,
      ),
    ]),
  ) as Record<keyof typeof MERGE_CELLS, Statement<[string, string | null, string]>>;
  const mergeEdge = db.prepare<[string], { survivor_id: string | null; loser_id: string | null }>(
    'SELECT survivor_id, loser_id FROM site_merge_edge WHERE merge_id = ?',
  );
  // Like the app's site_merge rows, a merge counts once its survivor, loser and time are all known,
  // and moves its loser while it is not undone (it ties the group all the same: mergePartners).
  const survivorOfLoser = db.prepare<[string]>(
    `SELECT survivor_id FROM site_merge_edge WHERE loser_id = ? AND survivor_id IS NOT NULL AND merged_at IS NOT NULL AND undone_at IS NULL
     ORDER BY merged_at DESC, merge_id DESC LIMIT 1`,
  ).pluck();
  const mergePartners = db.prepare<[string, string], { survivor_id: string; loser_id: string }>(
    `SELECT survivor_id, loser_id FROM site_merge_edge
     WHERE (survivor_id = ? OR loser_id = ?) AND survivor_id IS NOT NULL AND loser_id IS NOT NULL AND merged_at IS NOT NULL`,
  );
  const mergedSites = db.prepare<[]>(
    'SELECT survivor_id FROM site_merge_edge WHERE survivor_id IS NOT NULL UNION SELECT loser_id FROM site_merge_edge WHERE loser_id IS NOT NULL',
  ).pluck();
  const undoneLosers = db.prepare<[]>('SELECT loser_id FROM site_merge_edge WHERE undone_at IS NOT NULL AND loser_id IS NOT NULL').pluck();
  const insertRowSite = db.prepare<[string, string, string]>('INSERT OR IGNORE INTO row_site(tbl, row_id, site_id) VALUES (?, ?, ?)');
  const insertRowSiteFromVisit = db.prepare<[string, string, string]>(
    `INSERT OR IGNORE INTO row_site(tbl, row_id, site_id) SELECT ?, ?, site_id FROM row_site WHERE tbl = 'visit' AND row_id = ?`,
  );
  const sitesOfRow = db.prepare<[string, string], { site_id: string }>('SELECT site_id FROM row_site WHERE tbl = ? AND row_id = ?');
  const hold = db.prepare<[string, string]>('INSERT OR IGNORE INTO device_site(device_id, site_id) VALUES (?, ?)');
  const holdInScope = db.prepare<[string, string]>(
    `INSERT OR IGNORE INTO device_site(device_id, site_id)
     SELECT ?, site_id FROM site_regency WHERE scope_regency IN (SELECT value FROM json_each(?))`,
  );
  const holdAll = db.prepare<[string]>('INSERT OR IGNORE INTO device_site(device_id, site_id) SELECT ?, site_id FROM site_regency');
  const unholdAll = db.prepare<[string]>('DELETE FROM device_site WHERE device_id = ?');
  const addBackfill = db.prepare<[string, string, number]>('INSERT INTO device_backfill(device_id, site_id, upto_seq) VALUES (?, ?, ?)');
  const backfillNotHeld = db.prepare<{ device: string; upto: number; regencies: string }>(
    `INSERT INTO device_backfill(device_id, site_id, upto_seq)
     SELECT @device, r.site_id, @upto FROM site_regency r
     WHERE (@regencies = '[]' OR r.scope_regency IN (SELECT value FROM json_each(@regencies)))
       AND NOT EXISTS (SELECT 1 FROM device_site d WHERE d.device_id = @device AND d.site_id = r.site_id)
     ORDER BY r.site_id`,
  );
  const setRegencies = db.prepare<[string, string]>('UPDATE device SET regencies = ? WHERE id = ?');
  const backfillRows = db.prepare<[string, number], { id: number; site_id: string; after_seq: number; upto_seq: number }>(
    'SELECT id, site_id, after_seq, upto_seq FROM device_backfill WHERE device_id = ? ORDER BY id LIMIT ?',
  );
  const dropBackfill = db.prepare<[number]>('DELETE FROM device_backfill WHERE id = ?');
  const ackBackfillBefore = db.prepare<[string, number]>('DELETE FROM device_backfill WHERE device_id = ? AND id < ?');
  const ackBackfill = db.prepare<[number, string, number]>(
    'UPDATE device_backfill SET after_seq = max(after_seq, ?) WHERE device_id = ? AND id = ?',
  );
  const backfillCount = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM device_backfill WHERE device_id = ?');
  // Releasing: see migration 0003.
  const unhold = db.prepare<[string, string]>('DELETE FROM device_site WHERE device_id = ? AND site_id = ?');
  const release = db.prepare<[string, string]>('INSERT OR IGNORE INTO device_release(device_id, site_id) VALUES (?, ?)');
  const unrelease = db.prepare<[string, string]>('DELETE FROM device_release WHERE device_id = ? AND site_id = ?');
  const unreleaseAll = db.prepare<[string]>('DELETE FROM device_release WHERE device_id = ?');
  const isHeld = db.prepare<[string, string]>('SELECT 1 FROM device_site WHERE device_id = ? AND site_id = ?').pluck();
  const isReleasing = db.prepare<[string, string]>('SELECT 1 FROM device_release WHERE device_id = ? AND site_id = ?').pluck();
  const dropBackfillOfSite = db.prepare<[string, string]>('DELETE FROM device_backfill WHERE device_id = ? AND site_id = ?');
  // Pins and the release version: see migration 0006.
  const pin = db.prepare<[string, string]>('INSERT OR IGNORE INTO device_pin(device_id, site_id) VALUES (?, ?)');
  const unpin = db.prepare<[string, string]>('DELETE FROM device_pin WHERE device_id = ? AND site_id = ?');
  const unpinAll = db.prepare<[string]>('DELETE FROM device_pin WHERE device_id = ?');
  const isPinned = db.prepare<[string, string]>('SELECT 1 FROM device_pin WHERE device_id = ? AND site_id = ?').pluck();
  const bumpReleaseVersion = db.prepare<[string]>('UPDATE device SET release_version = release_version + 1 WHERE id = ?');
  /** The sites whose holding a scope change may change: those the device holds, pinned, is releasing, or that are in `regencies`. */
  const sitesToReconcile = db.prepare<{ device: string; regencies: string }>(
    `SELECT site_id FROM device_site WHERE device_id = @device
     UNION SELECT site_id FROM device_pin WHERE device_id = @device
     UNION SELECT site_id FROM device_release WHERE device_id = @device
     UNION SELECT site_id FROM site_regency WHERE scope_regency IN (SELECT value FROM json_each(@regencies))`,
  ).pluck();
  /** The laptop's enrolment before this one (same key or replica): each takes over from the one before. */
  const earlierEnrolment = db.prepare<[string, string, string], DeviceDbRow>(
    'SELECT * FROM device WHERE (public_key = ? OR replica_id = ?) AND id <> ? ORDER BY rowid DESC LIMIT 1',
  );
  // What the laptop has: what the earlier device held and was sent whole (not still being re-sent);
  // what it was asked to release it may have released already, so that stays asked for.
  const inheritHeld = db.prepare<{ device: string; earlier: string }>(
    `INSERT OR IGNORE INTO device_site(device_id, site_id)
     SELECT @device, site_id FROM device_site WHERE device_id = @earlier
       AND site_id NOT IN (SELECT site_id FROM device_backfill WHERE device_id = @earlier)`,
  );
  const inheritWholeProvince = db.prepare<{ device: string; earlier: string }>(
    `INSERT OR IGNORE INTO device_site(device_id, site_id)
     SELECT @device, site_id FROM site_regency WHERE site_id NOT IN (SELECT site_id FROM device_backfill WHERE device_id = @earlier)`,
  );
  const inheritReleasing = db.prepare<{ device: string; earlier: string }>(
    'INSERT OR IGNORE INTO device_release(device_id, site_id) SELECT @device, site_id FROM device_release WHERE device_id = @earlier',
  );
  const inheritResentAsReleasing = db.prepare<{ device: string; earlier: string }>(
    `INSERT OR IGNORE INTO device_release(device_id, site_id)
     SELECT @device, site_id FROM device_site WHERE device_id = @earlier
       AND site_id IN (SELECT site_id FROM device_backfill WHERE device_id = @earlier)`,
  );
  const inheritPins = db.prepare<{ device: string; earlier: string }>(
    'INSERT OR IGNORE INTO device_pin(device_id, site_id) SELECT @device, site_id FROM device_pin WHERE device_id = @earlier',
  );
  const releaseList = db.prepare<[string, number]>('SELECT site_id FROM device_release WHERE device_id = ? ORDER BY site_id LIMIT ?').pluck();
  const noteReleases = db.prepare<[string]>('UPDATE device SET releases = 1 WHERE id = ? AND releases = 0');
  const releaseCount = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM device_release WHERE device_id = ?');
  const heldCount = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM device_site WHERE device_id = ?');
  /**
   * A site's history: its own messages and those of its visits, revisions, attachments and merges.
   * (A sentra that came into a device's scope is re-sent the same way: its id in place of a site's.)
   * The device's own messages too: a device that released the site (it left its scope) no longer
   * has them, and one that never did takes them as duplicates.
   */
  const siteMessages = db.prepare<{ site: string; after: number; upto: number; limit: number }, MessageRow>(
    `SELECT seq, hlc, tbl, row_id, col, value, prev_hlc, schema FROM message
     WHERE tbl IN ('site', 'sentra') AND row_id = @site AND seq > @after AND seq <= @upto
     UNION ALL
     SELECT m.seq, m.hlc, m.tbl, m.row_id, m.col, m.value, m.prev_hlc, m.schema
     FROM row_site rs JOIN message m ON m.tbl = rs.tbl AND m.row_id = rs.row_id
     WHERE rs.site_id = @site AND m.seq > @after AND m.seq <= @upto
     ORDER BY seq LIMIT @limit`,
  );
  /**
   * Messages after a cursor for a scoped device: shared tables, and site rows of sites it holds.
   * A row whose site (or whose site's regency) the hub does not know yet is sent: sending too much
   * never breaks convergence, withholding would. `IS`: a null replica leaves none out (a
   * bundle for a device carries its own messages too: it may have released some of its sites).
   */
  const scopedMessagesAfter = db.prepare<{ cursor: number; replica: string | null; device: string; limit: number }, MessageRow>(
    `SELECT m.seq, m.hlc, m.tbl, m.row_id, m.col, m.value, m.prev_hlc, m.schema FROM message m
     WHERE m.seq > @cursor AND NOT (m.replica IS @replica AND ${SENT_BY_LAPTOP}) AND (
       m.tbl NOT IN (${SCOPED_SQL})
       OR (m.tbl = 'sentra' AND (
             NOT EXISTS (SELECT 1 FROM sentra_regency k WHERE k.sentra_id = m.row_id)
             OR EXISTS (SELECT 1 FROM sentra_regency k WHERE k.sentra_id = m.row_id
                          AND k.regency_code IN (SELECT value FROM json_each((SELECT regencies FROM device WHERE id = @device))))))
       OR (m.tbl = 'site' AND (
             EXISTS (SELECT 1 FROM device_site d WHERE d.device_id = @device AND d.site_id = m.row_id)
             OR NOT EXISTS (SELECT 1 FROM site_regency r WHERE r.site_id = m.row_id)))
       OR (m.tbl <> 'site' AND m.tbl <> 'sentra' AND (
             NOT EXISTS (SELECT 1 FROM row_site rs WHERE rs.tbl = m.tbl AND rs.row_id = m.row_id)
             OR EXISTS (SELECT 1 FROM row_site rs WHERE rs.tbl = m.tbl AND rs.row_id = m.row_id AND (
                  EXISTS (SELECT 1 FROM device_site d WHERE d.device_id = @device AND d.site_id = rs.site_id)
                  OR NOT EXISTS (SELECT 1 FROM site_regency r WHERE r.site_id = rs.site_id))))))
     ORDER BY m.seq LIMIT @limit`,
  );
  /** Everything after a cursor for a whole-province device but what its laptop sent itself (see SENT_BY_LAPTOP). */
  const deviceMessagesAfter = db.prepare<{ cursor: number; replica: string | null; device: string; limit: number }, MessageRow>(
    `SELECT m.seq, m.hlc, m.tbl, m.row_id, m.col, m.value, m.prev_hlc, m.schema FROM message m
     WHERE m.seq > @cursor AND NOT (m.replica IS @replica AND ${SENT_BY_LAPTOP}) ORDER BY m.seq LIMIT @limit`,
  );
  const messageCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM message');
  // What a device may write and read: see migration 0007.
  const storedMessage = db.prepare<[string], MessageRow>(
    'SELECT seq, hlc, tbl, row_id, col, value, prev_hlc, schema FROM message WHERE hlc = ?',
  );
  const ownerOf = db.prepare<[string]>('SELECT public_key FROM replica_owner WHERE replica_id = ?').pluck();
  const claimReplica = db.prepare<[string, string]>('INSERT OR IGNORE INTO replica_owner(replica_id, public_key) VALUES (?, ?)');
  const assignReplica = db.prepare<[string, string]>(
    'INSERT INTO replica_owner(replica_id, public_key) VALUES (?, ?) ON CONFLICT(replica_id) DO UPDATE SET public_key = excluded.public_key',
  );
  const noteRefusal = db.prepare<[string, string, string, string]>(
    `INSERT INTO device_refusal(device_id, reason, count, last_at, last_hlc) VALUES (?, ?, 1, ?, ?)
     ON CONFLICT(device_id, reason) DO UPDATE SET count = count + 1, last_at = excluded.last_at, last_hlc = excluded.last_hlc`,
  );
  const refusalsOf = db.prepare<[string], { reason: RefusalReason; count: number; last_at: string; last_hlc: string }>(
    'SELECT reason, count, last_at, last_hlc FROM device_refusal WHERE device_id = ? ORDER BY reason',
  );
  const insertAttachmentBlob = db.prepare<[string, string]>('INSERT OR IGNORE INTO attachment_blob(sha256, row_id) VALUES (?, ?)');
  /**
   * Whether a scoped device may read a file: one attachment naming it belongs to a site the device
   * holds, or to a site the hub cannot place yet (its rows go to every device, as pulls send them).
   */
  const blobReadable = db.prepare<{ sha256: string; device: string }>(
    `SELECT 1 FROM attachment_blob b WHERE b.sha256 = @sha256 AND (
       NOT EXISTS (SELECT 1 FROM row_site rs WHERE rs.tbl = 'attachment' AND rs.row_id = b.row_id)
       OR EXISTS (SELECT 1 FROM row_site rs WHERE rs.tbl = 'attachment' AND rs.row_id = b.row_id AND (
            EXISTS (SELECT 1 FROM device_site d WHERE d.device_id = @device AND d.site_id = rs.site_id)
            OR NOT EXISTS (SELECT 1 FROM site_regency r WHERE r.site_id = rs.site_id))))
     LIMIT 1`,
  ).pluck();
  const revokedKeys = db.prepare<[]>(
    'SELECT DISTINCT public_key FROM device d WHERE revoked_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM device a WHERE a.public_key = d.public_key AND a.revoked_at IS NULL)',
  ).pluck();
  const revokedKey = db.prepare<[string, string]>(
    'SELECT 1 FROM device WHERE public_key = ? AND revoked_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM device WHERE public_key = ? AND revoked_at IS NULL)',
  ).pluck();

  const insertEnrollment = db.prepare(
    `INSERT INTO enrollment(code_hash, officer_code, regencies, created_at, expires_at, role) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const findEnrollment = db.prepare<[string], { officer_code: string; regencies: string; expires_at: string; used_at: string | null; role: string }>(
    'SELECT officer_code, regencies, expires_at, used_at, role FROM enrollment WHERE code_hash = ?',
  );
  const useEnrollment = db.prepare('UPDATE enrollment SET used_at = ?, device_id = ? WHERE code_hash = ? AND used_at IS NULL');
  const insertDevice = db.prepare(
    `INSERT INTO device(id, officer_code, name, replica_id, public_key, token_hash, regencies, enrolled_at, role)
     VALUES (@id, @officerCode, @name, @replicaId, @publicKey, @tokenHash, @regencies, @now, @role)`,
  );
  const setRole = db.prepare<[string, string]>('UPDATE device SET role = ? WHERE id = ?');
  // A review decision is taken only from a supervisor's laptop: the author's key (replica_owner) is enrolled, not revoked, as one.
  const supervisorReplica = db.prepare<[string]>(
    `SELECT 1 FROM replica_owner o JOIN device d ON d.public_key = o.public_key
      WHERE o.replica_id = ? AND d.role = 'supervisor' AND d.revoked_at IS NULL LIMIT 1`,
  ).pluck();
  const deviceById = db.prepare<[string], DeviceDbRow>('SELECT * FROM device WHERE id = ?');
  const otherDeviceWithReplica = db.prepare<[string, string]>('SELECT 1 FROM device WHERE replica_id = ? AND id <> ?').pluck();
  const setReplica = db.prepare<[string, string]>('UPDATE device SET replica_id = ? WHERE id = ?');
  const activeDeviceByKey = db.prepare<[string], DeviceDbRow>('SELECT * FROM device WHERE public_key = ? AND revoked_at IS NULL');
  const noteBundleAck = db.prepare<[number, string, number]>('UPDATE device SET bundle_ack = max(bundle_ack, ?) WHERE id = ? AND bundle_ack >= ?');
  const allDevices = db.prepare<[], DeviceDbRow>('SELECT * FROM device ORDER BY enrolled_at, id');
  const markSynced = db.prepare('UPDATE device SET last_sync_at = ?, last_cursor = ? WHERE id = ?');
  const revokeDevice = db.prepare('UPDATE device SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const trustedKeys = db.prepare<[], { public_key: string }>('SELECT public_key FROM trusted_key');
  const insertTrusted = db.prepare(
    'INSERT INTO trusted_key(public_key, label, accepted_at) VALUES (?, ?, ?) ON CONFLICT(public_key) DO NOTHING',
  );

  interface ScopedDevice {
    id: string;
    replicaId: string;
    regencies: Set<string>;
    /**
     * It lets go of sites that leave its scope: its app releases (migration 0003), or it has not
     * synced yet (it holds nothing from the hub but what a hub bundle brought it).
     */
    releases: boolean;
  }
  const toScoped = (d: DeviceDbRow): ScopedDevice => ({
    id: d.id,
    replicaId: d.replica_id,
    regencies: new Set(JSON.parse(d.regencies) as string[]),
    releases: d.releases === 1 || d.last_sync_at === null,
  });

  /** Updates the scope index for one newly stored message. */
  function indexMessage(m: ChangeMessage, scopedDevices: () => ScopedDevice[], sentUpTo: number): void {
    const key = `${m.table}.${m.column}`;
    if (key === 'site.regency_code') {
      const regency = textValue(m.value);
      if (regency === null) return;
      const current = regencyOf.get(m.row);
      if (current && current.hlc >= m.hlc) return; // last writer wins, as on every replica
      setRegency.run(m.row, regency, m.hlc);
      // A site placed for the first time: its messages so far went to every device, none is re-sent.
      if (current?.regency_code !== regency) rescope([m.row], scopedDevices, { placed: current ? undefined : { site: m.row, sentUpTo } });
    } else if (key === 'sentra.regency_code') {
      const regency = textValue(m.value);
      if (regency === null) return;
      const current = sentraRegencyOf.get(m.row);
      if (current && current.hlc >= m.hlc) return;
      setSentraRegency.run(m.row, regency, m.hlc);
      // A sentra placed for the first time: its messages so far went to every device. One that moved
      // is re-sent whole to the devices whose scope it entered (it stays where it was on the others, unchanged).
      if (!current || current.regency_code === regency) return;
      for (const d of scopedDevices()) {
        if (d.regencies.has(regency) && !d.regencies.has(current.regency_code)) addBackfill.run(d.id, m.row, lastSeq.get()?.seq ?? 0);
      }
    } else if (key === 'visit.site_id') {
      const site = textValue(m.value);
      if (site !== null) insertRowSite.run(m.table, m.row, site);
    } else if (key === 'site_merge.survivor_id' || key === 'site_merge.loser_id' || key === 'site_merge.merged_at' || key === 'site_merge.undone_at') {
      const value = textValue(m.value);
      // An undo is cleared (null) when the pair is merged again; the other cells always hold text.
      if (value === null && (m.column !== 'undone_at' || m.value !== 'null')) return;
      if (m.column === 'survivor_id' || m.column === 'loser_id') insertRowSite.run(m.table, m.row, value!);
      const before = mergeEdge.get(m.row);
      if (!setMergeCell[m.column as keyof typeof MERGE_CELLS].run(m.row, value, m.hlc).changes) return;
      const after = mergeEdge.get(m.row)!;
      // The sites on both sides, before and after (a merge may change direction), take their places again.
      const touched = [before?.survivor_id, before?.loser_id, after.survivor_id, after.loser_id].filter((s): s is string => !!s);
      rescope(touched, scopedDevices, { groupChanged: true });
    } else if (key === 'site_distinct.site_a' || key === 'site_distinct.site_b') {
      // A "bukan duplikat" decision goes where either of its sites goes (and comes with each one's history).
      const site = textValue(m.value);
      if (site !== null) insertRowSite.run(m.table, m.row, site);
    } else if (m.column === 'visit_id' && VISIT_ROW_TABLES.includes(m.table)) {
      const visit = textValue(m.value);
      if (visit !== null) insertRowSiteFromVisit.run(m.table, m.row, visit);
    } else if (key === 'attachment.sha256' || key === 'attachment.thumb_sha256') {
      const sha256 = textValue(m.value);
      if (sha256 !== null && /^[0-9a-f]{64}$/.test(sha256)) insertAttachmentBlob.run(sha256, m.row);
    }
  }

  /** The site a merged site now lives on, by the app's own rule. */
  function survivorOf(site: string): string {
    return finalSurvivor(site, (loser) => survivorOfLoser.get(loser) as string | undefined);
  }

  /** The site and every site a merge ties it to (the app's rule: mergeGroupOf). */
  const mergeGroup = (site: string): string[] => mergeGroupOf(site, (s) => mergePartners.all(s, s));

  /** The scope regencies of a group's sites (those placed). */
  const scopesOf = (group: readonly string[]): string[] =>
    group.map((site) => regencyOf.get(site)?.scope_regency ?? '').filter((r) => r !== '');
  /** Whether a site of the group is placed (by its scope regency) in these regencies. */
  const groupIn = (group: readonly string[], regencies: { has(r: string): boolean }, scopes = scopesOf(group)) =>
    scopes.some((r) => regencies.has(r));

  /** A site the hub learns the regency of for the first time, and the hub's last message before the store that placed it. */
  interface Placed {
    site: string;
    sentUpTo: number;
  }

  /** What one reconciling changed: sites the device came to hold (their history re-sent) and sites it was asked to release. */
  interface Tally {
    resent: number;
    released: number;
  }

  /**
   * THE rule of what a scoped device holds, for one merge group, so that it holds whole groups:
   * all of the group when a member is placed in its scope or it pinned a member (it wrote one
   * outside its scope), else none of it; an app that cannot release keeps what it holds. A group
   * that was in the device's scope and no longer is (`wasInScope`) leaves it, pins included. A site
   * the device comes to hold, by whatever road, is re-sent its whole history, the device's own
   * messages included (it may have released them), unless the hub only now learns where it is
   * (`placed`: its messages so far went to every device). A device that does not want the group
   * is asked to release all of it when something of the placed site was stored before this store
   * (`sentUpTo`): it may have been sent rows of the site, a merge or a visit, that wait there for a
   * site that never comes. The release version grows with every site the device comes to hold,
   * so an older release list is stale.
   */
  function reconcileGroup(
    d: ScopedDevice,
    group: readonly string[],
    options: { wasInScope?: boolean; placed?: Placed; scopes?: string[] },
    tally?: Tally,
  ): void {
    const inScope = groupIn(group, d.regencies, options.scopes);
    if (options.wasInScope && !inScope) for (const site of group) unpin.run(d.id, site);
    const wanted =
      inScope ||
      group.some((site) => isPinned.get(d.id, site) !== undefined) ||
      (!d.releases && group.some((site) => isHeld.get(d.id, site) !== undefined));
    const placed = options.placed;
    const maybeSent = !wanted && !!placed && siteMessages.all({ site: placed.site, after: 0, upto: placed.sentUpTo, limit: 1 }).length > 0;
    let gained = false;
    for (const site of group) {
      if (wanted) {
        unrelease.run(d.id, site);
        if (!hold.run(d.id, site).changes) continue;
        gained = true;
        if (site === placed?.site) continue;
        addBackfill.run(d.id, site, lastSeq.get()?.seq ?? 0);
        if (tally) tally.resent++;
      } else if (unhold.run(d.id, site).changes) {
        release.run(d.id, site);
        dropBackfillOfSite.run(d.id, site);
        if (tally) tally.released++;
      } else if (maybeSent) {
        release.run(d.id, site);
      }
    }
    if (gained) bumpReleaseVersion.run(d.id);
  }

  /** Reconciles the groups of these sites for a device, each group once. */
  function reconcileSites(d: ScopedDevice, sites: Iterable<string>, wasInScope: (group: string[]) => boolean): Tally {
    const tally: Tally = { resent: 0, released: 0 };
    const done = new Set<string>();
    for (const site of sites) {
      if (done.has(site)) continue;
      const group = mergeGroup(site);
      group.forEach((s) => done.add(s));
      reconcileGroup(d, group, { wasInScope: wasInScope(group) }, tally);
    }
    return tally;
  }

  /**
   * Places these sites and every site merged with them by their scope regency: a merged site's is
   * its survivor's (its own while the survivor's regency is unknown). A group a site of which moved,
   * or whose members changed (`groupChanged`: a merge), is reconciled for every scoped device.
   */
  function rescope(
    sites: Iterable<string>,
    scopedDevices: () => ScopedDevice[],
    options: { placed?: Placed; groupChanged?: boolean } = {},
  ): void {
    const done = new Set<string>();
    for (const start of sites) {
      if (done.has(start)) continue;
      const group = mergeGroup(start);
      const before = new Set<string>();
      let moved = false;
      for (const member of group) {
        done.add(member);
        const own = regencyOf.get(member);
        if (!own) continue; // placed when its regency arrives
        if (own.scope_regency) before.add(own.scope_regency);
        const scope = regencyOf.get(survivorOf(member))?.regency_code ?? own.regency_code;
        if (scope === own.scope_regency) continue;
        setScopeRegency.run(scope, member);
        moved = true;
      }
      if (!moved && !options.groupChanged) continue;
      const scopes = scopesOf(group);
      for (const d of scopedDevices()) reconcileGroup(d, group, { wasInScope: groupInBefore(before, d), placed: options.placed, scopes });
    }
  }
  const groupInBefore = (before: Set<string>, d: ScopedDevice) => [...before].some((r) => d.regencies.has(r));

  /**
   * A scoped device holds every site it wrote a change of, except a site it is releasing: those
   * are the changes it sends before it lets the site go. One it wrote outside its scope is pinned
   * (it stays, with its whole merge group). A site outside its scope that it only passes on
   * (another laptop's changes it took from a bundle) is released instead, by an app that
   * releases: it reached the hub now, and the laptop lets it go by the usual rule (nothing of it
   * left to send). An older app holds it, so the hub keeps sending its changes. `refused` changes
   * tell the same: the laptop has their sites (e.g. a colleague's site stamped a few minutes
   * ahead of the hub, which its author sends itself). A site passed on that the hub cannot place
   * yet is held for now: when its regency arrives, the one rule keeps or releases it.
   */
  function holdWritten(device: ScopedDevice, messages: readonly ChangeMessage[], refused: readonly ChangeMessage[]): void {
    const ownSites = new Set<string>();
    const sites = new Set<string>();
    const seen = new Set<string>();
    for (const m of [...messages, ...refused]) {
      if (!(SITE_SCOPED_TABLES as readonly string[]).includes(m.table)) continue;
      const own = replicaOf(m.hlc) === device.replicaId && !refused.includes(m);
      const rowKey = `${m.table}\u0000${m.row}\u0000${own}`;
      if (seen.has(rowKey)) continue;
      seen.add(rowKey);
      const ofRow = m.table === 'site' ? [m.row] : sitesOfRow.all(m.table, m.row).map((r) => r.site_id);
      for (const site of ofRow) {
        sites.add(site);
        if (own) ownSites.add(site);
      }
    }
    for (const site of sites) {
      if (isReleasing.get(device.id, site) !== undefined) continue;
      const group = mergeGroup(site);
      const inScope = groupIn(group, device.regencies);
      const placed = !!regencyOf.get(site)?.scope_regency;
      if (!ownSites.has(site) && !placed) {
        hold.run(device.id, site);
        continue;
      }
      if (!ownSites.has(site) && device.releases && !inScope) {
        if (isHeld.get(device.id, site) === undefined) release.run(device.id, site);
        continue;
      }
      if (!inScope) pin.run(device.id, site);
      reconcileGroup(device, group, {});
    }
  }

  /** The sites a change concerns: its row's sites, and the site (or the visit's sites) it ties its row to. */
  function sitesTouched(m: ChangeMessage): string[] {
    if (m.table === 'site') return [m.row];
    const sites = sitesOfRow.all(m.table, m.row).map((r) => r.site_id);
    const ties =
      (m.table === 'visit' && m.column === 'site_id') ||
      (m.table === 'site_merge' && (m.column === 'survivor_id' || m.column === 'loser_id')) ||
      (m.table === 'site_distinct' && (m.column === 'site_a' || m.column === 'site_b'));
    const toVisit = VISIT_ROW_TABLES.includes(m.table) && m.column === 'visit_id';
    if (ties || toVisit) {
      const target = textValue(m.value);
      if (target !== null && ties) sites.push(target);
      if (target !== null && toVisit) sites.push(...sitesOfRow.all('visit', target).map((r) => r.site_id));
    }
    return sites;
  }

  /** The same change, word for word, as the one the hub holds under its stamp. */
  const sameAs = (m: ChangeMessage, r: MessageRow) =>
    r.tbl === m.table && r.row_id === m.row && r.col === m.column && r.value === m.value && r.prev_hlc === m.prevHlc && r.schema === m.schema;

  /**
   * Why the hub refuses one change from a device, or null when it takes it (issue 21, item 7):
   * - a stamp the hub holds with other content: it is taken already;
   * - a change stamped with the office copy's replica the hub does not hold: laptops only pass on
   *   what the hub sent them;
   * - a colleague's change (its replica is another laptop's) stamped after the hub's now: a laptop
   *   passes on what a colleague's bundle brought it (README "USB"), which its author wrote
   *   before; one from the future would take a stamp its author has yet to write. Such changes
   *   are taken otherwise, and go to their author's laptop too (messagesFor leaves out only what
   *   a laptop sent itself), so a change forged in a colleague's name is never kept from it;
   * - a value longer than MAX_CELL_CHARS;
   * - for a scoped device, a change of a site's rows (the site, its visits, revisions, attachments
   *   and merges, or a row tied to the site) unless the device may write the site: its merge group
   *   is in the device's scope; the device holds, pinned or is releasing a site of it; the push
   *   passes on a change of the group the hub holds word for word (the device has the site: a
   *   colleague's bundle brought it, README "Scope"); or the hub cannot place the site yet (the
   *   device registered it, or its author has not synced it). Pins stay what they were: a
   *   laptop that wrote a site it holds outside its scope keeps it.
   */
  function refusalOf(device: DeviceDbRow, m: ChangeMessage, writable: (site: string) => boolean, now: string): RefusalReason | null {
    const stored = storedMessage.get(m.hlc);
    if (stored) return sameAs(m, stored) ? null : 'replica';
    const owner = ownerOf.get(replicaOf(m.hlc)) as string | undefined;
    if (owner === ident.key.publicKey) return 'replica';
    if (owner !== undefined && owner !== device.public_key && m.hlc.slice(0, 24) > now) return 'replica';
    if (m.value.length > MAX_CELL_CHARS) return 'too_large';
    // Review decisions come only from a supervisor's laptop (its own, or passed on from one).
    if (m.table === 'visit_review' && supervisorReplica.get(replicaOf(m.hlc)) === undefined) return 'role';
    if (device.regencies === '[]' || !(SITE_SCOPED_TABLES as readonly string[]).includes(m.table)) return null;
    return sitesTouched(m).every(writable) ? null : 'scope';
  }

  /** Whether a scoped device may write a site now (see refusalOf); `proven` are sites whose changes its push passes on word for word. */
  function mayWriteSite(device: DeviceDbRow, site: string, proven: ReadonlySet<string>): boolean {
    if (!regencyOf.get(site)?.scope_regency) return true;
    const group = mergeGroup(site);
    if (groupIn(group, new Set(JSON.parse(device.regencies) as string[]))) return true;
    return group.some(
      (s) => proven.has(s) || isHeld.get(device.id, s) !== undefined || isPinned.get(device.id, s) !== undefined || isReleasing.get(device.id, s) !== undefined,
    );
  }

  /**
   * A laptop enrolled again (same key or replica, e.g. after a revoke) still holds what its
   * enrolment before held: the new device takes that over (and its pins); what is now outside its
   * scope is released like a narrowed scope, and what it comes to hold is re-sent whole (its own
   * old messages included: a pull never sends a laptop its own). False when there is no earlier one.
   */
  function inheritEarlierEnrolment(row: DeviceDbRow): boolean {
    const earlier = earlierEnrolment.get(row.public_key, row.replica_id, row.id);
    if (!earlier) return false;
    const was = new Set(JSON.parse(earlier.regencies) as string[]);
    const wholeProvince = !was.size;
    if (!wholeProvince) backfillSentra.run({ device: row.id, upto: lastSeq.get()?.seq ?? 0, before: earlier.regencies, after: row.regencies });
    if (wholeProvince) inheritWholeProvince.run({ device: row.id, earlier: earlier.id });
    inheritHeld.run({ device: row.id, earlier: earlier.id });
    inheritReleasing.run({ device: row.id, earlier: earlier.id });
    // A site still being re-sent to the earlier enrolment is on the laptop in part, its own writes
    // at least: the rule below keeps it (re-sent whole) or leaves it to be released, never neither.
    inheritResentAsReleasing.run({ device: row.id, earlier: earlier.id });
    inheritPins.run({ device: row.id, earlier: earlier.id });
    if (row.regencies === '[]') {
      // The whole province now: what the enrolment before did not hold comes back whole.
      if (backfillNotHeld.run({ device: row.id, upto: lastSeq.get()?.seq ?? 0, regencies: '[]' }).changes) bumpReleaseVersion.run(row.id);
      unholdAll.run(row.id);
      unreleaseAll.run(row.id);
      unpinAll.run(row.id);
      return true;
    }
    const sites = sitesToReconcile.all({ device: row.id, regencies: row.regencies }) as string[];
    reconcileSites(toScoped(row), sites, (group) => wholeProvince || groupIn(group, was));
    return true;
  }

  /** The hub's identity and signing key, made on first open. */
  function identity(): { hubId: string; key: DeviceKeyPair } {
    let hubId = meta('hub_id');
    let key = meta('hub_key');
    if (!hubId || !key) {
      hubId = randomBytes(8).toString('hex');
      key = JSON.stringify(generateDeviceKey());
      db.transaction(() => {
        setMeta.run('hub_id', hubId!);
        setMeta.run('hub_key', key!);
      })();
    }
    return { hubId, key: JSON.parse(key) as DeviceKeyPair };
  }
  const ident = identity();

  const activeScopedDevices = () => allDevices.all().filter((d) => !d.revoked_at && d.regencies !== '[]').map(toScoped);
  // A hub from before migration 0004: merged sites take their survivor's scope, once.
  if (current > 0 && current < 4) db.transaction(() => rescope(mergedSites.all() as string[], activeScopedDevices))();
  // A hub from before migration 0008: the losers of merges undone before it knew of undos take their own scope again, once.
  if (current > 0 && current < 8) db.transaction(() => rescope(undoneLosers.all() as string[], activeScopedDevices, { groupChanged: true }))();
  // A hub from before migration 0006: every scoped device takes whole merge groups, once.
  if (current > 0 && current < 6) {
    db.transaction(() => {
      for (const d of activeScopedDevices()) reconcileSites(d, sitesToReconcile.all({ device: d.id, regencies: JSON.stringify([...d.regencies]) }) as string[], () => false);
    })();
  }

  return {
    db,
    hubId: ident.hubId,
    hubKey: ident.key,

    getNumber(key: string): number {
      return Number(meta(key) ?? 0);
    },
    setNumber(key: string, value: number): void {
      setMeta.run(key, String(value));
    },

    /**
     * Stores messages once each (one transaction); answers how many were new. Keeps the scope
     * index up to date, and for a scoped device notes the sites it wrote to (it holds them).
     */
    storeMessages(
      messages: readonly ChangeMessage[],
      deviceId: string | null,
      now = new Date(),
    ): { stored: number; duplicates: number; refused: number } {
      let stored = 0;
      const accepted: ChangeMessage[] = [];
      const refused: ChangeMessage[] = [];
      db.transaction(() => {
        let scoped: ScopedDevice[] | null = null;
        const scopedDevices = () => (scoped ??= activeScopedDevices());
        const sentUpTo = lastSeq.get()?.seq ?? 0;
        const device = deviceId ? deviceById.get(deviceId) : undefined;
        // The sites whose changes the push passes on word for word: the device has them.
        const proven = new Set<string>();
        if (device) {
          for (const m of messages) {
            const held = (SITE_SCOPED_TABLES as readonly string[]).includes(m.table) ? storedMessage.get(m.hlc) : undefined;
            if (held && sameAs(m, held)) for (const site of sitesTouched(m)) proven.add(site);
          }
        }
        // Per site, once, as things stood when the push first named it: a site the push itself
        // registers stays writable once the push places it, and no change of a push makes a site
        // it may not write writable (each such change is a write of that site).
        const writable = new Map<string, boolean>();
        const mayWrite = (site: string) => {
          let may = writable.get(site);
          if (may === undefined) writable.set(site, (may = mayWriteSite(device!, site, proven)));
          return may;
        };
        for (const m of messages) {
          const reason = device ? refusalOf(device, m, mayWrite, now.toISOString()) : null;
          if (reason) {
            noteRefusal.run(device!.id, reason, now.toISOString(), m.hlc);
            refused.push(m);
            continue;
          }
          accepted.push(m);
          const added = insertMessage.run(m.hlc, replicaOf(m.hlc), m.table, m.row, m.column, m.value, m.prevHlc, m.schema, deviceId).changes;
          if (added) indexMessage(m, scopedDevices, sentUpTo);
          stored += added;
        }
        const sender = deviceId ? scopedDevices().find((d) => d.id === deviceId) : undefined;
        // A refused change gives the device no right to its site; that it has the site still counts.
        if (sender) holdWritten(sender, accepted, refused);
      })();
      return { stored, duplicates: accepted.length - stored, refused: messages.length - accepted.length };
    },

    /** The changes refused from a device, by reason (for `hub devices`). */
    refusals: (deviceId: string) => refusalsOf.all(deviceId),

    /**
     * A sync names the replica the device stamps its changes with now (a restored laptop gets a
     * new one): the device owns it unless another laptop does already.
     */
    claimReplica(replicaId: string, publicKey: string): void {
      claimReplica.run(replicaId, publicKey);
    },
    /** The office's own copy stamps with this replica: no laptop may write as it. */
    ownReplica(replicaId: string): void {
      assignReplica.run(replicaId, ident.key.publicKey);
    },

    /** Whether a device may download a file: a whole-province one any, a scoped one those of sites it holds. */
    mayReadBlob(device: DeviceRow, sha256: string): boolean {
      if (!device.regencies.length) return true;
      return blobReadable.get({ sha256, device: device.id }) !== undefined;
    },

    /** Keys of revoked devices that no enrolled device holds now: their bundles are refused as revoked. */
    revokedKeys: (): string[] => revokedKeys.all() as string[],

    /** Messages after `cursor` in hub order, leaving out those `exceptReplica` wrote. */
    messagesAfter(cursor: number, limit: number, exceptReplica: string | null): StoredMessage[] {
      const rows = exceptReplica ? messagesAfter.all(cursor, exceptReplica, limit) : messagesAfterAll.all(cursor, limit);
      return rows.map(toMessage);
    },
    lastSeq: () => lastSeq.get()?.seq ?? 0,

    /**
     * What a device pulls after its cursor: everything for a whole-province device, its part for a
     * scoped one; the one selection for sync and for the bundle the office writes for the device.
     * Leaves out the messages of `exceptReplica` that the device's laptop sent itself (null: none),
     * and pages by count and by bytes (MAX_PULL_BYTES): `more` when messages were left.
     */
    messagesFor(
      device: DeviceRow,
      cursor: number,
      limit: number,
      exceptReplica: string | null,
      maxBytes = MAX_PULL_BYTES,
    ): { messages: StoredMessage[]; more: boolean } {
      // One row more than the limit tells whether more wait.
      const query = { cursor, replica: exceptReplica, device: device.id, limit: limit + 1 };
      const rows = !device.regencies.length
        ? exceptReplica
          ? deviceMessagesAfter.iterate(query)
          : messagesAfterAll.iterate(cursor, limit + 1)
        : scopedMessagesAfter.iterate(query);
      const page = pageOf(rows, limit + 1, maxBytes);
      if (page.messages.length > limit) return { messages: page.messages.slice(0, limit), more: true };
      return page;
    },

    /**
     * The history of sites that came into a device's scope, up to `limit` messages, after taking
     * the device's acknowledgement of the previous page (`ack`, the token it was given). A page the
     * device never applied (a lost reply) is sent again.
     */
    backfill(deviceId: string, ack: string | null, limit: number, maxBytes = MAX_PULL_BYTES): BackfillPage {
      return db.transaction((): BackfillPage => {
        if (ack) {
          const [id, seq] = ack.split(':').map(Number);
          ackBackfillBefore.run(deviceId, id);
          ackBackfill.run(seq, deviceId, id);
        }
        const messages: StoredMessage[] = [];
        let token: string | null = null;
        let bytes = 0;
        for (const row of backfillRows.all(deviceId, 1000)) {
          if (messages.length >= limit || bytes >= maxBytes) break;
          const rows = siteMessages.iterate({ site: row.site_id, after: row.after_seq, upto: row.upto_seq, limit: limit - messages.length });
          const page = pageOf(rows, limit - messages.length, messages.length ? maxBytes - bytes : maxBytes).messages;
          if (!page.length) {
            // Everything up to its end was acknowledged (or there was nothing to re-send).
            dropBackfill.run(row.id);
            continue;
          }
          for (const m of page) bytes += m.value.length + m.row.length + m.column.length + m.table.length + 120;
          messages.push(...page);
          token = `${row.id}:${page[page.length - 1].seq}`;
        }
        return { messages, token };
      })();
    },

    /**
     * Sets a device's scope (empty: the whole province) and reconciles what it holds by the one
     * rule (reconcileGroup): sites that come into scope are held and their history re-sent; groups
     * that leave it (a member was in the old scope, none is in the new) are released: the hub stops
     * sending their changes and asks the device to remove them. Answers how many sites will be
     * re-sent and how many were released.
     */
    setScope(deviceId: string, regencies: string[]): { resent: number; released: number } | null {
      return db.transaction(() => {
        const row = deviceById.get(deviceId);
        if (!row) return null;
        const before = JSON.parse(row.regencies) as string[];
        const after = [...new Set(regencies)];
        const json = JSON.stringify(after);
        setRegencies.run(json, deviceId);
        // A whole-province device had every sentra already; a scoped one is re-sent those it gains.
        if (before.length) backfillSentra.run({ device: deviceId, upto: lastSeq.get()?.seq ?? 0, before: row.regencies, after: json });
        if (!after.length) {
          // The whole province: everything not held comes back, nothing is released.
          const resent = before.length ? backfillNotHeld.run({ device: deviceId, upto: lastSeq.get()?.seq ?? 0, regencies: json }).changes : 0;
          unholdAll.run(deviceId);
          unreleaseAll.run(deviceId);
          unpinAll.run(deviceId);
          if (resent) bumpReleaseVersion.run(deviceId);
          return { resent, released: 0 };
        }
        // A whole-province device holds every site already.
        if (!before.length) holdAll.run(deviceId);
        const was = new Set(before);
        const sites = sitesToReconcile.all({ device: deviceId, regencies: json }) as string[];
        return reconcileSites(toScoped({ ...row, regencies: json }), sites, (group) => !before.length || groupIn(group, was));
      })();
    },

    /** The device's app releases sites (it sent `released`): from now on, sites that leave its scope leave it. */
    noteReleases(deviceId: string): void {
      noteReleases.run(deviceId);
    },
    /** Sites the device should remove (they left its scope), up to `limit`. */
    releaseList: (deviceId: string, limit: number): string[] => releaseList.all(deviceId, limit) as string[],
    /** The version of the device's release list now (it grows each time the device comes to hold a site). */
    releaseVersion: (deviceId: string): number => deviceById.get(deviceId)?.release_version ?? 0,
    /**
     * The device removed these sites. The hub believes every such notice, asked for or not: a site
     * it was asked to release is no longer asked for; one the hub thought it held is no longer held,
     * and if the device should hold it (its scope, its pins), its whole group is held again and
     * re-sent (reconcileGroup). A whole-province device is re-sent the site.
     */
    confirmReleased(deviceId: string, siteIds: readonly string[]): void {
      db.transaction(() => {
        const row = deviceById.get(deviceId);
        const unasked: string[] = [];
        for (const site of siteIds) if (!unrelease.run(deviceId, site).changes) unasked.push(site);
        if (!row || !unasked.length) return;
        if (row.regencies === '[]') {
          let resent = 0;
          for (const site of unasked) if (regencyOf.get(site)) resent += addBackfill.run(deviceId, site, lastSeq.get()?.seq ?? 0).changes;
          if (resent) bumpReleaseVersion.run(deviceId);
          return;
        }
        const gone = unasked.filter((site) => isHeld.get(deviceId, site) !== undefined);
        // The device releases merge groups whole: what it named went with its group.
        for (const site of gone) for (const member of mergeGroup(site)) unhold.run(deviceId, member);
        reconcileSites(toScoped(row), gone, () => false);
      })();
    },

    /** Scope figures for the devices list: sites held, sites still to re-send, sites the device still has to release. */
    scopeStats: (deviceId: string) => ({
      held: heldCount.get(deviceId)!.n,
      resending: backfillCount.get(deviceId)!.n,
      releasing: releaseCount.get(deviceId)!.n,
    }),

    messageCount: () => messageCount.get()!.n,

    /** Makes a one-time enrollment code; only its hash is kept. */
    createEnrollment(grant: EnrollmentGrant, now: Date): string {
      const code = newEnrollmentCode();
      const expires = new Date(now.getTime() + ENROLLMENT_DAYS * 86_400_000);
      insertEnrollment.run(sha256Hex(code), grant.officerCode, JSON.stringify(grant.regencies), now.toISOString(), expires.toISOString(), grant.role ?? 'officer');
      return code;
    },

    /**
     * Spends an enrollment code and registers the device, in one transaction: a code works once.
     * Returns null when the code is unknown, used or expired.
     */
    enroll(
      code: string,
      device: { name: string; replicaId: string; publicKey: string },
      now: Date,
    ): { device: DeviceRow; token: string } | null {
      const codeHash = sha256Hex(code);
      return db.transaction(() => {
        const grant = findEnrollment.get(codeHash);
        if (!grant || grant.used_at || grant.expires_at < now.toISOString()) return null;
        const id = randomBytes(8).toString('hex');
        const secret = randomBytes(32).toString('base64url');
        insertDevice.run({
          id,
          officerCode: grant.officer_code,
          name: device.name,
          replicaId: device.replicaId,
          publicKey: device.publicKey,
          tokenHash: createHash('sha256').update(secret).digest(),
          regencies: grant.regencies,
          now: now.toISOString(),
          role: grant.role,
        });
        useEnrollment.run(now.toISOString(), id, codeHash);
        // The office enrolled this laptop: its replica is its own from now on (a laptop enrolled again may have a new key).
        assignReplica.run(device.replicaId, device.publicKey);
        if (!inheritEarlierEnrolment(deviceById.get(id)!) && grant.regencies !== '[]') holdInScope.run(id, grant.regencies);
        return { device: toDevice(deviceById.get(id)!), token: `${id}.${secret}` };
      })();
    },

    /** The device a bearer token belongs to, comparing hashes in constant time; null when unknown. */
    authenticate(token: string): DeviceRow | null {
      const dot = token.indexOf('.');
      if (dot < 1) return null;
      const row = deviceById.get(token.slice(0, dot));
      const given = createHash('sha256').update(token.slice(dot + 1)).digest();
      // Compare even when the device is unknown, so timing says nothing about which ids exist.
      const expected = row?.token_hash ?? Buffer.alloc(32);
      const same = timingSafeEqual(given, expected);
      return row && same ? toDevice(row) : null;
    },

    /** Sets who uses a laptop (officer or supervisor); false when the device is unknown. */
    setRole(deviceId: string, role: Role): boolean {
      return setRole.run(role, deviceId).changes > 0;
    },

    markSynced(deviceId: string, cursor: number, now: Date): void {
      markSynced.run(now.toISOString(), cursor, deviceId);
    },
    devices: () => allDevices.all().map(toDevice),
    /** The enrolled, not revoked device with this key (the signer of a bundle); null when none. */
    deviceByKey: (publicKey: string) => {
      const row = activeDeviceByKey.get(publicKey);
      return row ? toDevice(row) : null;
    },
    /** A bundle of the device's log `range` reached the hub: taken when it follows on from what the hub holds. */
    noteBundle(deviceId: string, range: { after: number; upTo: number }): void {
      noteBundleAck.run(range.upTo, deviceId, range.after);
    },
    device: (id: string) => {
      const row = deviceById.get(id);
      return row ? toDevice(row) : null;
    },
    /**
     * A device restored a backup and stamps with a new replica id: it becomes the device's own.
     * False (nothing changed) when another device has that id: no device takes over another's.
     */
    noteRestored(deviceId: string, replicaId: string): boolean {
      if (otherDeviceWithReplica.get(replicaId, deviceId) !== undefined) return false;
      setReplica.run(replicaId, deviceId);
      return true;
    },
    /** Ends a device's access; true when it was active. */
    revoke: (id: string, now: Date) => revokeDevice.run(now.toISOString(), id).changes > 0,

    /** Public keys whose bundles the hub accepts: enrolled, not revoked devices, and keys the office accepted. */
    trustedKeys(): string[] {
      const keys = allDevices.all().filter((d) => !d.revoked_at).map((d) => d.public_key);
      // A key the office accepted by hand stops counting once a device with it is revoked.
      const accepted = trustedKeys.all().map((r) => r.public_key).filter((k) => revokedKey.get(k, k) === undefined);
      return [...keys, ...accepted];
    },
    trustKey(publicKey: string, label: string, now: Date): void {
      insertTrusted.run(publicKey, label, now.toISOString());
    },

    close: () => db.close(),
  };
}
export type HubStore = ReturnType<typeof openHubStore>;
