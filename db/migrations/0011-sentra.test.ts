import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate } from '../open-database';
import { withGuardOpen } from '../sync/write-guard';
import { MIGRATIONS } from './index';

const AT = MIGRATIONS.findIndex((m) => m.name === '0011-sentra');

test('0011-sentra: sites keep their data and belong to no sentra; sentra rows are written only by the write unit', () => {
  assert.ok(AT > 0, 'the migration is registered');
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, AT));
  withGuardOpen(db, () =>
    db.exec(`INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code,
                       kbli_division, operating_status, created_at, updated_at)
             VALUES ('s1', 'Amplang', 'amplang', '64', '64.72', '64.72.01', '64.72.01.1001', '10', '10', 'aktif', 't', 't')`),
  );
  migrate(db, MIGRATIONS.slice(0, AT + 1));
  assert.equal(db.pragma('user_version', { simple: true }), AT + 1);
  assert.deepEqual(db.prepare("SELECT name, sentra_id FROM site WHERE id = 's1'").get(), { name: 'Amplang', sentra_id: null });
  const insert = `INSERT INTO sentra(id, name, kind, regency_code, status, created_at, updated_at)
                  VALUES ('k1', 'Sentra Amplang', 'sentra_ikm', '64.72', 'usulan', 't', 't')`;
  assert.throws(() => db.exec(insert), /sentra is written only through the write unit/);
  withGuardOpen(db, () => db.exec(insert));
  assert.equal(db.prepare('SELECT deleted FROM sentra').pluck().get(), 0);
  // The list of a regency's sentra and a sentra's sites are read through indexes.
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
  assert.match(plan("SELECT id FROM site WHERE sentra_id = 'k1'"), /site_sentra/);
  assert.match(plan("SELECT id FROM sentra WHERE deleted = 0 AND regency_code = '64.72' ORDER BY name"), /sentra_regency/);
  db.close();
});
