import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Api } from '../db/api';
import { call, createSite, siteInput, tempDir, VILLAGES } from '../db/test-support';
import { exportHubBundle } from './bundle-command';
import { HUB_MIGRATIONS } from './migrations';
import { formatEnrollmentCode, openHubStore } from './store';
import { openLaptop, peekFile, startHub } from './test-support';

/**
 * Scope is about whole merge groups and whole histories (issue 19, item 3), on real parts: the hub
 * on loopback, laptops as real cores on SQLite files in temp folders. Each test is one of the
 * issue's scenarios (causes 4, 5 and 6 and the smaller scope cases).
 */

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Laptop {
  api: Api;
  dbFile: string;
}

async function laptop(officerCode: string): Promise<Laptop> {
  const l = await openLaptop(officerCode);
  cleanups.push(l.dispose);
  return l;
}

/** Reads the laptop's file directly (a second connection, read only). */
const peek = <T>(l: Laptop, fn: (db: Database.Database) => T): T => peekFile(l.dbFile, fn);

/** The site row as stored on a laptop (undefined when the laptop does not hold it). */
const siteRow = (l: Laptop, id: string) =>
  peek(l, (db) => db.prepare('SELECT name, owner_name, products, merged_into FROM site WHERE id = ?').get(id)) as
    | { name: string; owner_name: string; products: string; merged_into: string | null }
    | undefined;

async function hubWithOffice() {
  const h = await startHub();
  cleanups.push(() => h.stop());
  const enroll = async (l: Laptop, officerCode: string, regencies: string[]) =>
    (await call(l.api, 'hubSync.enroll', { url: h.url, code: formatEnrollmentCode(h.hub.store.createEnrollment({ officerCode, regencies }, new Date())) }))
      .deviceId!;
  const office = await laptop('ANS');
  await enroll(office, 'ANS', []);
  return { h, office, enroll };
}

const sync = async (...laptops: Laptop[]) => {
  for (const l of laptops) await call(l.api, 'hubSync.now');
};
const waiting = async (l: Laptop) => (await call(l.api, 'sync.info')).waitingRows;

test('cause 4: a site a Samarinda laptop registered in Kutai Kartanegara, merged by the office into its twin, ends merged on the laptop; nothing waits', async () => {
  const { h, office, enroll } = await hubWithOffice();
  const twin = await createSite(office.api, { name: 'Kerupuk Marang Kayu', villageCode: VILLAGES.marangKayu });
  await sync(office);
  const b = await laptop('BDI');
  await enroll(b, 'BDI', ['64.72']);
  await sync(b);
  // B registers X outside its scope (allowed: a site it wrote stays with it).
  const x = await createSite(b.api, { name: 'Kerupuk Marang Kayu', villageCode: VILLAGES.marangKayu, ownerName: 'Budi' });
  await sync(b, office);
  await call(office.api, 'site.merge', { survivorId: twin.id, loserId: x.id });
  await sync(office, b, b);
  h.hub.settle();
  assert.equal(h.hub.core.sites.get(x.id).id, x.id);
  assert.equal(siteRow(b, x.id)?.merged_into, twin.id, 'X is merged into its twin on the laptop');
  assert.equal(siteRow(b, twin.id)?.name, 'Kerupuk Marang Kayu', 'the laptop holds the whole merge group');
  assert.equal(await waiting(b), 0, 'nothing waits that could apply');
});

test('cause 4: a site merged into survivors in two regencies keeps its group whole on a laptop that keeps one of them', async () => {
  const { h, office, enroll } = await hubWithOffice();
  const other = await laptop('CTR');
  await enroll(other, 'CTR', []);
  const y = await createSite(office.api, { name: 'Amplang Samarinda', villageCode: VILLAGES.samarinda });
  const z = await createSite(office.api, { name: 'Amplang Marang Kayu', villageCode: VILLAGES.marangKayu });
  const x = await createSite(office.api, { name: 'Amplang Balikpapan', villageCode: VILLAGES.balikpapan });
  await sync(office, other);
  // Two officers merge X at once, into survivors in two regencies.
  await call(office.api, 'site.merge', { survivorId: y.id, loserId: x.id });
  await call(other.api, 'site.merge', { survivorId: z.id, loserId: x.id });
  await sync(office, other, office);
  const b = await laptop('BDI');
  const deviceB = await enroll(b, 'BDI', ['64.72', '64.02']);
  await sync(b);
  assert.ok(siteRow(b, z.id));

  // The office narrows B to Samarinda: the group {X, Y, Z} still has Y in B's scope, so B keeps it
  // whole and keeps receiving its changes.
  h.hub.store.setScope(deviceB, ['64.72']);
  await sync(b);
  assert.deepEqual(h.hub.store.releaseList(deviceB, 10), [], 'the hub asks for no part of a group');
  await call(office.api, 'site.update', { id: z.id, site: siteInput({ name: 'Amplang Marang Kayu', villageCode: VILLAGES.marangKayu, ownerName: 'Zainal' }) });
  await sync(office, b);
  assert.equal(siteRow(b, z.id)?.owner_name, 'Zainal', 'a site of a kept group gets later changes');
  assert.equal(await waiting(b), 0);
});

test('cause 5: a site taken from a colleague\'s bundle and edited brings its whole history, the laptop\'s own old edits included', async () => {
  const { h, office, enroll } = await hubWithOffice();
  const b = await laptop('BDI');
  const deviceB = await enroll(b, 'BDI', ['64.72', '64.02']);
  const c = await laptop('CTR');
  await enroll(c, 'CTR', []);
  const k = await createSite(office.api, { name: 'Madu Marang Kayu', villageCode: VILLAGES.marangKayu });
  await sync(office, b, c);
  // C's bundle holds K as registered.
  const cBundle = await call(c.api, 'hubSync.exportBundle', { all: true });

  // B edits K's products while K is in its scope; then the office narrows B and K leaves B.
  await call(b.api, 'site.update', { id: k.id, site: siteInput({ name: 'Madu Marang Kayu', villageCode: VILLAGES.marangKayu, products: 'Madu kelulut' }) });
  await sync(b);
  h.hub.store.setScope(deviceB, ['64.72']);
  await sync(b, b);
  assert.equal(siteRow(b, k.id), undefined, 'K left B');
  // The office changes K's owner; B's sync passes over it (B does not hold K).
  await call(office.api, 'site.update', { id: k.id, site: siteInput({ name: 'Madu Marang Kayu', villageCode: VILLAGES.marangKayu, ownerName: 'Hana' }) });
  await sync(office, b);

  // B takes K from C's old bundle and renames it: B holds K again (a site it wrote stays).
  await call(b.api, 'hubSync.importBundle', { bytes: cBundle.bytes, acceptNewDevice: true });
  await call(b.api, 'site.update', { id: k.id, site: siteInput({ name: 'Madu Kelulut Marang Kayu', villageCode: VILLAGES.marangKayu }) });
  await sync(b, b);
  h.hub.settle();
  const atHub = h.hub.core.sites.get(k.id);
  const onB = siteRow(b, k.id)!;
  assert.deepEqual(
    { name: onB.name, owner: onB.owner_name, products: onB.products },
    { name: 'Madu Kelulut Marang Kayu', owner: 'Hana', products: 'Madu kelulut' },
    'B has the office\'s change and its own old edit',
  );
  assert.deepEqual({ name: atHub.name, owner: atHub.ownerName, products: atHub.products }, { name: onB.name, owner: onB.owner_name, products: onB.products });
  assert.equal(await waiting(b), 0);
});

/** The office's laptop registers two sites in Samarinda and two in Kutai Kartanegara; B holds both regencies. */
async function twoRegencies() {
  const { h, office, enroll } = await hubWithOffice();
  const sites: Record<string, string> = {};
  for (const [name, villageCode] of [
    ['Amplang Samarinda', VILLAGES.samarinda],
    ['Tenun Samarinda', VILLAGES.samarinda],
    ['Kerupuk Marang Kayu', VILLAGES.marangKayu],
    ['Madu Marang Kayu', VILLAGES.marangKayu],
  ] as const) {
    sites[name] = (await createSite(office.api, { name, villageCode })).id;
  }
  await sync(office);
  const kukar = [sites['Kerupuk Marang Kayu'], sites['Madu Marang Kayu']];
  return { h, office, enroll, sites, kukar };
}

const held = (l: Laptop, ids: string[]) => ids.filter((id) => siteRow(l, id) !== undefined).length;

test('cause 6: the office\'s old bundle for a laptop, loaded again, releases nothing', async () => {
  const { h, office, enroll, kukar } = await twoRegencies();
  const b = await laptop('BDI');
  const deviceB = await enroll(b, 'BDI', ['64.72', '64.02']);
  await sync(b);
  h.hub.store.setScope(deviceB, ['64.72']);
  const oldBundle = exportHubBundle(h.hub, { deviceId: deviceB });
  assert.equal((await call(b.api, 'hubSync.importBundle', { bytes: oldBundle, acceptNewDevice: false })).released, 2);
  await sync(b);
  assert.equal(held(b, kukar), 0);

  // Kutai Kartanegara comes back into B's scope, and its sites back onto B.
  h.hub.store.setScope(deviceB, ['64.72', '64.02']);
  await sync(b);
  assert.equal(held(b, kukar), 2);
  // The officer loads the old bundle again: it is not current, it releases nothing.
  assert.equal((await call(b.api, 'hubSync.importBundle', { bytes: oldBundle, acceptNewDevice: false })).released, 0);
  assert.equal(held(b, kukar), 2);
  await call(office.api, 'site.update', { id: kukar[0], site: siteInput({ name: 'Kerupuk Marang Kayu', villageCode: VILLAGES.marangKayu, ownerName: 'Joko' }) });
  await sync(office, b);
  assert.equal(siteRow(b, kukar[0])?.owner_name, 'Joko', 'B keeps receiving the site\'s changes');
});

test('cause 6: the hub learns from a release notice it did not ask for: the site is re-sent whole', async () => {
  const { h, enroll, kukar } = await twoRegencies();
  const b = await laptop('BDI');
  const deviceB = await enroll(b, 'BDI', ['64.72', '64.02']);
  await sync(b);
  // B says it released a site the hub believes it holds (an older app, a lost step): the hub
  // believes B, and since the site is in B's scope it sends its history again.
  h.hub.store.confirmReleased(deviceB, [kukar[0]]);
  assert.equal(h.hub.store.scopeStats(deviceB).resending, 1);
});

test('a laptop narrowed after enrolment but before its first sync never holds the old scope\'s sites', async () => {
  const { h, enroll, sites, kukar } = await twoRegencies();
  const b = await laptop('BDI');
  const deviceB = await enroll(b, 'BDI', ['64.72', '64.02']);
  h.hub.store.setScope(deviceB, ['64.72']);
  await sync(b, b);
  assert.equal(held(b, kukar), 0);
  assert.equal(held(b, [sites['Amplang Samarinda'], sites['Tenun Samarinda']]), 2);
  assert.deepEqual(h.hub.store.scopeStats(deviceB), { held: 2, resending: 0, releasing: 0 });
});

test('a laptop revoked and enrolled again with fewer regencies releases what is now outside', async () => {
  const { h, enroll, sites, kukar } = await twoRegencies();
  const b = await laptop('BDI');
  const first = await enroll(b, 'BDI', ['64.72', '64.02']);
  await sync(b);
  assert.equal(held(b, kukar), 2);
  h.hub.store.revoke(first, new Date());
  const second = await enroll(b, 'BDI', ['64.72']);
  await sync(b, b);
  assert.equal(held(b, kukar), 0);
  assert.equal(held(b, [sites['Amplang Samarinda'], sites['Tenun Samarinda']]), 2);
  assert.deepEqual(h.hub.store.scopeStats(second), { held: 2, resending: 0, releasing: 0 });
});

test('hub migration 0006 pins the sites a device held outside its scope and gives it whole merge groups', () => {
  const tmp = tempDir('ikm-hub-migrate-');
  try {
    const file = join(tmp.dir, 'hub.sqlite');
    const db = new Database(file);
    for (const m of HUB_MIGRATIONS.slice(0, 5)) m.up(db);
    db.pragma('user_version = 5');
    db.prepare(
      `INSERT INTO device(id, officer_code, name, replica_id, public_key, token_hash, regencies, enrolled_at, last_sync_at, releases)
       VALUES ('d1', 'BDI', 'Laptop', '00000000000000b2', 'k', x'00', '["64.72"]', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1)`,
    ).run();
    // s1 in Samarinda; s2 in Kutai Kartanegara, written by d1 (held); s3 in Balikpapan, merged into s1 and s4 (Kutai Kartanegara).
    db.prepare(
      `INSERT INTO site_regency(site_id, regency_code, hlc, scope_regency) VALUES
       ('s1', '64.72', 'a', '64.72'), ('s2', '64.02', 'b', '64.02'), ('s3', '64.71', 'c', '64.02'), ('s4', '64.02', 'd', '64.02')`,
    ).run();
    db.prepare(
      `INSERT INTO site_merge_edge(merge_id, survivor_id, loser_id, merged_at) VALUES
       ('m1', 's1', 's3', '2026-01-01T00:00:01.000Z'), ('m2', 's4', 's3', '2026-01-01T00:00:02.000Z')`,
    ).run();
    db.prepare("INSERT INTO device_site(device_id, site_id) VALUES ('d1', 's1'), ('d1', 's2')").run();
    db.close();

    const store = openHubStore(file);
    try {
      assert.equal(store.db.pragma('user_version', { simple: true }), HUB_MIGRATIONS.length);
      assert.deepEqual(store.db.prepare('SELECT device_id, site_id FROM device_pin').all(), [{ device_id: 'd1', site_id: 's2' }]);
      const held = store.db.prepare("SELECT site_id FROM device_site WHERE device_id = 'd1' ORDER BY site_id").pluck().all();
      assert.deepEqual(held, ['s1', 's2', 's3', 's4'], 's1\'s group is held whole, s2 stays pinned');
      assert.deepEqual(store.scopeStats('d1'), { held: 4, resending: 2, releasing: 0 });
      assert.equal(store.releaseVersion('d1'), 1);
    } finally {
      store.close();
    }
  } finally {
    tmp.dispose();
  }
});

test('cause 5: a laptop enrolled again receives a site it had released whole, its own old edits included', async () => {
  const { h, enroll, kukar } = await twoRegencies();
  const b = await laptop('BDI');
  const first = await enroll(b, 'BDI', ['64.72', '64.02']);
  await sync(b);
  await call(b.api, 'site.update', { id: kukar[0], site: siteInput({ name: 'Kerupuk Marang Kayu', villageCode: VILLAGES.marangKayu, products: 'Kerupuk ikan' }) });
  await sync(b);
  h.hub.store.setScope(first, ['64.72']);
  await sync(b, b);
  assert.equal(held(b, kukar), 0);

  // Revoked, and enrolled again for both regencies (or the whole province): the sites come back whole.
  h.hub.store.revoke(first, new Date());
  await enroll(b, 'BDI', ['64.72', '64.02']);
  await sync(b, b);
  assert.equal(siteRow(b, kukar[0])?.products, 'Kerupuk ikan');
  assert.equal(held(b, kukar), 2);
  // Enrolled again for Samarinda: Kutai Kartanegara leaves; then for the whole province: it comes back whole.
  await enroll(b, 'BDI', ['64.72']);
  await sync(b, b);
  assert.equal(held(b, kukar), 0);
  await enroll(b, 'BDI', []);
  await sync(b, b);
  assert.equal(siteRow(b, kukar[0])?.products, 'Kerupuk ikan', 'a whole-province enrolment too');
});
