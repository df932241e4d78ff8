import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { migrate } from '../open-database';
import { withGuardOpen } from '../sync/write-guard';
import { MIGRATIONS } from './index';

function withSite(db: Database.Database) {
  db.exec(`
    INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code,
                     kbli_division, operating_status, created_at, updated_at)
    VALUES ('s1', 'Amplang', 'amplang', '64', '64.72', '64.72.01', '64.72.01.1001', '10', '10', 'aktif', 't', 't');`);
}

const insertVisit = (db: Database.Database) =>
  db.prepare(`INSERT INTO visit(id, number, site_id, regency_code, kind, status, visit_date, officers, data, created_by, created_at, updated_at, deleted)
              VALUES (@id, @id, 's1', @regency, @kind, @status, @date, @officers, '{}', 'o', 't', 't', @deleted)`);

/** Both tallies as the triggers keep them, next to plain counts of the live visits. */
function tallyAndCount(db: Database.Database) {
  const tally = db.prepare('SELECT kind, status, regency_code, officers, n FROM visit_tally WHERE n > 0 ORDER BY 1, 2, 3, 4').all();
  const counted = db.prepare(`SELECT kind, status, regency_code, officers, count(*) AS n FROM visit WHERE deleted = 0
                               GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`).all();
  const months = db.prepare('SELECT month, kind, status, regency_code, n FROM visit_month_tally WHERE n > 0 ORDER BY 1, 2, 3, 4').all();
  const countedMonths = db.prepare(`SELECT coalesce(substr(visit_date, 1, 7), '') AS month, kind, status, regency_code, count(*) AS n
                                      FROM visit WHERE deleted = 0 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`).all();
  return { tally, counted, months, countedMonths };
}

test('0004-visit-log: the tally starts from the visits already there', () => {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, 3));
  withSite(db);
  const insert = insertVisit(db);
  insert.run({ id: 'v1', regency: '64.72', kind: 'identifikasi', status: 'draft', officers: 'Ani', deleted: 0, date: null });
  insert.run({ id: 'v2', regency: '64.72', kind: 'identifikasi', status: 'draft', officers: 'Ani', deleted: 0, date: '2026-11-20' });
  insert.run({ id: 'v3', regency: '64.71', kind: 'evaluasi', status: 'final', officers: 'Budi', deleted: 1, date: '2026-11-20' });
  migrate(db, MIGRATIONS.slice(0, 4));
  assert.equal(db.pragma('user_version', { simple: true }), 4);
  assert.deepEqual(db.prepare('SELECT kind, status, regency_code, officers, n FROM visit_tally').all(), [
    { kind: 'identifikasi', status: 'draft', regency_code: '64.72', officers: 'Ani', n: 2 },
  ]);
  assert.deepEqual(db.prepare('SELECT month, n FROM visit_month_tally ORDER BY month').all(), [
    { month: '', n: 1 },
    { month: '2026-11', n: 1 },
  ]);
  const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'visit' AND sql IS NOT NULL ORDER BY name").pluck().all();
  assert.deepEqual(indexes, ['visit_log', 'visit_officers', 'visit_regency', 'visit_site']);
  db.close();
});

test('0004-visit-log: after any writes to visit, both tallies equal counts of the live visits', () => {
  const kind = fc.constantFrom('identifikasi', 'inventarisasi', 'evaluasi', 'pembinaan');
  const op = fc.oneof(
    fc.record({ op: fc.constant('insert' as const), kind, status: fc.constantFrom('draft', 'final'),
      regency: fc.constantFrom('64.71', '64.72'), officers: fc.constantFrom('Ani', 'Ani, Budi', ''), deleted: fc.constantFrom(0, 0, 1),
      date: fc.constantFrom(null, '2026-10-31', '2026-11-01') }),
    fc.record({ op: fc.constant('update' as const), pick: fc.nat(),
      set: fc.constantFrom(['kind', 'evaluasi'], ['status', 'final'], ['regency_code', '64.71'], ['officers', 'Budi'],
        ['deleted', 1], ['deleted', 0], ['data', '{"x":1}'], ['visit_date', '2026-11-20'], ['visit_date', null]) }),
    fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const db = new Database(':memory:');
      migrate(db, MIGRATIONS);
      // Raw rows on purpose: the tallies' triggers must see every write, whichever code makes it.
      withGuardOpen(db, () => {
      withSite(db);
      const insert = insertVisit(db);
      let next = 0;
      for (const o of ops) {
        const ids = db.prepare('SELECT id FROM visit ORDER BY id').pluck().all() as string[];
        if (o.op === 'insert') insert.run({ id: `v${String(next++).padStart(3, '0')}`, ...o });
        else if (ids.length === 0) continue;
        else if (o.op === 'update') {
          db.prepare(`UPDATE visit SET ${o.set[0]} = ? WHERE id = ?`).run(o.set[1], ids[o.pick % ids.length]);
        } else db.prepare('DELETE FROM visit WHERE id = ?').run(ids[o.pick % ids.length]);
      }
      });
      const { tally, counted, months, countedMonths } = tallyAndCount(db);
      db.close();
      assert.deepEqual(tally, counted);
      assert.deepEqual(months, countedMonths);
    }),
    { numRuns: 150 },
  );
});
