import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate } from '../open-database';
import { MIGRATIONS } from './index';

test('0003-attachments: visits survive; an attachment must belong to a visit', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, 2));
  db.exec(`
    INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code,
                     kbli_division, operating_status, created_at, updated_at)
    VALUES ('s1', 'Amplang', 'amplang', '64', '64.72', '64.72.01', '64.72.01.1001', '10', '10', 'aktif', 't', 't');
    INSERT INTO visit(id, number, site_id, regency_code, kind, status, data, created_by, created_at, updated_at)
    VALUES ('v1', 'ANS/2026/0001', 's1', '64.72', 'identifikasi', 'draft', '{}', 'o', 't', 't');`);
  migrate(db, MIGRATIONS.slice(0, 3));
  assert.equal(db.pragma('user_version', { simple: true }), 3);
  assert.deepEqual(db.prepare('SELECT number FROM visit').all(), [{ number: 'ANS/2026/0001' }]);
  const insert = db.prepare(`
    INSERT INTO attachment(id, visit_id, kind, file_name, mime, size, sha256, created_at, updated_at)
    VALUES (?, ?, 'photo', 'a.jpg', 'image/jpeg', 10, 'abc', 't', 't')`);
  insert.run('a1', 'v1');
  assert.throws(() => insert.run('a2', 'nope'), /FOREIGN KEY/);
  db.close();
});
