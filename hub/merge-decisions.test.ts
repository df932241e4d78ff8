import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type Database from 'better-sqlite3';
import type { Api } from '../db/api';
import { call, createSite, VILLAGES } from '../db/test-support';
import { formatEnrollmentCode } from './store';
import { openLaptop, peekFile, startHub } from './test-support';

/**
 * Merge decisions at the hub, on real parts (the hub on loopback, laptops as real cores): an
 * unmerged site is placed by its own regency again, and a "bukan duplikat" decision goes where
 * the sites it names go.
 */

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Laptop {
  api: Api;
  dbFile: string;
}

async function setting() {
  const h = await startHub();
  cleanups.push(() => h.stop());
  const laptop = async (officerCode: string, regencies: string[]): Promise<Laptop> => {
    const l = await openLaptop(officerCode);
    cleanups.push(l.dispose);
    await call(l.api, 'hubSync.enroll', { url: h.url, code: formatEnrollmentCode(h.hub.store.createEnrollment({ officerCode, regencies }, new Date())) });
    return l;
  };
  const sync = async (...laptops: Laptop[]) => {
    for (const l of laptops) await call(l.api, 'hubSync.now');
  };
  return { office: await laptop('ANS', []), laptop, sync };
}

const peek = <T>(l: Laptop, fn: (db: Database.Database) => T): T => peekFile(l.dbFile, fn);
const siteRow = (l: Laptop, id: string) =>
  peek(l, (db) => db.prepare('SELECT merged_into, deleted FROM site WHERE id = ?').get(id)) as { merged_into: string | null; deleted: number } | undefined;

test('a Balikpapan site merged into a Samarinda one leaves the Balikpapan laptop, and comes back to it when the office undoes the merge', async () => {
  const { office, laptop, sync } = await setting();
  const samarinda = await createSite(office.api, { name: 'Amplang Mama Ani', villageCode: VILLAGES.samarinda });
  const balikpapan = await createSite(office.api, { name: 'Amplang Mama Ani Cabang', villageCode: VILLAGES.balikpapan });
  await sync(office);
  const b = await laptop('BDI', ['64.71']);
  await sync(b);
  assert.equal(siteRow(b, balikpapan.id)?.deleted, 0);

  // Merged into the Samarinda site, it counts where its survivor is: out of the laptop's scope.
  await call(office.api, 'site.merge', { survivorId: samarinda.id, loserId: balikpapan.id });
  await sync(office, b, b);
  assert.equal(siteRow(b, balikpapan.id), undefined, 'the group left the Balikpapan laptop');

  // Undone: a Balikpapan site again, back on the laptop whole (its survivor-to-be comes with it).
  await call(office.api, 'site.unmerge', { loserId: balikpapan.id });
  await sync(office, b, b);
  assert.deepEqual(siteRow(b, balikpapan.id), { merged_into: null, deleted: 0 });
  assert.deepEqual(siteRow(b, samarinda.id), { merged_into: null, deleted: 0 });
  assert.equal((await call(b.api, 'sync.info')).waitingRows, 0);
  assert.equal((await call(b.api, 'sync.verify', {})).differences, 0);
});

test('"bukan duplikat" reaches the laptops that hold its sites, and only those', async () => {
  const { office, laptop, sync } = await setting();
  const a = await createSite(office.api, { name: 'Kerupuk Haruan', villageCode: VILLAGES.marangKayu, ownerName: 'Haruan' });
  const twin = await call(office.api, 'site.create', {
    site: { ...(await call(office.api, 'site.get', { id: a.id })), ownerName: 'Siti' },
    confirm: { duplicate: true },
  });
  assert.ok(twin.saved);
  await sync(office);
  const kukar = await laptop('BDI', ['64.02']);
  const samarinda = await laptop('CTR', ['64.72']);
  await sync(kukar, samarinda);
  assert.equal((await call(kukar.api, 'site.duplicates')).length, 1);

  await call(office.api, 'site.markDistinct', { siteA: a.id, siteB: twin.site.id });
  await sync(office, kukar, samarinda);
  assert.deepEqual(await call(kukar.api, 'site.duplicates'), []);
  const distinctRows = (l: Laptop) => peek(l, (db) => db.prepare('SELECT count(*) FROM site_distinct').pluck().get());
  const distinctMessages = (l: Laptop) =>
    peek(l, (db) => db.prepare("SELECT count(*) FROM crdt_message m JOIN crdt_row r ON r.no = m.row_no WHERE r.tbl = 'site_distinct'").pluck().get());
  assert.equal(distinctRows(kukar), 1);
  assert.equal(distinctMessages(samarinda), 0, 'a laptop that holds neither site is not sent the decision');
});
