import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate } from '../open-database';
import { MIGRATIONS } from './index';

test('0002-visits: existing sites survive; visits reference them and numbers are unique', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, 1));
  db.prepare(`
    INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code,
                     kbli_division, operating_status, created_at, updated_at)
    VALUES ('s1', 'Amplang', 'amplang', '64', '64.72', '64.72.01', '64.72.01.1001', '10', '10', 'aktif', 't', 't')`).run();

  migrate(db, MIGRATIONS.slice(0, 2));
  assert.equal(db.pragma('user_version', { simple: true }), 2);
  assert.deepEqual(db.prepare('SELECT id, name FROM site').all(), [{ id: 's1', name: 'Amplang' }]);

  const insert = db.prepare(`
    INSERT INTO visit(id, number, site_id, regency_code, kind, status, data, created_by, created_at, updated_at)
    VALUES (?, ?, ?, '64.72', 'inventarisasi', 'draft', '{}', 'o', 't', 't')`);
  insert.run('v1', 'ANS/2026/0001', 's1');
  assert.throws(() => insert.run('v2', 'ANS/2026/0001', 's1'), /UNIQUE/);
  assert.throws(() => insert.run('v3', 'ANS/2026/0002', 'missing-site'), /FOREIGN KEY/);
  db.close();
});
