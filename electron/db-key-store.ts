/**
 * The laptop's data key (issue 21, item 1), kept by Electron's safeStorage: 32 random bytes made
 * at first start, stored in `ikm-lapangan.key` beside the data only as safeStorage encrypted them
 * (DPAPI on Windows, the Keychain on macOS, the Secret Service / KWallet on Linux), so the file
 * is useless outside the officer's OS account. Where the OS offers no such store (or only
 * Chromium's "basic_text" fallback, which protects nothing) the officer gives a passphrase at
 * start instead (renderer PassphraseScreen; db/db-key.ts derives the key).
 *
 * safeStorage comes in as an argument so the module runs (and is tested) without Electron.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { DB_KEY_BYTES, newDbKey, type DbKey } from '../db/db-key';
import { refuse } from '../db/model/result';
import { writeWholeSync } from '../db/whole-file';

export const KEY_FILE_NAME = 'ikm-lapangan.key';

export type KeyStorage = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export type DataKey =
  | { kind: 'key'; key: DbKey; created: boolean }
  /** No safe storage here: ask the officer for the passphrase (and derive the key from it). */
  | { kind: 'passphrase' };

/** Whether safeStorage really protects a secret here (Linux without a keyring falls back to plain text). */
export function safeStorageUsable(storage: KeyStorage, platform = process.platform): boolean {
  if (!storage.isEncryptionAvailable()) return false;
  if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') return false;
  return true;
}

/**
 * The data key for this data folder: read from the key file through safeStorage, or made and
 * stored at first start. A key file safeStorage cannot open (another OS account, a reset keyring)
 * is refused with DB_WRONG_KEY and never replaced: a new key would lock the data out for good.
 */
export function loadDataKey(dataDir: string, storage: KeyStorage, platform = process.platform): DataKey {
  const file = join(dataDir, KEY_FILE_NAME);
  if (existsSync(file)) {
    if (!storage.isEncryptionAvailable()) return keyFileUnreadable(file);
    let key: Buffer;
    try {
      key = Buffer.from(storage.decryptString(readFileSync(file)), 'hex');
    } catch {
      return keyFileUnreadable(file);
    }
    if (key.length !== DB_KEY_BYTES) return keyFileUnreadable(file);
    return { kind: 'key', key, created: false };
  }
  if (!safeStorageUsable(storage, platform)) return { kind: 'passphrase' };
  const key = newDbKey();
  writeWholeSync(file, storage.encryptString(key.toString('hex')), { flush: true, mode: 0o600, syncFolder: true });
  return { kind: 'key', key, created: true };
}

function keyFileUnreadable(file: string): never {
  throw refuse(
    'DB_WRONG_KEY',
    'db_wrong_key',
    'Kunci data laptop ini tidak dapat dibuka oleh akun Windows/macOS/Linux yang sedang masuk. Masuk dengan akun petugas ' +
      'yang biasa, atau hubungi TI kantor; data tidak diubah.',
    { file },
  );
}
