import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate } from '../open-database';
import { MIGRATIONS } from './index';

test('0001-initial: creates the tables, takes typed rows, refuses wrongly typed ones (STRICT)', () => {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, 1));
  assert.equal(db.pragma('user_version', { simple: true }), 1);

  db.prepare("INSERT INTO area(code, parent_code, level, name) VALUES ('64', NULL, 1, 'Kalimantan Timur')").run();
  const insertSite = db.prepare(`
    INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code,
                     kbli_division, operating_status, workers, created_at, updated_at)
    VALUES (?, 'Amplang', 'amplang', '64', '64.72', '64.72.01', '64.72.01.1001', '10', '10', 'aktif', ?, 't', 't')`);
  insertSite.run('a', 3);
  assert.throws(() => insertSite.run('b', 'three'), /cannot store TEXT value in INTEGER column/);

  const row = db.prepare('SELECT certificates, deleted FROM site WHERE id = ?').get('a');
  assert.deepEqual(row, { certificates: '[]', deleted: 0 });

  db.prepare("INSERT INTO site_fts(rowid, name, owner, products, address, area) VALUES (1, 'Amplang Mama Ani', '', '', '', '')").run();
  const hit = db.prepare("SELECT rowid FROM site_fts WHERE site_fts MATCH '\"MPLAN\"'").all();
  assert.deepEqual(hit, [{ rowid: 1 }], 'trigram search is case-insensitive and matches inside words');
  db.close();
});
