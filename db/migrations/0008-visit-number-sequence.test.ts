import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate } from '../open-database';
import { withGuardOpen } from '../sync/write-guard';
import { MIGRATIONS } from './index';

test('0008-visit-number-sequence: visits already there are found by their sequence, over the new index', () => {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, 7));
  withGuardOpen(db, () => {
    db.exec(`
      INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code,
                       kbli_division, operating_status, created_at, updated_at)
      VALUES ('s1', 'Amplang', 'amplang', '64', '64.72', '64.72.01', '64.72.01.1001', '10', '10', 'aktif', 't', 't');`);
    const insert = db.prepare(`INSERT INTO visit(id, number, site_id, regency_code, kind, status, visit_date, officers, data, created_by, created_at, updated_at, deleted)
                               VALUES (?, ?, 's1', '64.72', 'evaluasi', 'draft', '2026-11-20', 'Ani', '{}', 'o', 't', 't', 0)`);
    insert.run('v1', 'ANS/2026/4WW-0002');
    insert.run('v2', 'ANS/2026/4WW-0010');
    insert.run('v3', 'BUD/2026/K7Q-0002');
  });
  migrate(db, MIGRATIONS.slice(0, 8));
  assert.equal(db.pragma('user_version', { simple: true }), 8);
  const bySequence = "SELECT id FROM visit WHERE ltrim(substr(number, instr(number, '-') + 1), '0') = ? ORDER BY id";
  assert.deepEqual(db.prepare(bySequence).pluck().all('2'), ['v1', 'v3']);
  assert.deepEqual(db.prepare(bySequence).pluck().all('10'), ['v2']);
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${bySequence}`).all('2') as { detail: string }[];
  assert.match(plan.map((r) => r.detail).join(' | '), /USING INDEX visit_number_sequence/);
  db.close();
});
