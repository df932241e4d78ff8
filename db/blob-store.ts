import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeWholeSync } from './whole-file';

/**
 * Files named by the SHA-256 of their bytes, under `<dir>/ab/abcdef…`. The same photo added twice
 * is stored once. Writes go to a temp file first and are renamed into place, so a crash never
 * leaves half a file under a real name.
 */
export function createBlobStore(dir: string) {
  const pathOf = (sha256: string) => join(dir, sha256.slice(0, 2), sha256);

  return {
    pathOf,
    has: (sha256: string) => existsSync(pathOf(sha256)),
    put(bytes: Uint8Array): { sha256: string; size: number } {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const path = pathOf(sha256);
      if (existsSync(path) && statSync(path).size === bytes.byteLength) return { sha256, size: bytes.byteLength };
      mkdirSync(join(dir, sha256.slice(0, 2)), { recursive: true });
      writeWholeSync(path, bytes, { flush: true });
      return { sha256, size: bytes.byteLength };
    },
    /** Deletes a file no record refers to any more (a released site's photo). */
    remove(sha256: string): void {
      rmSync(pathOf(sha256), { force: true });
    },
    read(sha256: string): Uint8Array {
      return new Uint8Array(readFileSync(pathOf(sha256)));
    },
  };
}
export type BlobStore = ReturnType<typeof createBlobStore>;
