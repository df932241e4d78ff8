import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Api } from '../db/api';
import { call, createSite, tempDir, VILLAGES } from '../db/test-support';
import { HUB_MIGRATIONS } from './migrations';
import { formatEnrollmentCode, openHubStore } from './store';
import { openLaptop, peekFile, startHub } from './test-support';

/**
 * A sentra belongs to its regency (issue 18, item 2): on real parts (the hub on loopback, laptops as
 * real cores on SQLite files), a scoped laptop receives the sentra of its scope's regencies, and a
 * sentra that moves into its scope, or a scope that grows, brings the sentra's whole history.
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
const sentraRow = (l: Laptop, id: string) =>
  peekFile(l.dbFile, (db) => db.prepare('SELECT name, regency_code, product, status FROM sentra WHERE id = ?').get(id)) as
    | { name: string; regency_code: string; product: string | null; status: string }
    | undefined;

test('a scoped laptop receives the sentra of its regencies only; a sentra moved into its scope comes whole, with every change made before', async () => {
  const { h, office, enroll } = await hubWithOffice();
  const samarinda = await call(office.api, 'sentra.save', { name: 'Sentra Amplang Palaran', kind: 'sentra_ikm', regencyCode: '64.72', kbliDivision: '10' });
  const kukar = await call(office.api, 'sentra.save', { name: 'Sentra Karet Marang Kayu', kind: 'kandidat', regencyCode: '64.02', kbliDivision: '22' });
  await call(office.api, 'sentra.save', { id: kukar.id, name: 'Sentra Karet Marang Kayu', kind: 'kandidat', regencyCode: '64.02', kbliDivision: '22', product: 'Karet remah' });
  await sync(office);
  const b = await laptop('BDI');
  await enroll(b, 'BDI', ['64.72']);
  await sync(b);
  assert.equal(sentraRow(b, samarinda.id)?.name, 'Sentra Amplang Palaran');
  assert.equal(sentraRow(b, kukar.id), undefined, "Kutai Kartanegara's sentra is not the Samarinda laptop's");

  // The office places the Marang Kayu sentra in Samarinda: the laptop now gets it whole, its earlier edit included.
  await call(office.api, 'sentra.save', { id: kukar.id, name: 'Sentra Karet Marang Kayu', kind: 'kandidat', regencyCode: '64.72', kbliDivision: '22', product: 'Karet remah' });
  await sync(office, b, b);
  assert.deepEqual(sentraRow(b, kukar.id), { name: 'Sentra Karet Marang Kayu', regency_code: '64.72', product: 'Karet remah', status: 'usulan' });
  assert.equal((await call(b.api, 'sync.info')).waitingRows, 0, 'nothing waits for missing cells');

  // Later changes of a sentra outside the scope do not reach the laptop.
  const berau = await call(office.api, 'sentra.save', { name: 'Sentra Kakao Berau', kind: 'sentra_ikm', regencyCode: '64.03', kbliDivision: '10' });
  await sync(office, b);
  assert.equal(sentraRow(b, berau.id), undefined);
  h.hub.settle();
  assert.equal(h.hub.core.sentra.get(berau.id).name, 'Sentra Kakao Berau', 'the hub holds every sentra');
});

test("a laptop's scope that grows brings the sentra of the regencies it gains, their history whole", async () => {
  const { h, office, enroll } = await hubWithOffice();
  const berau = await call(office.api, 'sentra.save', { name: 'Sentra Kakao Berau', kind: 'sentra_ikm', regencyCode: '64.03', kbliDivision: '10', notes: 'Kampung Merasa' });
  await sync(office);
  const b = await laptop('BDI');
  const deviceB = await enroll(b, 'BDI', ['64.72']);
  await sync(b);
  assert.equal(sentraRow(b, berau.id), undefined);
  h.hub.store.setScope(deviceB, ['64.72', '64.03']);
  await sync(b, b);
  assert.equal(sentraRow(b, berau.id)?.name, 'Sentra Kakao Berau');
  // The laptop writes the sentra of its scope; the office receives it.
  await call(b.api, 'sentra.save', { id: berau.id, name: 'Sentra Kakao Berau', kind: 'sentra_ikm', regencyCode: '64.03', kbliDivision: '10', status: 'ditetapkan' });
  await sync(b, office);
  assert.equal(sentraRow(office, berau.id)?.status, 'ditetapkan');
});

test('two laptops assign one site to two sentra through the hub: one value everywhere, and the other in the conflicts list of each', async () => {
  const { office, enroll } = await hubWithOffice();
  const site = await createSite(office.api, { name: 'Amplang Hj. Siti', villageCode: VILLAGES.samarinda });
  const one = await call(office.api, 'sentra.save', { name: 'Sentra Amplang', kind: 'sentra_ikm', regencyCode: '64.72' });
  const two = await call(office.api, 'sentra.save', { name: 'Sentra Makanan Palaran', kind: 'kandidat', regencyCode: '64.72' });
  await sync(office);
  const b = await laptop('BDI');
  const c = await laptop('CTR');
  await enroll(b, 'BDI', ['64.72']);
  await enroll(c, 'CTR', ['64.72']);
  await sync(b, c);
  await call(b.api, 'sentra.assign', { sentraId: one.id, siteIds: [site.id] });
  await call(c.api, 'sentra.assign', { sentraId: two.id, siteIds: [site.id] });
  await sync(b, c, b, office);
  const values = [b, c, office].map((l) => peekFile(l.dbFile, (db) => db.prepare('SELECT sentra_id FROM site WHERE id = ?').pluck().get(site.id)));
  assert.equal(new Set(values).size, 1, `one value everywhere: ${values.join(', ')}`);
  for (const l of [b, c, office]) {
    const conflicts = (await call(l.api, 'sync.conflicts')).filter((x) => x.column === 'sentra_id');
    assert.equal(conflicts.length, 1);
    assert.deepEqual(new Set([conflicts[0].winner.text?.id, conflicts[0].loser.text?.id]), new Set(['Sentra "Sentra Amplang"', 'Sentra "Sentra Makanan Palaran"']));
  }
});

test('hub migration 0010: a hub that took sentra changes before it knew of sentra places each by its latest regency', () => {
  const tmp = tempDir('ikm-hub-migrate-');
  try {
    const file = join(tmp.dir, 'hub.sqlite');
    const at = HUB_MIGRATIONS.findIndex((m) => m.name === '0010-sentra-scope');
    assert.ok(at > 0);
    const db = new Database(file);
    for (const m of HUB_MIGRATIONS.slice(0, at)) m.up(db);
    db.pragma(`user_version = ${at}`);
    const hlc = (n: number) => `2026-01-01T00:00:0${n}.000Z-0000-00000000000000a1`;
    const insert = db.prepare("INSERT INTO message(hlc, replica, tbl, row_id, col, value, schema) VALUES (?, '00000000000000a1', ?, ?, ?, ?, 11)");
    insert.run(hlc(1), 'sentra', 'k1', 'regency_code', '"64.02"');
    insert.run(hlc(2), 'sentra', 'k1', 'regency_code', '"64.72"');
    insert.run(hlc(3), 'sentra', 'k2', 'regency_code', '"64.03"');
    insert.run(hlc(4), 'sentra', 'k2', 'name', '"Sentra Kakao"');
    db.close();
    const store = openHubStore(file);
    try {
      assert.deepEqual(store.db.prepare('SELECT sentra_id, regency_code FROM sentra_regency ORDER BY sentra_id').raw().all(), [
        ['k1', '64.72'],
        ['k2', '64.03'],
      ]);
    } finally {
      store.close();
    }
  } finally {
    tmp.dispose();
  }
});
