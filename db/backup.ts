import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createBlobStore } from './blob-store';
import { deriveKey, seal, unseal, type DbKey } from './db-key';
import { isPlainSqliteFile, openSqliteFile, type Db } from './sqlite-file';
import { refuse } from './model/result';
import { localDate } from './model/visit';
import { syncFolderSync } from './whole-file';
import { filesNamedByAttachments } from './repo/attachments';
import type { BackupInfo, BackupKind } from './model/backup';

/**
 * Backups of an officer's data, beside it: `<data folder>/backups/`.
 *
 *   backups/<id>/manifest.json   what the backup holds (written last: a folder without it is not a backup)
 *   backups/<id>/database.sqlite the database, copied by SQLite's online backup API (never a file
 *                                copy of a live database: that can catch a write half done)
 *   backups/files/ab/abcd…       the attachments, once for all backups (they are named by their
 *                                SHA-256 and never change), removed when no backup lists them
 *
 * A backup is made in `.<id>.partial` and renamed into place whole. Rotation keeps the newest
 * backup of each of the last 7 days that have one and of each of the 4 weeks before them.
 * Every byte that goes into or out of a backup passes through `BackupCodec`: the one place an
 * encryption step goes.
 */

/** How a file goes into a backup and comes out of it: plain copies without a key, sealed (AES-256-GCM) with one. */
export interface BackupCodec {
  seal(plainFile: string, backupFile: string): void;
  /** Seals bytes held in memory (an attachment): no plain copy is written on the way. */
  sealBytes(plain: Uint8Array, backupFile: string): void;
  open(backupFile: string, plainFile: string): void;
  /** The plain bytes of a sealed attachment, in memory. */
  openBytes(backupFile: string): Buffer;
}
export const PLAIN_CODEC: BackupCodec = {
  seal: (from, to) => copyFileSync(from, to),
  sealBytes: (bytes, to) => writeFileSync(to, bytes, { mode: FILE_MODE }),
  open: (from, to) => copyFileSync(from, to),
  openBytes: (from) => readFileSync(from),
};

/**
 * Backups of an encrypted database are sealed with a key derived from the data key (db-key.ts):
 * authenticated, so a changed backup file is refused rather than restored. The database inside
 * stays SQLCipher-encrypted as well; the attachments are the plain files sealed.
 */
export function sealedCodec(key: DbKey): BackupCodec {
  const fileKey = deriveKey(key, 'backups');
  return {
    seal: (from, to) => writeFileSync(to, seal(fileKey, readFileSync(from)), { mode: FILE_MODE }),
    sealBytes: (bytes, to) => writeFileSync(to, seal(fileKey, bytes), { mode: FILE_MODE }),
    open: (from, to) => writeFileSync(to, unseal(fileKey, readFileSync(from)), { mode: FILE_MODE }),
    openBytes: (from) => unseal(fileKey, readFileSync(from)),
  };
}
const codecFor = (key: DbKey | null | undefined, codec: BackupCodec | undefined) => codec ?? (key ? sealedCodec(key) : PLAIN_CODEC);

const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;
const MANIFEST = 'manifest.json';
const DATABASE = 'database.sqlite';
const FILES = 'files';
const FORMAT = 1;
const SHA256 = /^[0-9a-f]{64}$/;
const BACKUP_ID = /^\d{8}-\d{6}-\d{3}(-[0-9a-f]{4})?$/;

/** What rotation keeps: the newest backup of each of this many days, then of this many weeks. */
export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;

interface Manifest {
  format: number;
  id: string;
  kind: BackupKind;
  createdAt: string;
  appVersion: string;
  schemaVersion: number;
  database: { bytes: number; sha256: string };
  files: string[];
  filesBytes: number;
}

/** The folders of one database's backups and of what a restore sets aside. */
export function backupPaths(dbFile: string) {
  const dataDir = dirname(dbFile);
  return {
    dataDir,
    backups: join(dataDir, 'backups'),
    files: join(dataDir, 'backups', FILES),
    /** Databases a restore replaced, or found damaged at start: kept for the office's IT, never deleted. */
    setAside: join(dataDir, 'set-aside'),
    attachments: join(dataDir, 'attachments'),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** A backup's name: its UTC time, sortable as text. */
function backupIdAt(at: Date): string {
  return `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}-${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}-${pad(at.getUTCMilliseconds(), 3)}`;
}

const sha256OfFile = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const damaged = (id: string, why: string) =>
  refuse('VALIDATION', 'backup_damaged', `Cadangan ${id} rusak atau tidak lengkap (${why}); tidak dipakai. Pilih cadangan lain.`, { id });

function readManifest(folder: string): Manifest | null {
  try {
    const manifest = JSON.parse(readFileSync(join(folder, MANIFEST), 'utf8')) as Manifest;
    if (manifest.format !== FORMAT || manifest.id !== basename(folder) || !Array.isArray(manifest.files)) return null;
    return manifest;
  } catch {
    return null;
  }
}

const infoOf = (m: Manifest): BackupInfo => ({
  id: m.id,
  kind: m.kind,
  createdAt: m.createdAt,
  appVersion: m.appVersion,
  schemaVersion: m.schemaVersion,
  databaseBytes: m.database.bytes,
  files: m.files.length,
  filesBytes: m.filesBytes,
});

/** Every complete backup, newest first. */
export function listBackups(dbFile: string): BackupInfo[] {
  return manifests(backupPaths(dbFile).backups).map(infoOf);
}

function manifests(folder: string): Manifest[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => BACKUP_ID.test(name))
    .map((name) => readManifest(join(folder, name)))
    .filter((m): m is Manifest => m !== null)
    .sort((a, b) => (a.id < b.id ? 1 : -1));
}

export type BackupProgress = (done: number, total: number, phase: 'database' | 'files') => void;

export interface CreateBackupOptions {
  kind: BackupKind;
  appVersion: string;
  schemaVersion: number;
  now?: Date;
  /** The data key of an encrypted database: the backup is sealed with a key derived from it. */
  key?: DbKey | null;
  /** The database being backed up is still plain (just before it is encrypted): only the seal uses the key. */
  plainDatabase?: boolean;
  codec?: BackupCodec;
  onProgress?: BackupProgress;
}

/**
 * Backs up the open database (SQLite's online backup API: other calls go on meanwhile) and the
 * attachment files it names, then rotates. Answers what it made.
 */
export async function createBackup(db: Db, dbFile: string, options: CreateBackupOptions): Promise<BackupInfo> {
  const { onProgress } = options;
  // SQLite's backup API cannot copy between an encrypted connection and a new plain file; an
  // encrypted database is copied with VACUUM INTO (one read transaction: as consistent, and the
  // copy is encrypted with the same key, so no plain copy of it ever lands on disk).
  if (options.key) return createBackupSync(db, dbFile, options);
  const begun = beginBackup(dbFile, options.now ?? new Date());
  try {
    // 1. The database, page by page, into a plain file of its own (no WAL beside it).
    await db.backup(begun.copy, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages, 'database');
        return 256;
      },
    });
    return finishBackup(dbFile, begun, options);
  } finally {
    rmSync(begun.partial, { recursive: true, force: true });
  }
}

/** A backup in one synchronous step (VACUUM INTO): of an encrypted database, and of a plain one just before it is encrypted. */
export function createBackupSync(db: Db, dbFile: string, options: CreateBackupOptions): BackupInfo {
  const begun = beginBackup(dbFile, options.now ?? new Date());
  try {
    options.onProgress?.(0, 1, 'database');
    db.prepare('VACUUM INTO ?').run(begun.copy);
    options.onProgress?.(1, 1, 'database');
    return finishBackup(dbFile, begun, options);
  } finally {
    rmSync(begun.partial, { recursive: true, force: true });
  }
}

interface BegunBackup {
  id: string;
  /** The folder the backup is made in, renamed into place when whole. */
  partial: string;
  /** Where the database copy goes before it is sealed. */
  copy: string;
}

function beginBackup(dbFile: string, now: Date): BegunBackup {
  const paths = backupPaths(dbFile);
  mkdirSync(paths.files, { recursive: true, mode: FOLDER_MODE });
  removePartials(paths.backups);
  let id = backupIdAt(now);
  // Two backups in one millisecond (a test, a double click) still get their own names.
  if (existsSync(join(paths.backups, id))) id = `${id}-${randomBytes(2).toString('hex')}`;
  const partial = join(paths.backups, `.${id}.partial`);
  mkdirSync(partial, { mode: FOLDER_MODE });
  return { id, partial, copy: join(partial, `.${DATABASE}.plain`) };
}

/** Seals the database copy, adds the attachments it names, writes the manifest and puts the backup in place. */
function finishBackup(dbFile: string, { id, partial, copy: plain }: BegunBackup, options: CreateBackupOptions): BackupInfo {
  const { kind, appVersion, schemaVersion, now = new Date(), key = null, onProgress } = options;
  const codec = codecFor(key, options.codec);
  const paths = backupPaths(dbFile);
  const copy = openSqliteFile(plain, options.plainDatabase ? null : key);
  copy.pragma('journal_mode = DELETE');
  // Every file a row names, removed rows too (as the start-up collection keeps them: a conflict may bring one back).
  const files = filesNamedByAttachments(copy).filter((s) => SHA256.test(s));
  copy.close();
  const sealed = join(partial, DATABASE);
  codec.seal(plain, sealed);
  chmodSync(sealed, FILE_MODE);
  const database = { bytes: statSync(plain).size, sha256: sha256OfFile(sealed) };
  rmSync(plain, { force: true });

  // 2. The attachments it names, each once in the shared pool, checked against its name on the way.
  const store = createBlobStore(paths.attachments, { key });
  const kept: string[] = [];
  let filesBytes = 0;
  for (const [i, sha256] of files.entries()) {
    onProgress?.(i, files.length, 'files');
    const target = join(paths.files, sha256.slice(0, 2), sha256);
    if (!existsSync(target)) {
      let bytes: Uint8Array;
      try {
        bytes = store.read(sha256);
      } catch {
        continue; // not on this laptop (not fetched yet, or damaged): the hub has it
      }
      mkdirSync(dirname(target), { recursive: true, mode: FOLDER_MODE });
      const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
      codec.sealBytes(bytes, temp);
      chmodSync(temp, FILE_MODE);
      renameSync(temp, target);
    }
    kept.push(sha256);
    filesBytes += statSync(target).size;
  }
  onProgress?.(files.length, files.length, 'files');

  const manifest: Manifest = { format: FORMAT, id, kind, createdAt: now.toISOString(), appVersion, schemaVersion, database, files: kept, filesBytes };
  writeFileSync(join(partial, MANIFEST), JSON.stringify(manifest, null, 1), { mode: FILE_MODE, flush: true });
  syncFolderSync(partial);
  renameSync(partial, join(paths.backups, id));
  syncFolderSync(paths.backups);
  rotateBackups(dbFile);
  return infoOf(manifest);
}

/** Removes what an interrupted backup left (a `.partial` folder, a temp file in the pool). */
function removePartials(folder: string): void {
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) if (name.endsWith('.partial')) rmSync(join(folder, name), { recursive: true, force: true });
}

/** A date's local calendar day, "2026-12-07": an officer's "daily" is their own day. */
const localDay = localDate;

/** The local ISO week of a date, as "2026-W49". */
function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return `${d.getUTCFullYear()}-W${pad(Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7))}`;
}

/**
 * Which backups rotation keeps: the newest of each of the last 7 days that have a backup, then
 * the newest of each of the 4 weeks before those (weeks that already keep a daily one not counted).
 */
export function backupsToKeep(backups: readonly { id: string; createdAt: string }[]): Set<string> {
  const newestFirst = [...backups].sort((a, b) => (a.id < b.id ? 1 : -1));
  const keep = new Set<string>();
  const days = new Set<string>();
  const dailyWeeks = new Set<string>();
  for (const b of newestFirst) {
    const at = new Date(b.createdAt);
    if (days.size === KEEP_DAILY || days.has(localDay(at))) continue;
    days.add(localDay(at));
    dailyWeeks.add(isoWeek(at));
    keep.add(b.id);
  }
  const weeks = new Set<string>();
  for (const b of newestFirst) {
    const week = isoWeek(new Date(b.createdAt));
    if (keep.has(b.id) || weeks.size === KEEP_WEEKLY || dailyWeeks.has(week) || weeks.has(week)) continue;
    weeks.add(week);
    keep.add(b.id);
  }
  return keep;
}

/** Removes the backups rotation does not keep, and pool files no kept backup lists. */
export function rotateBackups(dbFile: string): { removed: number } {
  const paths = backupPaths(dbFile);
  const all = manifests(paths.backups);
  const keep = backupsToKeep(all);
  let removed = 0;
  for (const m of all) {
    if (keep.has(m.id)) continue;
    rmSync(join(paths.backups, m.id), { recursive: true, force: true });
    removed++;
  }
  const listed = new Set(all.filter((m) => keep.has(m.id)).flatMap((m) => m.files));
  if (existsSync(paths.files)) {
    for (const shard of readdirSync(paths.files)) {
      const shardPath = join(paths.files, shard);
      if (!lstatSync(shardPath).isDirectory()) continue;
      for (const name of readdirSync(shardPath)) if (!listed.has(name)) rmSync(join(shardPath, name), { force: true });
    }
  }
  return { removed };
}

/** The newest backup's time, or null: the daily backup runs when it is from an earlier day. */
export function lastBackupAt(dbFile: string): Date | null {
  const newest = manifests(backupPaths(dbFile).backups)[0];
  return newest ? new Date(newest.createdAt) : null;
}

/** Whether the automatic backup is due: none yet, or the newest is from an earlier (local) day. */
export function backupDue(dbFile: string, now: Date): boolean {
  const last = lastBackupAt(dbFile);
  return !last || localDay(last) !== localDay(now);
}

/** What a checked backup holds. */
export interface CheckedBackup {
  info: BackupInfo;
  /** Attachment files listed but missing or damaged in the pool (sync fetches them again). */
  missingFiles: number;
}

/**
 * Checks a backup before it is used: its manifest, the database's checksum, SQLite's quick_check
 * on it, a schema this build can open; and each attachment against its name. Refuses a damaged
 * database; counts damaged attachments.
 */
export function checkBackup(
  dbFile: string,
  id: string,
  options: { schemaVersion: number; key?: DbKey | null; codec?: BackupCodec; onProgress?: BackupProgress },
): CheckedBackup {
  const { schemaVersion, key = null, onProgress } = options;
  const codec = codecFor(key, options.codec);
  const paths = backupPaths(dbFile);
  if (!BACKUP_ID.test(id)) throw refuse('NOT_FOUND', 'backup_not_found', `Cadangan tidak ditemukan: ${id.slice(0, 40)}`, { id: id.slice(0, 40) });
  const folder = join(paths.backups, id);
  if (!existsSync(folder)) throw refuse('NOT_FOUND', 'backup_not_found', `Cadangan tidak ditemukan: ${id}`, { id });
  const manifest = readManifest(folder);
  if (!manifest) throw damaged(id, 'keterangannya tidak terbaca');
  const sealed = join(folder, DATABASE);
  if (!existsSync(sealed) || sha256OfFile(sealed) !== manifest.database.sha256) throw damaged(id, 'isi basis datanya berubah');
  const plain = join(paths.backups, `.${id}.check.${randomBytes(4).toString('hex')}.tmp`);
  try {
    try {
      codec.open(sealed, plain);
    } catch {
      throw damaged(id, 'tidak dapat dibuka dengan kunci ini');
    }
    const problem = quickCheck(plain, { readonly: true, key });
    if (problem) throw damaged(id, 'pemeriksaan SQLite gagal');
    if (manifest.schemaVersion > schemaVersion) {
      throw refuse('DB_TOO_NEW', 'backup_too_new', `Cadangan ${id} dibuat oleh versi aplikasi yang lebih baru; perbarui IKM Lapangan dulu.`, { id });
    }
  } finally {
    rmSync(plain, { force: true });
  }
  let missingFiles = 0;
  for (const [i, sha256] of manifest.files.entries()) {
    onProgress?.(i, manifest.files.length, 'files');
    if (!poolFileGood(paths.files, sha256, codec)) missingFiles++;
  }
  return { info: infoOf(manifest), missingFiles };
}

function poolFileGood(pool: string, sha256: string, codec: BackupCodec): boolean {
  const file = join(pool, sha256.slice(0, 2), sha256);
  const stats = lstatSync(file, { throwIfNoEntry: false });
  if (!stats?.isFile()) return false;
  try {
    return createHash('sha256').update(codec.openBytes(file)).digest('hex') === sha256;
  } catch {
    return false; // its seal does not hold
  }
}

/**
 * SQLite's quick_check of a file: null when it is sound, else its first complaint (or the error
 * that kept the file from opening: a file that is not a database at all).
 */
export function quickCheck(file: string, { readonly = false, key = null }: { readonly?: boolean; key?: DbKey | null } = {}): string | null {
  let db: Db | null = null;
  try {
    // A backup made just before its database was encrypted holds the plain database.
    db = openSqliteFile(file, key && !isPlainSqliteFile(file) ? key : null, { readonly, fileMustExist: true });
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const first = rows[0]?.quick_check ?? 'no answer';
    return first === 'ok' ? null : first;
  } catch (error) {
    return (error as Error).message;
  } finally {
    db?.close();
  }
}

/**
 * Moves a database file and its journal files into `set-aside/<stamp>/` (kept for the office's
 * IT, never deleted). Answers the folder, or null when there was no file.
 */
export function setAside(dbFile: string, reason: 'replaced' | 'damaged', now = new Date()): string | null {
  if (!existsSync(dbFile)) return null;
  const folder = join(backupPaths(dbFile).setAside, `${backupIdAt(now)}-${reason}`);
  mkdirSync(folder, { recursive: true, mode: FOLDER_MODE });
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const file = `${dbFile}${suffix}`;
    if (existsSync(file)) renameSync(file, join(folder, `${basename(dbFile)}${suffix}`));
  }
  syncFolderSync(folder);
  syncFolderSync(dirname(dbFile));
  return folder;
}

/**
 * Puts a checked backup in the place of the (closed) database: the database file now there is set
 * aside first, then the backup's database and attachments are written. The `.replica` file beside
 * the database stays: it knows what this replica issued after the backup, so the restored database
 * takes a new replica id when it opens (db/sync/replica-identity.ts) and never issues those again.
 */
export function restoreBackup(
  dbFile: string,
  id: string,
  options: { schemaVersion: number; key?: DbKey | null; codec?: BackupCodec; now?: Date; onProgress?: BackupProgress; reason?: 'replaced' | 'damaged' },
): { info: BackupInfo; setAside: string | null; missingFiles: number } {
  const { key = null, now = new Date(), onProgress, reason = 'replaced' } = options;
  const codec = codecFor(key, options.codec);
  const checked = checkBackup(dbFile, id, options);
  const paths = backupPaths(dbFile);
  const folder = join(paths.backups, id);
  const manifest = readManifest(folder)!;
  const temp = join(dirname(dbFile), `.${basename(dbFile)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    codec.open(join(folder, DATABASE), temp);
    const aside = setAside(dbFile, reason, now);
    renameSync(temp, dbFile);
    syncFolderSync(dirname(dbFile));
    const store = createBlobStore(paths.attachments, { key });
    for (const [i, sha256] of manifest.files.entries()) {
      onProgress?.(i, manifest.files.length, 'files');
      const file = join(paths.files, sha256.slice(0, 2), sha256);
      if (!existsSync(file)) continue;
      let bytes: Buffer;
      try {
        bytes = codec.openBytes(file);
      } catch {
        continue; // its seal does not hold: counted missing by the check, fetched again by sync
      }
      // put checks a file already there (a wrong one is replaced) and hashes the bytes: a damaged
      // pool file lands under its own (wrong) name, never this one, and is removed again.
      const stored = store.put(bytes);
      if (stored.sha256 !== sha256) store.remove(stored.sha256);
    }
    onProgress?.(manifest.files.length, manifest.files.length, 'files');
    return { info: checked.info, setAside: aside, missingFiles: checked.missingFiles };
  } finally {
    rmSync(temp, { force: true });
  }
}
