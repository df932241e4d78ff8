import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate } from '../open-database';
import { withGuardOpen } from '../sync/write-guard';
import { MIGRATIONS } from './index';

test('0015-distinct-undo: "bukan duplikat" decided before stays in force, and its undo cells are written only by the write unit', () => {
  const db = new Database(':memory:');
  const at = MIGRATIONS.findIndex((m) => m.name === '0015-distinct-undo');
  migrate(db, MIGRATIONS.slice(0, at));
  withGuardOpen(db, () => {
    const insertSite = db.prepare(`INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code,
                       kbli_division, operating_status, created_at, updated_at) VALUES (?, 'Amplang', 'amplang', '64', '64.72', '64.72.01', '64.72.01.1001', '10', '10', 'aktif', 't', 't')`);
    insertSite.run('s1');
    insertSite.run('s2');
    db.exec("INSERT INTO site_distinct(id, site_a, site_b, decided_by, decided_at) VALUES ('s1+s2', 's1', 's2', 'Ani (ANS)', '2026-11-20T01:00:00.000Z')");
  });
  migrate(db, MIGRATIONS.slice(0, at + 1));
  assert.deepEqual(db.prepare('SELECT site_a, site_b, undone_by, undone_at FROM site_distinct').get(), { site_a: 's1', site_b: 's2', undone_by: null, undone_at: null });
  assert.throws(() => db.exec("UPDATE site_distinct SET undone_at = 't'"), /site_distinct is written only through the write unit/);
  db.close();
});
