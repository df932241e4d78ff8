import { createHash } from 'node:crypto';
import { chmodSync, closeSync, constants, createReadStream, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, utimesSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { pipeline, Readable, Transform } from 'node:stream';
import { deriveKey, isSealed, SEALED_OVERHEAD, seal, SealedRefused, unseal, type DbKey } from './db-key';
import { refuse, type AppError } from './model/result';
import { removeLeftoverTemps, syncFolderSync, writeWholeSync } from './whole-file';

/** Only the officer's OS account may read the photos, signatures and documents. */
const FILE_MODE = 0o600;
const FOLDER_MODE = 0o700;

/**
 * Start-up collection leaves younger files alone: another connection (the CLI beside the app) may
 * be between writing a file and committing the row that names it.
 */
export const COLLECT_GRACE_MS = 60 * 60_000;

const SHA256 = /^[0-9a-f]{64}$/;
const SHARD = /^[0-9a-f]{2}$/;

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const missing = () => refuse('NOT_FOUND', 'attachment_file_missing', 'Berkas lampiran hilang dari folder data');
const notRegular = () =>
  refuse('NOT_FOUND', 'attachment_file_not_regular', 'Tempat berkas lampiran di folder data berisi tautan atau folder, bukan berkas biasa; tidak dipakai');
const corrupt = () =>
  refuse(
    'NOT_FOUND',
    'attachment_file_corrupt',
    'Berkas lampiran di folder data rusak atau diganti (isinya tidak cocok dengan sidik SHA-256-nya); berkas itu dibuang dan diambil lagi pada sinkronisasi berikutnya',
  );

/** The reasons `read` refuses a file for: the attachment is then treated as missing here. */
export const LOST_FILE_REASONS: ReadonlySet<string> = new Set(['attachment_file_missing', 'attachment_file_not_regular', 'attachment_file_corrupt']);
export const isLostFile = (error: unknown) => LOST_FILE_REASONS.has((error as AppError | null)?.detail?.reason ?? '');

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Opens a blob only when it is a regular file: never through a symlink (O_NOFOLLOW, and lstat
 * first where the OS has no such flag), never a FIFO or device that would block or never end.
 */
function openRegular(path: string): number {
  const found = lstatOrNull(path);
  if (!found) throw missing();
  if (!found.isFile()) throw notRegular();
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw missing();
    if (code === 'ELOOP') throw notRegular(); // swapped for a symlink since the lstat
    throw error;
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw notRegular();
  }
  return fd;
}

/**
 * Files named by the SHA-256 of their bytes, under `<dir>/ab/abcdef…`. The same photo added twice
 * is stored once. Writes go to a temp file first and are renamed into place (the folder fsynced
 * after), so a crash never leaves half a file under a real name. A name is never trusted for its
 * content: a file is checked against its hash when stored over and when read, and one that fails
 * is removed, so the attachment counts as missing and sync fetches it again.
 *
 * With the data key (an encrypted database) each file is sealed (AES-256-GCM, a key derived from
 * the data key: db-key.ts) and still named by the SHA-256 of its plain bytes; a file whose seal
 * does not hold (changed, cut, planted, another key) is refused like a damaged one. A plain file
 * left from before encryption is sealed when it is read and found good.
 */
export function createBlobStore(dir: string, { key = null }: { key?: DbKey | null } = {}) {
  const fileKey = key ? deriveKey(key, 'attachments') : null;
  /** What goes on disk for these plain bytes. */
  const encode = (bytes: Uint8Array): Uint8Array => (fileKey ? seal(fileKey, bytes) : bytes);
  /** The plain bytes of a file, or null when its seal does not hold. */
  const decode = (stored: Buffer): Buffer | null => {
    if (!fileKey || !isSealed(stored)) return stored;
    try {
      return unseal(fileKey, stored);
    } catch (error) {
      if (error instanceof SealedRefused) return null;
      throw error;
    }
  };
  const shardOf = (sha256: string) => join(dir, sha256.slice(0, 2));
  const pathOf = (sha256: string) => join(shardOf(sha256), sha256);

  /** Removes a file that failed its hash, unless another writer has renamed a new one in since. */
  function discard(path: string, opened: Stats): void {
    const now = lstatOrNull(path);
    if (now && now.ino === opened.ino && now.dev === opened.dev) rmSync(path, { force: true });
  }

  /** The bytes of a regular file under `path`, with what fstat said of it. */
  function readRegular(path: string): { bytes: Buffer; stats: Stats } {
    const fd = openRegular(path);
    try {
      return { bytes: readFileSync(fd), stats: fstatSync(fd) };
    } finally {
      closeSync(fd);
    }
  }

  function makeShard(sha256: string): void {
    const created = mkdirSync(shardOf(sha256), { recursive: true, mode: FOLDER_MODE });
    if (created !== undefined) syncFolderSync(dir);
  }

  return {
    pathOf,
    /** A regular file under the name (not yet checked against its hash: `read` does that). */
    has: (sha256: string) => lstatOrNull(pathOf(sha256))?.isFile() === true,
    put(bytes: Uint8Array): { sha256: string; size: number } {
      const sha256 = sha256Of(bytes);
      const path = pathOf(sha256);
      const found = lstatOrNull(path);
      const storedSize = bytes.byteLength + (fileKey ? SEALED_OVERHEAD : 0);
      if (found?.isFile() && found.size === storedSize) {
        const existing = decode(readRegular(path).bytes);
        if (existing?.equals(bytes)) {
          // Fresh again: the start-up collection of another connection must not take it before
          // the row that reuses it commits.
          const now = new Date();
          utimesSync(path, now, now);
          return { sha256, size: bytes.byteLength };
        }
      }
      // A wrong file is replaced, and so is a symlink (rename replaces the link, never its
      // target); a folder or a device in a blob's place is left for IT to look at.
      if (found && !found.isFile() && !found.isSymbolicLink()) throw notRegular();
      makeShard(sha256);
      writeWholeSync(path, encode(bytes), { flush: true, mode: FILE_MODE, syncFolder: true });
      return { sha256, size: bytes.byteLength };
    },
    /** The plain size of a stored file (a sealed one is larger on disk by its header and tag). */
    size(sha256: string): number {
      const found = lstatOrNull(pathOf(sha256));
      if (!found?.isFile()) throw missing();
      return found.size - (fileKey ? SEALED_OVERHEAD : 0);
    },
    /** Deletes a file no record refers to any more (a released site's photo). */
    remove(sha256: string): void {
      rmSync(pathOf(sha256), { force: true });
    },
    /** The file's bytes, checked against its name; a file that fails is removed and refused. */
    read(sha256: string): Uint8Array {
      const path = pathOf(sha256);
      const { bytes: stored, stats } = readRegular(path);
      const bytes = decode(stored);
      if (!bytes || sha256Of(bytes) !== sha256) {
        discard(path, stats);
        throw corrupt();
      }
      // A good plain file from before encryption: sealed now, so no plain copy stays on disk.
      if (fileKey && bytes === stored) writeWholeSync(path, encode(bytes), { flush: true, mode: FILE_MODE, syncFolder: true });
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    /**
     * The file as a stream, hashed on the way: when the end does not match the name the stream
     * fails instead of ending (the receiver sees a cut transfer, never a whole wrong file) and the
     * file is removed. Refuses at once what `read` refuses before reading.
     */
    stream(sha256: string): Readable {
      // A sealed file is only known good once its tag is checked: opened whole, then sent.
      if (fileKey) return Readable.from([Buffer.from(this.read(sha256))]);
      const path = pathOf(sha256);
      const fd = openRegular(path);
      const stats = fstatSync(fd);
      const hash = createHash('sha256');
      const check = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          done(null, chunk);
        },
        flush(done) {
          if (hash.digest('hex') === sha256) return done();
          discard(path, stats);
          done(corrupt());
        },
      });
      // pipeline, not pipe: a receiver that goes away mid-file also closes the file.
      return pipeline(createReadStream('', { fd }), check, () => undefined);
    },
    /**
     * Start-up housekeeping: removes the temp files a crash left, and the files that no record
     * names (`referenced` answers which of the candidates some record names); files younger than
     * `graceMs` stay. Also takes the folders to 0700: files written before files were 0600 are
     * then out of other accounts' reach too.
     */
    collect(referenced: (candidates: readonly string[]) => ReadonlySet<string>, { graceMs = COLLECT_GRACE_MS, now = Date.now() } = {}) {
      const removed = { temps: 0, orphans: 0 };
      if (!lstatOrNull(dir)?.isDirectory()) return removed;
      const old = (path: string) => {
        const stats = lstatOrNull(path);
        return stats !== null && (stats.isFile() || stats.isSymbolicLink()) && now - stats.mtimeMs > graceMs;
      };
      chmodSync(dir, FOLDER_MODE);
      const candidates: string[] = [];
      for (const shard of readdirSync(dir, { withFileTypes: true })) {
        if (!shard.isDirectory() || !SHARD.test(shard.name)) continue;
        const shardPath = join(dir, shard.name);
        chmodSync(shardPath, FOLDER_MODE);
        removed.temps += removeLeftoverTemps(shardPath, { graceMs, now });
        for (const name of readdirSync(shardPath)) if (SHA256.test(name) && name.startsWith(shard.name)) candidates.push(name);
      }
      if (!candidates.length) return removed;
      const keep = referenced(candidates);
      for (const sha256 of candidates) {
        if (keep.has(sha256) || !old(pathOf(sha256))) continue;
        rmSync(pathOf(sha256), { force: true });
        removed.orphans++;
      }
      return removed;
    },
  };
}
export type BlobStore = ReturnType<typeof createBlobStore>;
