import { closeSync, openSync, readSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import Database from 'better-sqlite3-multiple-ciphers';
import type { DbKey } from './db-key';
import { refuse } from './model/result';

/** better-sqlite3's API, which the cipher build keeps (its own key/rekey are used only here). */
export type Db = BetterSqlite3.Database;

/**
 * Every SQLite connection of the app is made here: better-sqlite3-multiple-ciphers (better-sqlite3's
 * API over SQLite3MultipleCiphers). With a key the file is SQLCipher (v4 defaults, raw 256-bit key:
 * no passphrase stretching on each open, the key is already random or stretched: db-key.ts);
 * without one it is a plain SQLite file.
 */
export function openSqliteFile(file: string, key: DbKey | null, options: { readonly?: boolean; fileMustExist?: boolean } = {}): Db {
  const db = new Database(file, options) as unknown as Db;
  if (key) {
    try {
      db.pragma("cipher = 'sqlcipher'");
      db.pragma(`key = "x'${key.toString('hex')}'"`);
    } catch (error) {
      db.close();
      throw error;
    }
  }
  return db;
}

const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether a file starts as a plain SQLite database does (an encrypted one starts with its random salt). */
export function isPlainSqliteFile(file: string): boolean {
  const head = Buffer.alloc(PLAIN_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(PLAIN_HEADER);
  } finally {
    closeSync(fd);
  }
}

/**
 * Rewrites an open plain database encrypted with the key, in place. SQLite3MultipleCiphers rewrites
 * every page in one transaction under a rollback journal (it cannot rekey a WAL database): a power
 * cut midway leaves the plain file, which the next open with the key encrypts again.
 */
export function encryptOpenPlainFile(db: Db, key: DbKey): void {
  db.pragma('journal_mode = DELETE');
  db.pragma("cipher = 'sqlcipher'");
  db.pragma(`rekey = "x'${key.toString('hex')}'"`);
}

/**
 * A key that does not open the file (SQLCipher cannot read its first page) is refused before
 * anything is written: no journal, no migration, the file stays byte for byte as it was.
 */
export function refuseWrongKey(db: Db, file: string): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_NOTADB') throw error;
    throw refuse(
      'DB_WRONG_KEY',
      'db_wrong_key',
      'Kunci atau frasa sandi tidak cocok dengan berkas data ini (atau berkas ini bukan data IKM Lapangan). Berkas tidak diubah.',
      { file },
    );
  }
}
