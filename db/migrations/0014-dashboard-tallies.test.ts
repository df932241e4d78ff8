import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate } from '../open-database';
import { withGuardOpen } from '../sync/write-guard';
import { MIGRATIONS } from './index';

const AT = MIGRATIONS.findIndex((m) => m.name === '0014-dashboard-tallies');

test('0014-dashboard-tallies: the tallies start from the data already there, then follow each write', () => {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, AT));
  const site = db.prepare(`
    INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code, kbli_division,
                     products, certificates, workers, size_class, operating_status, created_at, updated_at, deleted)
    VALUES (?, ?, ?, '64', ?, '64.72.01', '64.72.01.1001', '10', '10', ?, ?, ?, ?, ?, 't', 't', ?)`);
  const visit = db.prepare(`
    INSERT INTO visit(id, number, site_id, regency_code, kind, status, visit_date, officers, data, created_by, created_at, updated_at, deleted)
    VALUES (?, ?, ?, '64.72', 'inventarisasi', ?, ?, 'Ani Suryani', ?, 'o', 't', 't', 0)`);
  withGuardOpen(db, () => {
    site.run('s1', 'Amplang', 'amplang', '64.72', 'Amplang, kerupuk', '["PIRT","HALAL"]', 10, 'kecil', 'aktif', 0);
    site.run('s2', 'Abon', 'abon', '64.72', 'amplang', '["PIRT"]', 3, 'mikro', 'aktif', 0);
    site.run('s3', 'Arsip', 'arsip', '64.72', 'Amplang', '["NIB"]', 3, 'mikro', 'aktif', 1);
    visit.run('v1', 'N1', 's1', 'final', '2026-11-20', JSON.stringify({ workforce: { male: 4, female: 6 }, productionValueRp: 240000000 }));
    visit.run('v2', 'N2', 's2', 'draft', '2026-11-21', JSON.stringify({ workforce: { male: 9, female: 9 } }));
  });
  migrate(db, MIGRATIONS.slice(0, AT + 1));
  assert.equal(db.pragma('user_version', { simple: true }), AT + 1);
  const all = (sql: string) => db.prepare(sql).raw().all();
  assert.deepEqual(all('SELECT * FROM site_tally'), [['64.72', 'aktif', 'kecil', '10', 1, 10, 4, 6, 240000000], ['64.72', 'aktif', 'mikro', '10', 1, 3, 0, 0, 0]]);
  assert.deepEqual(all('SELECT * FROM site_product_tally'), [['64.72', 'amplang', 2, 13, 4, 6, 240000000]]);
  assert.deepEqual(all('SELECT * FROM site_certificate_tally ORDER BY certificate'), [['64.72', 'HALAL', 1], ['64.72', 'PIRT', 2]]);
  assert.deepEqual(all('SELECT * FROM visit_officer_tally ORDER BY status'), [['2026-11', 'inventarisasi', 'draft', '64.72', 'Ani Suryani', 1], ['2026-11', 'inventarisasi', 'final', '64.72', 'Ani Suryani', 1]]);
  // Finalizing the draft gives s2 its figures; the tallies follow.
  withGuardOpen(db, () => db.prepare("UPDATE visit SET status = 'final' WHERE id = 'v2'").run());
  assert.deepEqual(all("SELECT male, female FROM site_tally WHERE size_class = 'mikro'"), [[9, 9]]);
  // A value that is not a JSON array counts as no certificate and never fails the write.
  withGuardOpen(db, () => db.prepare("UPDATE site SET certificates = 'rusak' WHERE id = 's2'").run());
  assert.deepEqual(all('SELECT certificate, n FROM site_certificate_tally ORDER BY certificate'), [['HALAL', 1], ['PIRT', 1]]);
  db.close();
});
