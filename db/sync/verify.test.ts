import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Api } from '../api';
import { anInventarisasi, call, createSite, setUpApi, VILLAGES } from '../test-support';
import type { SyncVerifyReport } from '../model/sync';

/**
 * sync.verify (issue 19.5): a database used as in the field verifies clean, on both laptops of a
 * sync; each kind of damage to a derived value, made by raw SQL on the file, is reported.
 */

async function exchange(from: Api, to: Api): Promise<void> {
  for (let after = 0; ; ) {
    const page = await call(from, 'sync.pending', { after, limit: 5000, ownOnly: false });
    if (page.messages.length) await call(to, 'sync.apply', { messages: page.messages });
    after = page.cursor;
    if (!page.more) return;
  }
}

let a: Awaited<ReturnType<typeof setUpApi>>;
let b: Awaited<ReturnType<typeof setUpApi>>;
const ids: Record<string, string> = {};

before(async () => {
  [a, b] = [await setUpApi(), await setUpApi()];
  const main = await createSite(a.api, { name: 'Amplang Mama Ani', ownerName: 'Ani Wulandari' });
  const other = await createSite(b.api, { name: 'Kerupuk Sungai Mahakam', villageCode: VILLAGES.balikpapan });
  const third = await createSite(b.api, { name: 'Batik Kutai', villageCode: VILLAGES.marangKayu, kbliCode: '13' });
  // A visit finalized and amended; a draft left; a merge; then the two laptops sync both ways.
  const draft = await call(a.api, 'visit.saveDraft', { siteId: main.id, data: anInventarisasi({ visitDate: '2026-11-10' }) });
  await call(a.api, 'visit.finalize', { id: draft.id });
  await call(a.api, 'visit.amend', { id: draft.id, data: anInventarisasi({ visitDate: '2026-11-10', workforce: { male: 4, female: 7 } }), reason: 'Salah hitung' });
  await call(b.api, 'visit.saveDraft', { siteId: other.id, data: { kind: 'identifikasi' } });
  await exchange(a.api, b.api);
  await exchange(b.api, a.api);
  const merged = await call(b.api, 'site.merge', { survivorId: third.id, loserId: other.id });
  assert.equal(merged.id, third.id);
  await call(a.api, 'site.update', { id: main.id, site: { name: 'Amplang Mama Ani Jaya', ownerName: 'Ani Wulandari', villageCode: VILLAGES.samarinda, kbliCode: '10', products: 'Amplang', workers: 3 } });
  await exchange(a.api, b.api);
  await exchange(b.api, a.api);
  Object.assign(ids, { main: main.id, other: other.id, third: third.id, visit: draft.id });
  // Searches bring the index up to date (as the app does before a text search).
  await call(a.api, 'site.list', { text: 'amplang' });
  await call(b.api, 'site.list', { text: 'amplang' });
});
after(() => {
  a.dispose();
  b.dispose();
});

/** Damages the file of `api` with raw SQL (the guard triggers let no write through them, so they go). */
function damage(file: string, sql: string, ...params: unknown[]): void {
  const db = new Database(file);
  const guards = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%guard%'").all() as { name: string; sql: string }[];
  for (const g of guards) db.exec(`DROP TRIGGER ${g.name}`);
  db.prepare(sql).run(...params);
  for (const g of guards) db.exec(g.sql);
  db.close();
}

describe('sync.verify', () => {
  test('after realistic use both laptops verify clean, and verifying changes nothing', async () => {
    for (const api of [a.api, b.api]) {
      const report = await call(api, 'sync.verify', {});
      assert.deepEqual(report.examples, []);
      assert.equal(report.clean, true);
      assert.ok(report.checked > 10);
      const info = await call(api, 'sync.info');
      const again = await call(api, 'sync.verify', undefined);
      assert.deepEqual({ ...again, ms: 0 }, { ...report, ms: 0 });
      assert.equal((await call(api, 'sync.info')).lastSeq, info.lastSeq);
    }
  });

  test('each kind of damage to a derived value is reported, with the row, the column, and both values', async () => {
    const cases: [string, string, unknown[], Partial<SyncVerifyReport['examples'][number]>][] = [
      ['cell', 'UPDATE site SET phone = ? WHERE id = ?', ['0899', ids.main], { table: 'site', row: ids.main, column: 'phone', stored: '0899', expected: null }],
      ['merge', 'UPDATE site SET merged_into = NULL, deleted = 0 WHERE id = ?', [ids.other], { table: 'site', row: ids.other, column: 'merged_into', stored: null, expected: ids.third }],
      ['site_facts', 'UPDATE site SET workers = 99 WHERE id = ?', [ids.main], { table: 'site', row: ids.main, column: 'workers', stored: 99, expected: 3 }],
      ['visit', "UPDATE visit SET regency_code = '64.71' WHERE id = ?", [ids.visit], { table: 'visit', row: ids.visit, column: 'regency_code', stored: '64.71', expected: '64.72' }],
      ['derived', "UPDATE site SET name_norm = 'lain' WHERE id = ?", [ids.main], { table: 'site', row: ids.main, column: 'name_norm', stored: 'lain' }],
      ['site_fact', "UPDATE site_fact SET value = '5' WHERE visit_id = ? AND fact = 'workers'", [ids.visit], { table: 'site_fact', row: `${ids.visit}:workers`, column: 'value', stored: '5', expected: '11' }],
      ['visit_tally', 'UPDATE visit_tally SET n = n + 1', [], { table: 'visit_tally', column: 'n' }],
      ['search_index', 'DELETE FROM site_fts WHERE rowid = (SELECT rowid FROM site WHERE id = ?)', [ids.main], { table: 'site_fts', row: ids.main, column: '(entry)', stored: 'absent', expected: 'present' }],
      ['row', 'DELETE FROM visit_revision', [], { table: 'visit_revision', column: '(row)' }],
    ];
    for (const [kind, sql, params, example] of cases) {
      const { api, dbFile, dispose } = await setUpApi();
      try {
        // The same history as laptop A, then the damage, then a fresh open of the file.
        await exchange(a.api, api);
        await call(api, 'site.list', { text: 'amplang' });
        assert.equal((await call(api, 'sync.verify', {})).clean, true, `${kind}: clean before`);
        api.close();
        damage(dbFile, sql, ...params);
        const reopened = (await import('../api')).openApi({ dbFile });
        try {
          const report = await call(reopened, 'sync.verify', {});
          assert.equal(report.clean, false, kind);
          assert.ok((report.counts[kind as keyof typeof report.counts] ?? 0) > 0, `${kind}: ${JSON.stringify(report.counts)}`);
          const found = report.examples.find((e) => e.kind === kind && (!example.column || e.column === example.column));
          assert.ok(found, kind);
          for (const [key, value] of Object.entries(example)) assert.deepEqual(found[key as keyof typeof found], value, `${kind}.${key}`);
        } finally {
          reopened.close();
        }
      } finally {
        dispose();
      }
    }
  });
});
