import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { openApi, type Api } from '../db/api';
import { call, createSite, KALTIM_SETUP, siteInput, tempDir, VILLAGES } from '../db/test-support';
import { HUB_MIGRATIONS } from './migrations';
import { openHubStore } from './store';
import { formatEnrollmentCode } from './store';
import { message, startHub } from './test-support';

/**
 * Device scope (issue 8, item 6) on real parts: the hub on loopback, laptops as real cores on
 * SQLite files in temp folders. A laptop scoped to two regencies receives exactly their sites,
 * with their visits and photos, the shared records, and what it wrote itself; a site that moves
 * into its scope, or a regency the office adds, brings its earlier history, even when a reply is
 * lost on the way.
 */

const photo = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'db', 'test-fixtures', 'photo-gps.jpg')));
const PASER = '64.01.01.2009';
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Cuts the connection after the hub answered the chosen sync requests (the reply is lost). */
function flakyFetch(cutAfter: number[]) {
  let syncRequests = 0;
  const fetchFn: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (String(input).endsWith('/v1/sync') && cutAfter.includes(++syncRequests)) {
      await response.arrayBuffer();
      throw new TypeError('fetch failed: connection reset');
    }
    return response;
  };
  return fetchFn;
}

interface Laptop {
  api: Api;
  reopen(fetchFn: typeof fetch): void;
}

async function laptop(officerCode: string): Promise<Laptop> {
  const tmp = tempDir('ikm-scope-');
  const dbFile = join(tmp.dir, 'ikm-lapangan.sqlite');
  const open = (fetchFn: typeof fetch) => openApi({ dbFile, hubClient: { autoTimers: false, fetch: fetchFn } });
  const l: Laptop = {
    api: open(fetch),
    reopen(fetchFn) {
      l.api.close();
      l.api = open(fetchFn);
    },
  };
  await call(l.api, 'setup.save', { ...KALTIM_SETUP, officerCode, officerName: `Petugas ${officerCode}` });
  cleanups.push(() => {
    l.api.close();
    tmp.dispose();
  });
  return l;
}

async function siteNames(api: Api): Promise<string[]> {
  return (await call(api, 'site.list', { limit: 500 })).items.map((s) => s.name).sort();
}
async function visitSites(api: Api): Promise<string[]> {
  return (await call(api, 'visit.list', { limit: 500 })).items.map((v) => v.siteName).sort();
}
/** Every site with its owner, area and visits: what "converged" compares. */
async function snapshot(api: Api, names: string[]): Promise<string[]> {
  const all = (await call(api, 'site.list', { limit: 500 })).items.filter((s) => names.includes(s.name));
  const rows: string[] = [];
  for (const s of all) {
    const site = await call(api, 'site.get', { id: s.id });
    const visits = (await call(api, 'visit.list', { siteId: s.id, limit: 500 })).items.map((v) => `${v.number}:${v.status}`).sort();
    rows.push(`${site.id}|${site.name}|${site.ownerName}|${site.villageCode}|${visits.join(',')}`);
  }
  return rows.sort();
}

test('a laptop scoped to two regencies receives exactly their records, the shared ones and its own', async () => {
  const h = await startHub();
  cleanups.push(() => h.stop());
  const a = await laptop('ANS');
  const b = await laptop('BDI');
  const code = (officerCode: string, regencies: string[]) =>
    formatEnrollmentCode(h.hub.store.createEnrollment({ officerCode, regencies }, new Date()));
  await call(a.api, 'hubSync.enroll', { url: h.url, code: code('ANS', []) });

  // A (the whole province) registers a site with a visit in four regencies; photos in two of them.
  const made: Record<string, string> = {};
  for (const [name, villageCode] of [
    ['Amplang Samarinda', VILLAGES.samarinda],
    ['Kerupuk Marang Kayu', VILLAGES.marangKayu],
    ['Tenun Balikpapan', VILLAGES.balikpapan],
    ['Rotan Paser', PASER],
  ] as const) {
    const site = await createSite(a.api, { name, villageCode });
    made[name] = site.id;
    const visit = await call(a.api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'identifikasi' } });
    if (name === 'Amplang Samarinda' || name === 'Tenun Balikpapan') {
      await call(a.api, 'attachment.add', { visitId: visit.id, kind: 'photo', fileName: `${name}.jpg`, bytes: photo });
    }
  }
  // A shared record: the office's wilayah grouping.
  const wilayah = (await call(a.api, 'wilayah.list')).find((w) => w.regencyCodes.includes('64.72'))!;
  await call(a.api, 'wilayah.save', { id: wilayah.id, name: 'Wilayah II Utara', indukRegencyCode: wilayah.indukRegencyCode, regencyCodes: wilayah.regencyCodes });
  await call(a.api, 'hubSync.now');

  // B enrolls for Samarinda and Kutai Kartanegara.
  const enrolled = await call(b.api, 'hubSync.enroll', { url: h.url, code: code('BDI', ['64.72', '64.02']) });
  assert.deepEqual(enrolled.regencies, ['64.72', '64.02']);
  const first = await call(b.api, 'hubSync.now');
  assert.equal(first.filesReceived, 1);
  assert.deepEqual(await siteNames(b.api), ['Amplang Samarinda', 'Kerupuk Marang Kayu']);
  assert.deepEqual(await visitSites(b.api), ['Amplang Samarinda', 'Kerupuk Marang Kayu']);
  assert.equal((await call(b.api, 'wilayah.list')).find((w) => w.id === wilayah.id)?.name, 'Wilayah II Utara');
  assert.equal((await b.api.dispatch('site.get', { id: made['Tenun Balikpapan'] })).ok, false);
  assert.equal((await call(b.api, 'sync.info')).waitingRows, 0, 'nothing arrived without its site');

  // B registers a site outside its scope: it keeps it and receives others' edits of it.
  const own = await createSite(b.api, { name: 'Madu Paser', villageCode: PASER });
  await call(b.api, 'hubSync.now');
  await call(a.api, 'hubSync.now');
  await call(a.api, 'site.update', { id: own.id, site: siteInput({ name: 'Madu Paser', villageCode: PASER, ownerName: 'Citra' }) });
  await call(a.api, 'hubSync.now');
  await call(b.api, 'hubSync.now');
  assert.equal((await call(b.api, 'site.get', { id: own.id })).ownerName, 'Citra');

  // A site moves into B's scope (its village changes): its earlier visit and photo come along.
  const moved = made['Tenun Balikpapan'];
  await call(a.api, 'site.update', { id: moved, site: siteInput({ name: 'Tenun Balikpapan', villageCode: VILLAGES.samarinda }), confirm: { duplicate: true } });
  await call(a.api, 'hubSync.now');
  await call(b.api, 'hubSync.now');
  assert.equal((await call(b.api, 'site.get', { id: moved })).regencyCode, '64.72');
  assert.deepEqual(await visitSites(b.api), ['Amplang Samarinda', 'Kerupuk Marang Kayu', 'Tenun Balikpapan']);
  const movedVisit = (await call(b.api, 'visit.list', { siteId: moved })).items[0];
  assert.deepEqual((await call(b.api, 'attachment.list', { visitId: movedVisit.id })).map((x) => x.fileName), ['Tenun Balikpapan.jpg']);

  // The office adds Paser to B's scope; the first re-sent page is lost on the way and sent again.
  const changed = h.hub.store.setScope(enrolled.deviceId!, ['64.72', '64.02', '64.01']);
  assert.equal(changed?.resent, 1, 'Rotan Paser (B holds Madu Paser already)');
  b.reopen(flakyFetch([1]));
  await call(b.api, 'hubSync.now');
  assert.deepEqual(await siteNames(b.api), ['Amplang Samarinda', 'Kerupuk Marang Kayu', 'Madu Paser', 'Rotan Paser', 'Tenun Balikpapan']);
  assert.deepEqual((await call(b.api, 'hubSync.status')).regencies, ['64.72', '64.02', '64.01']);
  assert.equal(h.hub.store.scopeStats(enrolled.deviceId!).resending, 0);

  // Within its scope B converges like a full replica: both edit, both sync, both agree.
  await call(b.api, 'site.update', { id: made['Amplang Samarinda'], site: siteInput({ name: 'Amplang Samarinda', ownerName: 'Dewi' }), confirm: { duplicate: true } });
  await call(a.api, 'site.update', { id: made['Rotan Paser'], site: siteInput({ name: 'Rotan Paser', villageCode: PASER, ownerName: 'Eko' }) });
  for (const l of [a, b, a, b]) await call(l.api, 'hubSync.now');
  const inScope = await siteNames(b.api);
  assert.deepEqual(await snapshot(b.api, inScope), await snapshot(a.api, inScope));
  assert.equal((await call(b.api, 'sync.info')).waitingRows, 0);
});

test('hub migration 0002 indexes the messages a hub already holds; a scoped device holds every site', () => {
  const tmp = tempDir('ikm-hub-migrate-');
  try {
    const file = join(tmp.dir, 'hub.sqlite');
    const db = new Database(file);
    HUB_MIGRATIONS[0].up(db);
    db.pragma('user_version = 1');
    const insert = db.prepare('INSERT INTO message(hlc, replica, tbl, row_id, col, value, prev_hlc, schema) VALUES (?, ?, ?, ?, ?, ?, ?, 5)');
    const r = '00000000000000a1';
    const at = (n: number, fields: { table: string; row: string; column: string; value: string }) => {
      const m = message(r, n, new Date(Date.UTC(2026, 0, 1, 0, 0, n)), fields);
      insert.run(m.hlc, r, m.table, m.row, m.column, m.value, null);
    };
    at(1, { table: 'site', row: 's1', column: 'regency_code', value: '"64.01"' });
    at(2, { table: 'site', row: 's1', column: 'regency_code', value: '"64.72"' });
    at(3, { table: 'site', row: 's2', column: 'regency_code', value: '"64.02"' });
    at(4, { table: 'visit', row: 'v1', column: 'site_id', value: '"s1"' });
    at(5, { table: 'attachment', row: 'a1', column: 'visit_id', value: '"v1"' });
    at(6, { table: 'site', row: 's3', column: 'regency_code', value: 'not json' });
    db.prepare(
      `INSERT INTO device(id, officer_code, name, replica_id, public_key, token_hash, regencies, enrolled_at)
       VALUES ('d1', 'BDI', 'Laptop', '00000000000000b2', 'k', x'00', '["64.72"]', '2026-01-01T00:00:00.000Z')`,
    ).run();
    db.close();

    const store = openHubStore(file);
    try {
      assert.equal(store.db.pragma('user_version', { simple: true }), HUB_MIGRATIONS.length);
      const regencies = store.db.prepare('SELECT site_id, regency_code FROM site_regency ORDER BY site_id').all();
      assert.deepEqual(regencies, [
        { site_id: 's1', regency_code: '64.72' },
        { site_id: 's2', regency_code: '64.02' },
      ]);
      const rows = store.db.prepare('SELECT tbl, row_id, site_id FROM row_site ORDER BY tbl').all();
      assert.deepEqual(rows, [
        { tbl: 'attachment', row_id: 'a1', site_id: 's1' },
        { tbl: 'visit', row_id: 'v1', site_id: 's1' },
      ]);
      // Before scope existed the device received everything: it holds both sites.
      assert.equal(store.scopeStats('d1').held, 2);
    } finally {
      store.close();
    }
  } finally {
    tmp.dispose();
  }
});
