import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scryptSync } from 'node:crypto';
import { refuse } from './model/result';

/**
 * The key of an officer's data (issue 21, item 1): 32 random bytes that Electron's safeStorage
 * keeps under the officer's OS account (electron/db-key-store.ts), or, for the CLI, the hub and a
 * laptop without safe storage, the key derived from a passphrase. The database is encrypted with
 * it directly (SQLCipher, raw key); attachments and backups with keys derived from it (HKDF), so
 * one secret opens everything and nothing else has to be kept.
 */
export type DbKey = Buffer;
export const DB_KEY_BYTES = 32;

export function newDbKey(): DbKey {
  return randomBytes(DB_KEY_BYTES);
}

/**
 * A passphrase's key: scrypt (64 MiB, ~0.2 s) so that each guess at a stolen file costs as much.
 * The salt is fixed, not stored: the key must come back from the passphrase alone (a restored
 * backup on a new laptop, the office opening a lost laptop's copy), with no second file to lose.
 */
export function keyFromPassphrase(passphrase: string): DbKey {
  if (passphrase.length < 8) {
    throw refuse('VALIDATION', 'db_passphrase_short', 'Frasa sandi basis data terlalu pendek (paling sedikit 8 karakter)', { min: 8 });
  }
  return scryptSync(passphrase.normalize('NFC'), 'IKM Lapangan database key v1', DB_KEY_BYTES, { N: 2 ** 16, r: 8, p: 1, maxmem: 128 * 1024 * 1024 });
}

/** A key for one use of the data key (attachments, backups): a leak of one says nothing of the others. */
export function deriveKey(key: DbKey, purpose: 'attachments' | 'backups'): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `ikm-lapangan/${purpose}/v1`, DB_KEY_BYTES));
}

/**
 * A sealed file: "IKMS" + version byte, 12-byte nonce, AES-256-GCM ciphertext, 16-byte tag. The
 * tag authenticates the header too, so a changed, cut or swapped byte anywhere is refused.
 */
const MAGIC = Buffer.from('IKMS\x01', 'latin1');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** How much larger a sealed file is than its plain bytes. */
export const SEALED_OVERHEAD = MAGIC.length + NONCE_BYTES + TAG_BYTES;

export function isSealed(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length + NONCE_BYTES + TAG_BYTES && Buffer.from(bytes.subarray(0, MAGIC.length)).equals(MAGIC);
}

export function seal(fileKey: Buffer, plain: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', fileKey, nonce);
  cipher.setAAD(MAGIC);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, nonce, body, cipher.getAuthTag()]);
}

/** The plain bytes of a sealed file; refuses (SEALED_REFUSED) one that was changed or sealed with another key. */
export function unseal(fileKey: Buffer, sealed: Uint8Array): Buffer {
  if (!isSealed(sealed)) throw new SealedRefused();
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const nonce = bytes.subarray(MAGIC.length, MAGIC.length + NONCE_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', fileKey, nonce);
  decipher.setAAD(MAGIC);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(bytes.subarray(MAGIC.length + NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SealedRefused();
  }
}

export class SealedRefused extends Error {
  constructor() {
    super('sealed file changed or sealed with another key');
    this.name = 'SealedRefused';
  }
}
