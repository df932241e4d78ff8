import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Files written whole or not at all: into a temp file beside the target, then renamed over it.
 * A crash, or a reader at the wrong moment, never sees half a file under the real name.
 */
const tempBeside = (path: string) => join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);

/** The temp files `writeWhole` names (`.<name>.<8 hex>.tmp`): what a crash may leave behind. */
const isWholeFileTemp = (name: string) => /^\..+\.[0-9a-f]{8}\.tmp$/.test(name);

/**
 * Removes the temp files a crash left in `folder` (only those of files named `<prefix>…`, when
 * given); those younger than `graceMs` may be a write in progress in another process and stay.
 * Answers how many went.
 */
export function removeLeftoverTemps(folder: string, { graceMs, now = Date.now(), prefix = '' }: { graceMs: number; now?: number; prefix?: string }): number {
  let removed = 0;
  for (const name of readdirSync(folder)) {
    if (!isWholeFileTemp(name) || !name.startsWith(`.${prefix}`)) continue;
    const path = join(folder, name);
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (!stats?.isFile() || now - stats.mtimeMs <= graceMs) continue;
    rmSync(path, { force: true });
    removed++;
  }
  return removed;
}

export async function writeWhole(path: string, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = tempBeside(path);
  try {
    await write(temp);
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
}

export function writeWholeSync(
  path: string,
  bytes: string | Uint8Array,
  options: { flush?: boolean; mode?: number; syncFolder?: boolean } = {},
): void {
  const temp = tempBeside(path);
  try {
    writeFileSync(temp, bytes, { flush: options.flush, mode: options.mode });
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
  if (options.syncFolder) syncFolderSync(dirname(path));
}

/**
 * Makes a folder's entries (a rename into it, a new file) durable: without it a power cut right
 * after a rename may bring back the old name. Windows cannot open a folder for this; NTFS
 * journals its folder changes itself.
 */
export function syncFolderSync(folder: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
