import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Files written whole or not at all: into a temp file beside the target, then renamed over it.
 * A crash, or a reader at the wrong moment, never sees half a file under the real name.
 */
const tempBeside = (path: string) => join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);

export async function writeWhole(path: string, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = tempBeside(path);
  try {
    await write(temp);
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
}

export function writeWholeSync(path: string, bytes: string | Uint8Array, options: { flush?: boolean } = {}): void {
  const temp = tempBeside(path);
  try {
    writeFileSync(temp, bytes, options);
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}
