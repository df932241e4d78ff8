import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openApi } from '../db/api';
import { AppError } from '../db/model/result';
import { call, KALTIM_SETUP, tempDir } from '../db/test-support';
import { KEY_FILE_NAME, loadDataKey, type KeyStorage } from './db-key-store';

/** Electron's safeStorage, stubbed: "encrypts" under one OS account's secret (no Electron binary here). */
function stubSafeStorage({ available = true, backend = 'gnome_libsecret', account = 'ani' } = {}): KeyStorage & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend as ReturnType<NonNullable<KeyStorage['getSelectedStorageBackend']>>,
    encryptString(text: string) {
      calls.push('encrypt');
      return Buffer.from(`${account}:${Buffer.from(text).toString('base64')}`);
    },
    decryptString(bytes: Buffer) {
      calls.push('decrypt');
      const [owner, body] = bytes.toString().split(':');
      if (owner !== account) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(body, 'base64').toString();
    },
  };
}

test('the first start makes a random 256-bit key kept only as safeStorage encrypted it; the next start reads the same key, which opens the encrypted database', async () => {
  const tmp = tempDir();
  try {
    const storage = stubSafeStorage();
    const first = loadDataKey(tmp.dir, storage, 'linux');
    assert.equal(first.kind, 'key');
    if (first.kind !== 'key') return;
    assert.equal(first.key.length, 32);
    assert.ok(first.created);
    const file = join(tmp.dir, KEY_FILE_NAME);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(!readFileSync(file).includes(first.key.toString('hex')), 'the key file does not hold the key in clear');

    const dbFile = join(tmp.dir, 'ikm-lapangan.sqlite');
    const api = openApi({ dbFile, key: first.key });
    await call(api, 'setup.save', KALTIM_SETUP);
    api.close();

    const second = loadDataKey(tmp.dir, storage, 'linux');
    assert.deepEqual(second, { kind: 'key', key: first.key, created: false });
    const again = openApi({ dbFile, key: second.kind === 'key' ? second.key : null });
    assert.equal((await call(again, 'setup.get'))?.officer.code, 'ANS');
    again.close();
  } finally {
    tmp.dispose();
  }
});

test('with no safe storage (or Linux without a keyring: basic_text) the app asks for a passphrase and writes no key file', () => {
  const tmp = tempDir();
  try {
    assert.deepEqual(loadDataKey(tmp.dir, stubSafeStorage({ available: false }), 'win32'), { kind: 'passphrase' });
    assert.deepEqual(loadDataKey(tmp.dir, stubSafeStorage({ backend: 'basic_text' }), 'linux'), { kind: 'passphrase' });
    assert.throws(() => statSync(join(tmp.dir, KEY_FILE_NAME)));
  } finally {
    tmp.dispose();
  }
});

test('a key file another OS account made is refused with DB_WRONG_KEY and left as it is (never replaced by a new key)', () => {
  const tmp = tempDir();
  try {
    loadDataKey(tmp.dir, stubSafeStorage({ account: 'ani' }), 'win32');
    const file = join(tmp.dir, KEY_FILE_NAME);
    const before = readFileSync(file);
    const other = stubSafeStorage({ account: 'budi' });
    assert.throws(() => loadDataKey(tmp.dir, other, 'win32'), (e: unknown) => e instanceof AppError && e.code === 'DB_WRONG_KEY');
    assert.ok(!other.calls.includes('encrypt'), 'no new key was made');
    assert.deepEqual(readFileSync(file), before);
  } finally {
    tmp.dispose();
  }
});
