import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate } from '../open-database';
import { withGuardOpen } from '../sync/write-guard';
import { recommendationKeys } from '../model/follow-up';
import { MIGRATIONS } from './index';

const AT = MIGRATIONS.findIndex((m) => m.name === '0013-follow-ups-reviews');

test('0013-follow-ups-reviews: final visits wait for review, their recommendations become follow-ups; the new tables take only the write unit', () => {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, AT));
  const recs = [{ text: 'Urus PIRT', dueDate: '2026-12-01' }, { text: 'Ikut pameran', action: 'Daftar ke dinas' }, { text: '' }];
  withGuardOpen(db, () => {
    db.exec(`
      INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code,
                       kbli_division, operating_status, created_at, updated_at)
      VALUES ('s1', 'Amplang', 'amplang', '64', '64.72', '64.72.01', '64.72.01.1001', '10', '10', 'aktif', 't', 't');`);
    const insert = db.prepare(
      `INSERT INTO visit(id, number, site_id, regency_code, kind, status, visit_date, officers, data, created_by, created_at, updated_at, finalized_at, deleted)
       VALUES (?, ?, 's1', '64.72', 'evaluasi', ?, '2026-11-20', 'Ani', ?, 'o', 't', 't', 't', 0)`,
    );
    insert.run('v1', 'ANS/2026/4WW-0001', 'final', JSON.stringify({ recommendations: recs }));
    insert.run('v2', 'ANS/2026/4WW-0002', 'draft', JSON.stringify({ recommendations: [{ text: 'Draf' }] }));
  });
  migrate(db, MIGRATIONS.slice(0, AT + 1));
  assert.equal(db.pragma('user_version', { simple: true }), AT + 1);
  assert.deepEqual(db.prepare('SELECT id, review_state FROM visit ORDER BY id').all(), [
    { id: 'v1', review_state: 'pending' },
    { id: 'v2', review_state: null },
  ]);
  const keys = recommendationKeys(recs);
  assert.deepEqual(db.prepare('SELECT visit_id, rec_key, idx, text, action, due_date FROM visit_recommendation ORDER BY idx').all(), [
    { visit_id: 'v1', rec_key: keys[0], idx: 0, text: 'Urus PIRT', action: null, due_date: '2026-12-01' },
    { visit_id: 'v1', rec_key: keys[1], idx: 1, text: 'Ikut pameran', action: 'Daftar ke dinas', due_date: null },
  ]);
  for (const sql of [
    "INSERT INTO follow_up(id, visit_id, rec_key, status, decided_at) VALUES ('v1:x', 'v1', 'x', 'done', 't')",
    "INSERT INTO visit_review(id, visit_id, decision, revision, decided_at) VALUES ('r1', 'v1', 'approved', 0, 't')",
    "DELETE FROM visit_recommendation",
  ]) {
    assert.throws(() => db.prepare(sql).run(), /write unit/, sql);
  }
  db.close();
});

test('recommendation keys follow the text, not the place: reordered stays, the same text twice is told apart', () => {
  const [a, b] = recommendationKeys([{ text: 'Urus PIRT' }, { text: 'Ikut pameran' }]);
  const [b2, a2] = recommendationKeys([{ text: ' ikut  PAMERAN.' }, { text: 'Urus PIRT' }]);
  assert.equal(a2, a);
  assert.equal(b2, b, 'case, spacing and punctuation are the same recommendation');
  const twice = recommendationKeys([{ text: 'Urus PIRT' }, { text: 'Urus PIRT' }, { text: '  ' }]);
  assert.deepEqual(twice, [a, `${a}.1`, null]);
});
