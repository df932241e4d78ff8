import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Api } from '../db/api';
import type { SyncResponse } from '../db/model/hub';
import { anInventarisasi, call, createSite, siteInput, tempDir, VILLAGES } from '../db/test-support';
import { readBundle } from '../db/sync/bundle';
import { exportHubBundle, importHubBundle } from './bundle-command';
import { HUB_MIGRATIONS } from './migrations';
import { formatEnrollmentCode, openHubStore } from './store';
import { openLaptop, peekFile, startHub } from './test-support';

/**
 * Releasing sites (issue 8, item 6) on real parts: the hub on loopback, laptops as real cores on
 * SQLite files in temp folders. A site that leaves a laptop's scope is removed from that laptop
 * (rows, facts, search entry, change log, files) once every local change to it reached the hub,
 * without a message of its own; it comes back whole when it comes into scope again; a
 * whole-province laptop releases nothing.
 */

const photo = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'db', 'test-fixtures', 'photo-gps.jpg')));
const withTail = (bytes: Uint8Array, n: number): Uint8Array<ArrayBuffer> => new Uint8Array([...bytes, ...new Array<number>(n).fill(0)]);
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Laptop {
  api: Api;
  dbFile: string;
  /** The sync replies the laptop received, in order. */
  replies: SyncResponse[];
  /** Runs before each sync request goes out (its body parsed). */
  beforeSync: ((body: { messages: { table: string; row: string; column: string; value: string }[]; released?: string[] }) => Promise<void>) | null;
  /** Runs when a sync reply arrived, before the laptop handles it. */
  afterReply: ((reply: SyncResponse) => Promise<void>) | null;
}

async function laptop(officerCode: string): Promise<Laptop> {
  const l: Laptop = { api: null as unknown as Api, dbFile: '', replies: [], beforeSync: null, afterReply: null };
  const fetchFn: typeof fetch = async (input, init) => {
    const isSync = String(input).endsWith('/v1/sync');
    if (isSync && l.beforeSync) await l.beforeSync(JSON.parse(String(init?.body)));
    const response = await fetch(input, init);
    if (isSync && response.ok) {
      const reply = (await response.clone().json()) as SyncResponse;
      l.replies.push(reply);
      if (l.afterReply) await l.afterReply(reply);
    }
    return response;
  };
  const opened = await openLaptop(officerCode, { fetch: fetchFn });
  cleanups.push(opened.dispose);
  return Object.assign(l, { api: opened.api, dbFile: opened.dbFile });
}

/** Reads the laptop's file directly (a second connection, read only). */
const peek = <T>(l: Laptop, fn: (db: Database.Database) => T): T => peekFile(l.dbFile, fn);

/** Everything of a site a laptop shows: the site, its visits with their revisions and attachments. */
async function siteView(api: Api, siteId: string) {
  const site = await call(api, 'site.get', { id: siteId });
  const visits = [];
  for (const v of (await call(api, 'visit.list', { siteId, limit: 500 })).items) {
    const visit = await call(api, 'visit.get', { id: v.id });
    const attachments = (await call(api, 'attachment.list', { visitId: v.id })).map((a) => ({ ...a }));
    visits.push({ visit, attachments });
  }
  const timeline = await call(api, 'site.timeline', { id: siteId });
  return { site, visits: visits.sort((a, b) => (a.visit.id < b.visit.id ? -1 : 1)), timeline };
}

/**
 * The office's laptop A (whole province) registers two sites in Samarinda (64.72) and two in Kutai
 * Kartanegara (64.02), each with a final visit and a photo, one amended; laptop B is enrolled for
 * both regencies and receives them all.
 */
async function twoRegencies() {
  const h = await startHub();
  cleanups.push(() => h.stop());
  const a = await laptop('ANS');
  const b = await laptop('BDI');
  const code = (officerCode: string, regencies: string[]) => formatEnrollmentCode(h.hub.store.createEnrollment({ officerCode, regencies }, new Date()));
  // The office's rule, set before A enrolls (an enrolled laptop receives it and cannot set it).
  await call(a.api, 'settings.setOffice', { signaturesRequired: false });
  const enrolledA = await call(a.api, 'hubSync.enroll', { url: h.url, code: code('ANS', []) });
  const sites: Record<string, string> = {};
  const visits: Record<string, string> = {};
  for (const [name, villageCode, photoBytes] of [
    ['Amplang Samarinda', VILLAGES.samarinda, photo],
    // Four files, one photo: bytes after a JPEG's end marker are allowed (cameras write them).
    ['Tenun Samarinda', VILLAGES.samarinda, withTail(photo, 1)],
    ['Kerupuk Marang Kayu', VILLAGES.marangKayu, withTail(photo, 2)],
    ['Madu Marang Kayu', VILLAGES.marangKayu, withTail(photo, 3)],
  ] as const) {
    const site = await createSite(a.api, { name, villageCode });
    sites[name] = site.id;
    const visit = await call(a.api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi() });
    await call(a.api, 'attachment.add', { visitId: visit.id, kind: 'photo', fileName: `${name}.jpg`, bytes: photoBytes });
    await call(a.api, 'visit.finalize', { id: visit.id });
    visits[name] = visit.id;
  }
  await call(a.api, 'visit.amend', { id: visits['Kerupuk Marang Kayu'], data: anInventarisasi({ workforce: { male: 5, female: 6 } }), reason: 'Salah hitung pekerja' });
  await call(a.api, 'hubSync.now');
  const enrolledB = await call(b.api, 'hubSync.enroll', { url: h.url, code: code('BDI', ['64.72', '64.02']) });
  await call(b.api, 'hubSync.now');
  return { h, a, b, sites, visits, deviceA: enrolledA.deviceId!, deviceB: enrolledB.deviceId! };
}

/** The rows and the change log entries B has of the given row ids (any table). */
function traces(l: Laptop, ids: string[]) {
  return peek(l, (db) => {
    const inList = `(SELECT value FROM json_each(?))`;
    const json = JSON.stringify(ids);
    const count = (sql: string) => (db.prepare(sql).pluck().get(json) as number) ?? 0;
    return {
      sites: count(`SELECT count(*) FROM site WHERE id IN ${inList}`),
      visits: count(`SELECT count(*) FROM visit WHERE id IN ${inList}`),
      revisions: count(`SELECT count(*) FROM visit_revision WHERE visit_id IN ${inList}`),
      attachments: count(`SELECT count(*) FROM attachment WHERE visit_id IN ${inList}`),
      facts: count(`SELECT count(*) FROM site_fact WHERE site_id IN ${inList}`),
      logRows: count(`SELECT count(*) FROM crdt_row WHERE row_id IN ${inList}`),
      logMessages: count(`SELECT count(*) FROM crdt_message m JOIN crdt_row r ON r.no = m.row_no WHERE r.row_id IN ${inList}`),
    };
  });
}

const NONE = { sites: 0, visits: 0, revisions: 0, attachments: 0, facts: 0, logRows: 0, logMessages: 0 };

test('the office narrows a laptop to one regency: the other regency leaves the laptop, stays at the hub, and comes back whole', async () => {
  const { h, a, b, sites, visits, deviceB } = await twoRegencies();
  const kukar = [sites['Kerupuk Marang Kayu'], sites['Madu Marang Kayu']];
  const kukarVisits = [visits['Kerupuk Marang Kayu'], visits['Madu Marang Kayu']];
  const before = await siteView(b.api, kukar[0]);
  assert.notDeepEqual(traces(b, [...kukar, ...kukarVisits]), NONE, 'B holds Kutai Kartanegara');
  const kukarPhoto = before.visits[0].attachments[0].sha256;
  const photoFile = (sha: string) => join(b.dbFile, '..', 'attachments', sha.slice(0, 2), sha);
  assert.ok(existsSync(photoFile(kukarPhoto)));
  const searchKukar = async () => (await call(b.api, 'site.list', { text: 'Marang Kayu' })).items.map((s) => s.name);
  assert.equal((await searchKukar()).length, 2);

  // The office narrows B to Samarinda.
  assert.deepEqual(h.hub.store.setScope(deviceB, ['64.72']), { resent: 0, released: 2 });
  const hubMessages = h.hub.store.messageCount();
  const report = await call(b.api, 'hubSync.now');
  // The sync's report counts the two sites it removed, and the Sinkronisasi screen shows the stored one.
  assert.equal(report.released, 2);
  assert.equal((await call(b.api, 'hubSync.status')).lastResult?.released, 2);

  // Gone from B: the sites, visits, revisions, photos and facts, the search entries, the change log, the files.
  assert.deepEqual(traces(b, [...kukar, ...kukarVisits]), NONE);
  assert.equal((await b.api.dispatch('site.get', { id: kukar[0] })).ok, false);
  assert.deepEqual(await searchKukar(), []);
  assert.equal(existsSync(photoFile(kukarPhoto)), false, 'a file only that site used is deleted');
  assert.deepEqual((await call(b.api, 'site.list', {})).items.map((s) => s.name).sort(), ['Amplang Samarinda', 'Tenun Samarinda']);
  assert.deepEqual((await call(b.api, 'visit.list', {})).items.map((v) => v.siteName).sort(), ['Amplang Samarinda', 'Tenun Samarinda']);
  assert.equal((await call(b.api, 'hubSync.status')).pending, 0, 'nothing to send');
  assert.equal((await call(b.api, 'sync.info')).waitingRows, 0);
  // Nothing was sent: no tombstone, and the hub and A still hold everything.
  assert.equal(h.hub.store.messageCount(), hubMessages);
  assert.deepEqual(h.hub.store.scopeStats(deviceB), { held: 2, resending: 0, releasing: 0 }, 'B confirmed');
  h.hub.settle();
  assert.equal(h.hub.core.sites.get(kukar[0]).name, 'Kerupuk Marang Kayu');
  await call(a.api, 'hubSync.now');
  assert.equal((await call(a.api, 'site.get', { id: kukar[1] })).deleted, false);
  assert.equal((await call(a.api, 'visit.list', { siteId: kukar[0] })).items.length, 1);

  // B keeps working in Samarinda and converges there; Kutai Kartanegara's later changes stay away.
  await call(a.api, 'site.update', { id: kukar[0], site: siteInput({ name: 'Kerupuk Marang Kayu', villageCode: VILLAGES.marangKayu, ownerName: 'Fajar' }) });
  await call(a.api, 'site.update', { id: sites['Amplang Samarinda'], site: siteInput({ name: 'Amplang Samarinda', ownerName: 'Gita' }), confirm: { duplicate: true } });
  await call(a.api, 'hubSync.now');
  await call(b.api, 'hubSync.now');
  assert.equal((await call(b.api, 'site.get', { id: sites['Amplang Samarinda'] })).ownerName, 'Gita');
  assert.deepEqual(traces(b, kukar), NONE);

  // The office widens B again: Kutai Kartanegara comes back identical to A's, with its photo.
  assert.deepEqual(h.hub.store.setScope(deviceB, ['64.72', '64.02']), { resent: 2, released: 0 });
  assert.equal((await call(b.api, 'hubSync.now')).released, 0);
  for (const id of kukar) assert.deepEqual(await siteView(b.api, id), await siteView(a.api, id));
  assert.equal((await call(b.api, 'site.get', { id: kukar[0] })).ownerName, 'Fajar');
  assert.ok(existsSync(photoFile(kukarPhoto)), 'the photo is fetched again');
  assert.equal((await searchKukar()).length, 2);
  assert.equal((await call(b.api, 'sync.info')).waitingRows, 0);
});

test('a site with a change the hub has not received stays on the laptop until it is sent, then leaves', async () => {
  const { h, a, b, sites, deviceB } = await twoRegencies();
  const madu = sites['Madu Marang Kayu'];
  assert.deepEqual(h.hub.store.setScope(deviceB, ['64.72']), { resent: 0, released: 2 });

  // While B's sync runs, the officer edits Madu Marang Kayu: the hub's first reply asks B to
  // release it, but the edit has not gone out yet.
  const requests: { hasEdit: boolean; maduOnLaptop: boolean; released: string[] }[] = [];
  let edited = false;
  b.beforeSync = async (body) => {
    requests.push({
      hasEdit: body.messages.some((m) => m.row === madu && m.column === 'owner_name' && m.value === '"Hana"'),
      maduOnLaptop: peek(b, (db) => db.prepare('SELECT 1 FROM site WHERE id = ?').get(madu) !== undefined),
      released: body.released ?? [],
    });
  };
  const firstReply = b.replies.length;
  b.afterReply = async () => {
    if (edited) return;
    edited = true;
    await call(b.api, 'site.update', { id: madu, site: siteInput({ name: 'Madu Marang Kayu', villageCode: VILLAGES.marangKayu, ownerName: 'Hana' }) });
  };
  await call(b.api, 'hubSync.now');
  b.afterReply = null;
  assert.ok(edited);
  assert.deepEqual(b.replies[firstReply].release?.slice().sort(), [sites['Kerupuk Marang Kayu'], madu].sort());

  // Request 1 asked nothing; request 2 carried the edit while Madu was still on the laptop (kept)
  // and confirmed Kerupuk only; request 3 confirmed Madu, which the hub had asked for again.
  assert.deepEqual(requests[0], { hasEdit: false, maduOnLaptop: true, released: [] });
  assert.deepEqual(requests[1], { hasEdit: true, maduOnLaptop: true, released: [sites['Kerupuk Marang Kayu']] });
  assert.deepEqual(b.replies[firstReply + 1].release, [madu]);
  assert.deepEqual(requests[2], { hasEdit: false, maduOnLaptop: false, released: [madu] });
  assert.deepEqual(traces(b, [madu]), NONE);
  assert.equal(h.hub.store.scopeStats(deviceB).releasing, 0);

  // The edit is on the hub, and reaches A.
  h.hub.settle();
  assert.equal(h.hub.core.sites.get(madu).ownerName, 'Hana');
  await call(a.api, 'hubSync.now');
  assert.equal((await call(a.api, 'site.get', { id: madu })).ownerName, 'Hana');

  // Back in scope, the site returns with B's own edit (re-sent to the laptop that wrote it).
  b.beforeSync = null;
  h.hub.store.setScope(deviceB, ['64.72', '64.02']);
  await call(b.api, 'hubSync.now');
  assert.deepEqual(await siteView(b.api, madu), await siteView(a.api, madu));
  assert.equal((await call(b.api, 'site.get', { id: madu })).ownerName, 'Hana');
  // B's clock and log sequence went on from where they were: a new edit reaches A.
  await call(b.api, 'site.update', { id: madu, site: siteInput({ name: 'Madu Marang Kayu', villageCode: VILLAGES.marangKayu, ownerName: 'Indah' }) });
  await call(b.api, 'hubSync.now');
  await call(a.api, 'hubSync.now');
  assert.equal((await call(a.api, 'site.get', { id: madu })).ownerName, 'Indah');
});

test('a site moved out of a laptop\'s scope leaves it; a whole-province laptop releases nothing', async () => {
  const { h, a, b, sites, deviceB } = await twoRegencies();
  h.hub.store.setScope(deviceB, ['64.72']);
  await call(b.api, 'hubSync.now');

  // B moves Amplang Samarinda to Balikpapan (outside its scope): once sent, it leaves B.
  const amplang = sites['Amplang Samarinda'];
  await call(b.api, 'site.update', { id: amplang, site: siteInput({ name: 'Amplang Samarinda', villageCode: VILLAGES.balikpapan }), confirm: { duplicate: true } });
  await call(b.api, 'hubSync.now');
  assert.deepEqual(traces(b, [amplang]), NONE);
  h.hub.settle();
  assert.equal(h.hub.core.sites.get(amplang).regencyCode, '64.71');

  // A, the whole province, is asked to release nothing and keeps every site, wherever it moved.
  const allSites = Object.values(sites).sort();
  a.replies.length = 0;
  await call(a.api, 'site.update', { id: sites['Tenun Samarinda'], site: siteInput({ name: 'Tenun Samarinda', villageCode: VILLAGES.marangKayu }), confirm: { duplicate: true } });
  await call(a.api, 'hubSync.now');
  assert.ok(a.replies.length > 0);
  for (const reply of a.replies) assert.deepEqual(reply.release, []);
  assert.deepEqual((await call(a.api, 'site.list', {})).items.map((s) => s.id).sort(), allSites);
  assert.equal((await call(a.api, 'site.get', { id: amplang })).regencyCode, '64.71');
  assert.equal((await call(a.api, 'visit.list', {})).items.length, 4);
  assert.deepEqual(traces(a, allSites).sites, 4);
});

test('hub migration 0003 adds the list of sites each device releases', () => {
  const tmp = tempDir('ikm-hub-migrate-');
  try {
    const file = join(tmp.dir, 'hub.sqlite');
    const db = new Database(file);
    HUB_MIGRATIONS[0].up(db);
    HUB_MIGRATIONS[1].up(db);
    db.pragma('user_version = 2');
    db.prepare(
      `INSERT INTO device(id, officer_code, name, replica_id, public_key, token_hash, regencies, enrolled_at, last_sync_at)
       VALUES ('d1', 'BDI', 'Laptop', '00000000000000b2', 'k', x'00', '["64.72","64.02"]', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    ).run();
    db.prepare("INSERT INTO site_regency(site_id, regency_code, hlc) VALUES ('s1', '64.72', 'x'), ('s2', '64.02', 'y')").run();
    db.prepare("INSERT INTO device_site(device_id, site_id) VALUES ('d1', 's1'), ('d1', 's2')").run();
    db.close();

    const store = openHubStore(file);
    try {
      assert.equal(store.db.pragma('user_version', { simple: true }), HUB_MIGRATIONS.length);
      assert.deepEqual(store.scopeStats('d1'), { held: 2, resending: 0, releasing: 0 });
      // An app that never sent \`released\` (an older version) keeps what leaves its scope.
      assert.deepEqual(store.setScope('d1', ['64.72']), { resent: 0, released: 0 });
      assert.deepEqual(store.scopeStats('d1'), { held: 2, resending: 0, releasing: 0 });
      store.setScope('d1', ['64.72', '64.02']);
      store.noteReleases('d1');
      assert.deepEqual(store.setScope('d1', ['64.72']), { resent: 0, released: 1 });
      assert.deepEqual(store.releaseList('d1', 10), ['s2']);
      store.confirmReleased('d1', ['s2', 'not-asked']);
      assert.deepEqual(store.scopeStats('d1'), { held: 1, resending: 0, releasing: 0 });
      // To the whole province: s2 comes back (re-sent); back to two regencies from there: nothing leaves.
      assert.deepEqual(store.setScope('d1', []), { resent: 1, released: 0 });
      assert.deepEqual(store.setScope('d1', ['64.72', '64.02']), { resent: 0, released: 0 });
      // From two regencies to one and back before the device confirmed: no longer asked, and re-sent (it may be gone already).
      assert.deepEqual(store.setScope('d1', ['64.72']), { resent: 0, released: 1 });
      assert.deepEqual(store.setScope('d1', ['64.72', '64.02']), { resent: 1, released: 0 });
      assert.deepEqual(store.releaseList('d1', 10), []);
      // From the whole province to one regency: every site outside it is released.
      assert.deepEqual(store.setScope('d1', []), { resent: 0, released: 0 });
      assert.deepEqual(store.setScope('d1', ['64.72']), { resent: 0, released: 1 });
      assert.deepEqual(store.releaseList('d1', 10), ['s2']);
    } finally {
      store.close();
    }
  } finally {
    tmp.dispose();
  }
});

test('hub migration 0004: on a hub that already holds a merge, the merged-away site takes its survivor\'s scope', () => {
  const tmp = tempDir('ikm-hub-migrate-');
  try {
    const file = join(tmp.dir, 'hub.sqlite');
    const db = new Database(file);
    for (const m of HUB_MIGRATIONS.slice(0, 3)) m.up(db);
    db.pragma('user_version = 3');
    db.prepare(
      `INSERT INTO device(id, officer_code, name, replica_id, public_key, token_hash, regencies, enrolled_at, releases)
       VALUES ('d1', 'BDI', 'Laptop', '00000000000000b2', 'k', x'00', '["64.72","64.02"]', '2026-01-01T00:00:00.000Z', 1)`,
    ).run();
    const hlc = (n: number) => `2026-01-01T00:00:0${n}.000Z-0000-00000000000000a1`;
    const insert = db.prepare("INSERT INTO message(hlc, replica, tbl, row_id, col, value, schema) VALUES (?, '00000000000000a1', ?, ?, ?, ?, 1)");
    insert.run(hlc(1), 'site', 's1', 'regency_code', '"64.72"');
    insert.run(hlc(2), 'site', 's2', 'regency_code', '"64.02"');
    insert.run(hlc(3), 'site_merge', 's1+s2', 'survivor_id', '"s1"');
    insert.run(hlc(4), 'site_merge', 's1+s2', 'loser_id', '"s2"');
    insert.run(hlc(5), 'site_merge', 's1+s2', 'merged_at', '"2026-01-01T00:00:05.000Z"');
    db.prepare("INSERT INTO site_regency(site_id, regency_code, hlc) VALUES ('s1', '64.72', ?), ('s2', '64.02', ?)").run(hlc(1), hlc(2));
    db.prepare("INSERT INTO device_site(device_id, site_id) VALUES ('d1', 's1'), ('d1', 's2')").run();
    db.close();

    const store = openHubStore(file);
    try {
      // s2 follows s1: narrowing to s1's regency keeps both; narrowing to s2's own releases both.
      assert.deepEqual(store.setScope('d1', ['64.72']), { resent: 0, released: 0 });
      assert.deepEqual(store.setScope('d1', ['64.02']), { resent: 0, released: 2 });
      assert.deepEqual(store.releaseList('d1', 10), ['s1', 's2']);
    } finally {
      store.close();
    }
  } finally {
    tmp.dispose();
  }
});

test('a site merged into one in scope stays with it; the survivor leaving takes the merged-away site with it', async () => {
  const { h, a, b, sites, visits, deviceB } = await twoRegencies();
  const amplang = sites['Amplang Samarinda'];
  const madu = sites['Madu Marang Kayu'];
  // Madu Marang Kayu (Kutai Kartanegara) was registered twice: the office merges it into Amplang Samarinda.
  await call(a.api, 'site.merge', { survivorId: amplang, loserId: madu });
  await call(a.api, 'hubSync.now');
  await call(b.api, 'hubSync.now');
  assert.equal((await call(b.api, 'visit.list', { siteId: amplang })).items.length, 2);

  // The office narrows B to Samarinda: the merged-away site follows its survivor, which stays.
  assert.deepEqual(h.hub.store.setScope(deviceB, ['64.72']), { resent: 0, released: 1 });
  await call(b.api, 'hubSync.now');
  assert.deepEqual(traces(b, [sites['Kerupuk Marang Kayu']]), NONE);
  assert.equal(traces(b, [madu, visits['Madu Marang Kayu']]).sites, 1, 'the merged-away site stays');
  assert.deepEqual(await siteView(b.api, amplang), await siteView(a.api, amplang));
  assert.deepEqual(h.hub.store.scopeStats(deviceB), { held: 3, resending: 0, releasing: 0 }, 'nothing left to ask for');

  // The office moves B to Kutai Kartanegara: the survivor leaves, and the merged-away site with it
  // although its own regency is in scope; Kerupuk Marang Kayu comes back.
  assert.deepEqual(h.hub.store.setScope(deviceB, ['64.02']), { resent: 1, released: 3 });
  const report = await call(b.api, 'hubSync.now');
  assert.equal(report.released, 3);
  assert.deepEqual(traces(b, [amplang, madu, sites['Tenun Samarinda'], visits['Amplang Samarinda'], visits['Madu Marang Kayu']]), NONE);
  assert.deepEqual((await call(b.api, 'site.list', {})).items.map((s) => s.name), ['Kerupuk Marang Kayu']);
  assert.deepEqual(h.hub.store.scopeStats(deviceB), { held: 1, resending: 0, releasing: 0 });
});

test('a merge made elsewhere moves the merged-away site to where its survivor is: onto the laptop, or off it', async () => {
  const { h, a, b, sites, visits, deviceB } = await twoRegencies();
  h.hub.store.setScope(deviceB, ['64.72']);
  await call(b.api, 'hubSync.now');
  const kerupuk = sites['Kerupuk Marang Kayu'];
  const tenun = sites['Tenun Samarinda'];
  assert.deepEqual(traces(b, [kerupuk]), NONE);

  // Kerupuk Marang Kayu (outside B's scope) is merged into Tenun Samarinda (inside): it comes to B
  // with its visit, its amendment and its photo, and Tenun Samarinda on B shows what it shows on A.
  await call(a.api, 'site.merge', { survivorId: tenun, loserId: kerupuk });
  await call(a.api, 'hubSync.now');
  await call(b.api, 'hubSync.now');
  assert.deepEqual(await siteView(b.api, tenun), await siteView(a.api, tenun));
  assert.equal((await call(b.api, 'visit.list', { siteId: tenun })).items.length, 2);
  assert.equal(traces(b, [visits['Kerupuk Marang Kayu']]).revisions, traces(a, [visits['Kerupuk Marang Kayu']]).revisions);
  assert.equal((await call(b.api, 'sync.info')).waitingRows, 0, 'nothing waits for a site B lacks');

  // Amplang Samarinda (inside) is merged into Madu Marang Kayu (outside): it leaves B.
  const amplang = sites['Amplang Samarinda'];
  await call(a.api, 'site.merge', { survivorId: sites['Madu Marang Kayu'], loserId: amplang });
  await call(a.api, 'hubSync.now');
  await call(b.api, 'hubSync.now');
  assert.deepEqual(traces(b, [amplang, visits['Amplang Samarinda']]), NONE);
  assert.deepEqual((await call(b.api, 'site.list', {})).items.map((s) => s.name), ['Tenun Samarinda']);
  assert.equal((await call(b.api, 'sync.info')).waitingRows, 0);
  assert.deepEqual(h.hub.store.scopeStats(deviceB), { held: 2, resending: 0, releasing: 0 });
});

/** The hub's bundle for a device, as the laptop reads it. */
function readHubBundle(h: Awaited<ReturnType<typeof startHub>>, file: Uint8Array, replicaId: string) {
  return readBundle(file, { trustedKeys: [h.hub.store.hubKey.publicKey], selfIds: [replicaId] });
}

test('by USB only: the office\'s bundle for a laptop holds its scope, and the laptop releases what left it once the hub holds its changes', async () => {
  const { h, b, sites, visits, deviceB } = await twoRegencies();
  const kerupuk = sites['Kerupuk Marang Kayu'];
  const madu = sites['Madu Marang Kayu'];
  const kukarRows = new Set([kerupuk, madu, visits['Kerupuk Marang Kayu'], visits['Madu Marang Kayu']]);
  const replicaB = (await call(b.api, 'sync.info')).replicaId;
  // From here on B has no network: an edit of Madu Marang Kayu stays on the laptop.
  await call(b.api, 'site.update', { id: madu, site: siteInput({ name: 'Madu Marang Kayu', villageCode: VILLAGES.marangKayu, ownerName: 'Hana' }) });
  assert.deepEqual(h.hub.store.setScope(deviceB, ['64.72']), { resent: 0, released: 2 });

  // The office's bundle for B carries Samarinda and the shared records, nothing of Kutai
  // Kartanegara's sites, and asks B to release them; the whole hub's bundle has them all.
  const forB = exportHubBundle(h.hub, { deviceId: deviceB });
  const read = readHubBundle(h, forB, replicaB);
  assert.deepEqual(read.release, [kerupuk, madu].sort());
  assert.equal(read.messages.filter((m) => kukarRows.has(m.row)).length, 0);
  assert.ok(read.messages.some((m) => m.row === sites['Amplang Samarinda']));
  assert.ok(read.messages.some((m) => m.table === 'officer'));
  assert.ok(readBundle(exportHubBundle(h.hub), { trustedKeys: [h.hub.store.hubKey.publicKey], selfIds: [] }).messages.some((m) => kukarRows.has(m.row)));

  // B loads it: Kerupuk leaves; Madu stays, its edit has not reached the hub.
  const loaded = await call(b.api, 'hubSync.importBundle', { bytes: forB, acceptNewDevice: false });
  assert.equal(loaded.released, 1);
  assert.deepEqual(traces(b, [kerupuk, visits['Kerupuk Marang Kayu']]), NONE);
  assert.equal((await call(b.api, 'site.get', { id: madu })).ownerName, 'Hana');

  // B's bundle brings the edit to the office and says Kerupuk is gone; the next bundle for B asks
  // for Madu only, and B lets it go.
  const fromB = await call(b.api, 'hubSync.exportBundle', { all: false });
  importHubBundle(h.hub, fromB.bytes);
  h.hub.settle();
  assert.equal(h.hub.core.sites.get(madu).ownerName, 'Hana');
  assert.deepEqual(h.hub.store.releaseList(deviceB, 10), [madu]);
  const again = await call(b.api, 'hubSync.importBundle', { bytes: exportHubBundle(h.hub, { deviceId: deviceB }), acceptNewDevice: false });
  assert.equal(again.released, 1);
  assert.deepEqual(traces(b, [madu, visits['Madu Marang Kayu']]), NONE);
  importHubBundle(h.hub, (await call(b.api, 'hubSync.exportBundle', { all: false })).bytes);
  assert.deepEqual(h.hub.store.scopeStats(deviceB), { held: 2, resending: 0, releasing: 0 });
  assert.deepEqual((await call(b.api, 'site.list', {})).items.map((s) => s.name).sort(), ['Amplang Samarinda', 'Tenun Samarinda']);
});

test('laptop to laptop by USB: sites outside the laptop\'s scope are kept until they reached the hub through it, then released', async () => {
  const { h, a, sites } = await twoRegencies();
  const c = await laptop('CTR');
  await call(c.api, 'hubSync.enroll', { url: h.url, code: formatEnrollmentCode(h.hub.store.createEnrollment({ officerCode: 'CTR', regencies: ['64.72'] }, new Date())) });
  await call(c.api, 'hubSync.now');
  // A registers a site in Kutai Kartanegara and one in Samarinda, and hands C a bundle: no network at A.
  const jahe = await createSite(a.api, { name: 'Jahe Marang Kayu', villageCode: VILLAGES.marangKayu });
  const lempok = await createSite(a.api, { name: 'Lempok Samarinda', villageCode: VILLAGES.samarinda });
  const fromA = await call(a.api, 'hubSync.exportBundle', { all: false });
  assert.equal(fromA.blobs, 0);
  await call(c.api, 'hubSync.importBundle', { bytes: fromA.bytes, acceptNewDevice: true });
  // C keeps everything that arrived: it may be the only way to the hub.
  assert.equal(traces(c, [jahe.id]).sites, 1);
  // Loading the bundle ends with its sites in the search index, before anyone searches.
  assert.equal(peek(c, (db) => db.prepare('SELECT count(*) FROM site WHERE rowid > (SELECT indexed_upto FROM site_search_mark)').pluck().get()), 0);

  // C syncs: the hub now holds Jahe Marang Kayu (it came through C), and C lets it go; Samarinda stays.
  await call(c.api, 'hubSync.now');
  h.hub.settle();
  assert.equal(h.hub.core.sites.get(jahe.id).name, 'Jahe Marang Kayu');
  assert.deepEqual(traces(c, [jahe.id]), NONE);
  // A's bundle left out what A's own sync had brought the hub (Kerupuk Marang Kayu and its photo).
  await call(c.api, 'hubSync.now');
  assert.deepEqual(traces(c, [sites['Kerupuk Marang Kayu'], sites['Madu Marang Kayu']]), NONE);
  assert.equal((await call(c.api, 'site.get', { id: lempok.id })).name, 'Lempok Samarinda');
  const cDevice = h.hub.store.devices().find((d) => d.officerCode === 'CTR')!;
  assert.equal(h.hub.store.scopeStats(cDevice.id).releasing, 0);
  // A's later changes to it stay away from C.
  await call(a.api, 'hubSync.now');
  await call(a.api, 'site.update', { id: jahe.id, site: siteInput({ name: 'Jahe Marang Kayu', villageCode: VILLAGES.marangKayu, ownerName: 'Joko' }) });
  await call(a.api, 'hubSync.now');
  await call(c.api, 'hubSync.now');
  assert.deepEqual(traces(c, [jahe.id]), NONE);
});
