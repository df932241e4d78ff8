import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, openDatabase, SCHEMA_VERSION } from './open-database';
import { AppError } from './model/result';
import { openApi } from './api';
import { tempDir } from './test-support';

test('openDatabase sets WAL, FULL sync, foreign keys, busy timeout and the schema version', () => {
  const tmp = tempDir();
  try {
    const db = openDatabase(join(tmp.dir, 'nested', 'a.sqlite'));
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('synchronous', { simple: true }), 2);
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
    assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    db.close();
  } finally {
    tmp.dispose();
  }
});

test('reopening an up-to-date file keeps its rows and runs nothing again', () => {
  const tmp = tempDir();
  try {
    const file = join(tmp.dir, 'a.sqlite');
    const db = openDatabase(file);
    db.prepare("INSERT INTO setting(key, value) VALUES ('k', '1')").run();
    db.close();
    const again = openDatabase(file);
    assert.deepEqual(again.prepare("SELECT value FROM setting WHERE key = 'k'").all(), [{ value: '1' }]);
    again.close();
  } finally {
    tmp.dispose();
  }
});

test('a file from a newer app version is refused with a clear message and left untouched', async () => {
  const tmp = tempDir();
  try {
    const file = join(tmp.dir, 'newer.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE future_thing (x INTEGER)');
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();

    assert.throws(() => openDatabase(file), (e: unknown) => e instanceof AppError && e.code === 'DB_TOO_NEW');

    // Through the API: every call answers with the same error instead of crashing.
    const api = openApi({ dbFile: file });
    const result = await api.dispatch('site.counts', undefined);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'DB_TOO_NEW');
    assert.match(!result.ok ? result.error.message : '', /versi aplikasi yang lebih baru/);
    api.close();

    const check = new Database(file, { readonly: true });
    assert.equal(check.pragma('user_version', { simple: true }), SCHEMA_VERSION + 5);
    assert.deepEqual(
      check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all(),
      [{ name: 'future_thing' }],
    );
    check.close();
  } finally {
    tmp.dispose();
  }
});

test('a migration that fails is rolled back whole and the version stays where it was', () => {
  const db = new Database(':memory:');
  const migrations = [
    { name: 'one', up: (d: Database.Database) => d.exec('CREATE TABLE one (x INTEGER)') },
    {
      name: 'two',
      up: (d: Database.Database) => {
        d.exec('CREATE TABLE two (x INTEGER)');
        throw new Error('boom');
      },
    },
  ];
  assert.throws(() => migrate(db, migrations), /boom/);
  assert.equal(db.pragma('user_version', { simple: true }), 1);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
  assert.deepEqual(tables, [{ name: 'one' }]);
  db.close();
});
