import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { PACKAGE_VERSION } from './app-version';
import { createBackupSync } from './backup';
import type { DbKey } from './db-key';
import { MIGRATIONS } from './migrations';
import { refuse } from './model/result';
import { encryptOpenPlainFile, isPlainSqliteFile, openSqliteFile, refuseWrongKey, type Db } from './sqlite-file';
import { withGuardOpen, writeGuard } from './sync/write-guard';

export type { Db } from './sqlite-file';

/** How far the encryption of a plain database is: its backup first (database, then files), then the rewrite. */
export type EncryptProgress = (done: number, total: number, phase: 'backup' | 'files' | 'encrypt') => void;

export interface OpenDatabaseOptions {
  /** The data key (db-key.ts): the file is encrypted with it, and a plain one is encrypted at this open. None: a plain file. */
  key?: DbKey | null;
  onProgress?: EncryptProgress;
}

/** The schema version this build writes; a file with a higher PRAGMA user_version is refused. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Opens (creating when missing) the SQLite file with the settings the app relies on, and brings
 * its schema up to date. WAL lets readers work while a write commits; synchronous=FULL because a
 * field laptop's battery can die at any moment and a saved record must stay saved.
 */
export function openDatabase(file: string, { key = null, onProgress }: OpenDatabaseOptions = {}): Db {
  const memory = file === ':memory:';
  if (!memory) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (key && !memory && existsSync(file) && statSync(file).size > 0 && isPlainSqliteFile(file)) encryptInPlace(file, key, onProgress);
  const db = openSqliteFile(file, memory ? null : key);
  try {
    if (!memory) {
      if (key) refuseWrongKey(db, file);
      refuseDamaged(db, file);
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // A site save writes ~30 pages (its row, 9 indexes, the search index, the change log). Copying
    // the WAL back every 10,000 pages instead of 1,000 writes the pages every save touches (index
    // roots, the log's last pages) once per copy rather than ten times, and fsyncs the file less.
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // The register of 50,000 sites is ~20 MB: keep it in memory rather than re-reading pages.
    db.pragma('cache_size = -65536');
    db.pragma('mmap_size = 268435456');
    writeGuard(db);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A plain database from before encryption, at its first open with a key: checked, backed up
 * (sealed with the key, so the backup is no plain copy), then rewritten encrypted in place.
 */
function encryptInPlace(file: string, key: DbKey, onProgress?: EncryptProgress): void {
  const plain = openSqliteFile(file, null);
  try {
    refuseDamaged(plain, file);
    const schemaVersion = plain.pragma('user_version', { simple: true }) as number;
    createBackupSync(plain, file, {
      kind: 'before-encryption',
      appVersion: PACKAGE_VERSION,
      schemaVersion,
      key,
      plainDatabase: true,
      onProgress: (done, total, phase) => onProgress?.(done, total, phase === 'database' ? 'backup' : 'files'),
    });
    onProgress?.(0, 1, 'encrypt');
    encryptOpenPlainFile(plain, key);
    onProgress?.(1, 1, 'encrypt');
  } finally {
    plain.close();
  }
}

/**
 * The start-up check: SQLite's quick_check (a few hundred milliseconds on a large register). A
 * damaged file, or one that is no database at all, is refused with DB_DAMAGED and left as it is:
 * the app then offers the latest good backup and keeps this file aside for the office's IT.
 */
function refuseDamaged(db: Db, file: string): void {
  let detail: string;
  try {
    const first = (db.pragma('quick_check') as { quick_check: string }[])[0]?.quick_check ?? 'no answer';
    if (first === 'ok') return;
    detail = first;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    // Busy or locked is another process at work, not damage.
    if (!/^SQLITE_(CORRUPT|NOTADB)/.test(code)) throw error;
    detail = (error as Error).message;
  }
  throw refuse(
    'DB_DAMAGED',
    'db_damaged',
    `Berkas data rusak dan tidak dapat dibuka dengan aman (${detail.slice(0, 200)}). Pulihkan dari cadangan terakhir yang baik; ` +
      'berkas yang rusak disimpan untuk petugas TI kantor, tidak dihapus.',
    { detail: detail.slice(0, 200), file },
  );
}

/** Runs every migration above the file's user_version, each in its own transaction. */
export function migrate(db: Db, migrations = MIGRATIONS): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw refuse(
      'DB_TOO_NEW',
      'db_too_new',
      `Berkas data ini dibuat oleh versi aplikasi yang lebih baru (skema ${current}, aplikasi ini ${migrations.length}). ` +
        'Perbarui IKM Lapangan sebelum membukanya; berkas tidak diubah.',
      { schema: current, app: migrations.length },
    );
  }
  if (current === migrations.length) return;
  // Rebuilding a table (drop, rename) needs foreign keys off, and that pragma cannot change inside
  // a transaction; each migration checks the keys itself before it commits.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    withGuardOpen(db, () => {
      for (let version = current + 1; version <= migrations.length; version++) {
        const migration = migrations[version - 1];
        db.transaction(() => {
          migration.up(db);
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length) throw new Error(`migration ${migration.name} left ${broken.length} broken references`);
          db.pragma(`user_version = ${version}`);
        })();
      }
    });
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}
