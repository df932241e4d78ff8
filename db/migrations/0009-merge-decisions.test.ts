import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate } from '../open-database';
import { withGuardOpen } from '../sync/write-guard';
import { MIGRATIONS } from './index';

test('0009-merge-decisions: merges made before stay in effect, and "bukan duplikat" pairs are written only by the write unit', () => {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, 8));
  withGuardOpen(db, () => {
    const insertSite = db.prepare(`INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code,
                       kbli_division, operating_status, created_at, updated_at) VALUES (?, 'Amplang', 'amplang', '64', '64.72', '64.72.01', '64.72.01.1001', '10', '10', 'aktif', 't', 't')`);
    insertSite.run('s1');
    insertSite.run('s2');
    db.exec("INSERT INTO site_merge(id, survivor_id, loser_id, merged_by, merged_at) VALUES ('s1+s2', 's1', 's2', 'Ani (ANS)', '2026-11-20T01:00:00.000Z')");
  });
  migrate(db, MIGRATIONS.slice(0, 9));
  assert.equal(db.pragma('user_version', { simple: true }), 9);
  assert.deepEqual(db.prepare('SELECT survivor_id, loser_id, undone_at, undone_by FROM site_merge').get(), {
    survivor_id: 's1',
    loser_id: 's2',
    undone_at: null,
    undone_by: null,
  });
  // Like every synced table, only the write unit writes it.
  assert.throws(
    () => db.exec("INSERT INTO site_distinct(id, site_a, site_b, decided_at) VALUES ('s1+s2', 's1', 's2', 't')"),
    /site_distinct is written only through the write unit/,
  );
  withGuardOpen(db, () => db.exec("INSERT INTO site_distinct(id, site_a, site_b, decided_at) VALUES ('s1+s2', 's1', 's2', 't')"));
  assert.equal(db.prepare('SELECT count(*) FROM site_distinct').pluck().get(), 1);
  db.close();
});
