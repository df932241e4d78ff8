import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ChangeMessage } from '../db/model/sync';
import { changeMessageFromRow, replicaOf, type ChangeMessageRow } from '../db/model/sync';
import { generateDeviceKey, type DeviceKeyPair } from '../db/sync/device-key';
import { HUB_MIGRATIONS } from './migrations';

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
}

export interface StoredMessage extends ChangeMessage {
  seq: number;
}

export interface EnrollmentGrant {
  officerCode: string;
  regencies: string[];
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

const toMessage = (r: MessageRow): StoredMessage => ({ seq: r.seq, ...changeMessageFromRow(r) });

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
});

/** Opens (creating when missing) the hub store and brings its schema up to date. */
export function openHubStore(file: string) {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
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
  const messageCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM message');

  const insertEnrollment = db.prepare(
    `INSERT INTO enrollment(code_hash, officer_code, regencies, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const findEnrollment = db.prepare<[string], { officer_code: string; regencies: string; expires_at: string; used_at: string | null }>(
    'SELECT officer_code, regencies, expires_at, used_at FROM enrollment WHERE code_hash = ?',
  );
  const useEnrollment = db.prepare('UPDATE enrollment SET used_at = ?, device_id = ? WHERE code_hash = ? AND used_at IS NULL');
  const insertDevice = db.prepare(
    `INSERT INTO device(id, officer_code, name, replica_id, public_key, token_hash, regencies, enrolled_at)
     VALUES (@id, @officerCode, @name, @replicaId, @publicKey, @tokenHash, @regencies, @now)`,
  );
  const deviceById = db.prepare<[string], DeviceDbRow>('SELECT * FROM device WHERE id = ?');
  const allDevices = db.prepare<[], DeviceDbRow>('SELECT * FROM device ORDER BY enrolled_at, id');
  const markSynced = db.prepare('UPDATE device SET last_sync_at = ?, last_cursor = ? WHERE id = ?');
  const revokeDevice = db.prepare('UPDATE device SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const trustedKeys = db.prepare<[], { public_key: string }>('SELECT public_key FROM trusted_key');
  const insertTrusted = db.prepare(
    'INSERT INTO trusted_key(public_key, label, accepted_at) VALUES (?, ?, ?) ON CONFLICT(public_key) DO NOTHING',
  );

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

    /** Stores messages once each (one transaction); answers how many were new. */
    storeMessages(messages: readonly ChangeMessage[], deviceId: string | null): { stored: number; duplicates: number } {
      let stored = 0;
      db.transaction(() => {
        for (const m of messages) {
          stored += insertMessage.run(m.hlc, replicaOf(m.hlc), m.table, m.row, m.column, m.value, m.prevHlc, m.schema, deviceId).changes;
        }
      })();
      return { stored, duplicates: messages.length - stored };
    },

    /** Messages after `cursor` in hub order, leaving out those `exceptReplica` wrote. */
    messagesAfter(cursor: number, limit: number, exceptReplica: string | null): StoredMessage[] {
      const rows = exceptReplica ? messagesAfter.all(cursor, exceptReplica, limit) : messagesAfterAll.all(cursor, limit);
      return rows.map(toMessage);
    },
    lastSeq: () => lastSeq.get()?.seq ?? 0,
    messageCount: () => messageCount.get()!.n,

    /** Makes a one-time enrollment code; only its hash is kept. */
    createEnrollment(grant: EnrollmentGrant, now: Date): string {
      const code = newEnrollmentCode();
      const expires = new Date(now.getTime() + ENROLLMENT_DAYS * 86_400_000);
      insertEnrollment.run(sha256Hex(code), grant.officerCode, JSON.stringify(grant.regencies), now.toISOString(), expires.toISOString());
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
        });
        useEnrollment.run(now.toISOString(), id, codeHash);
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

    markSynced(deviceId: string, cursor: number, now: Date): void {
      markSynced.run(now.toISOString(), cursor, deviceId);
    },
    devices: () => allDevices.all().map(toDevice),
    device: (id: string) => {
      const row = deviceById.get(id);
      return row ? toDevice(row) : null;
    },
    /** Ends a device's access; true when it was active. */
    revoke: (id: string, now: Date) => revokeDevice.run(now.toISOString(), id).changes > 0,

    /** Public keys whose bundles the hub accepts: enrolled, not revoked devices, and keys the office accepted. */
    trustedKeys(): string[] {
      const keys = allDevices.all().filter((d) => !d.revoked_at).map((d) => d.public_key);
      return [...keys, ...trustedKeys.all().map((r) => r.public_key)];
    },
    trustKey(publicKey: string, label: string, now: Date): void {
      insertTrusted.run(publicKey, label, now.toISOString());
    },

    close: () => db.close(),
  };
}
export type HubStore = ReturnType<typeof openHubStore>;
