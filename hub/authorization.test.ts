import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { Api } from '../db/api';
import { MAX_CELL_CHARS, MAX_PULL_BYTES } from '../db/model/hub';
import type { ChangeMessage } from '../db/model/sync';
import { generateDeviceKey } from '../db/sync/device-key';
import { call, createSite, siteInput, tempDir, VILLAGES } from '../db/test-support';
import { importHubBundle } from './bundle-command';
import type { Hub } from './server';
import { HUB_MIGRATIONS } from './migrations';
import { formatEnrollmentCode, openHubStore } from './store';
import { openLaptop, peekFile, postJson, startHub } from './test-support';

/**
 * The hub decides what a device may write and read (issue 21, item 7): each of the issue's
 * reproductions, on real parts (the hub on loopback, laptops as real cores on SQLite files). The
 * attacker is an enrolled laptop scoped to Samarinda (64.72) speaking raw HTTP with its own token;
 * the other regency is Kutai Kartanegara (64.02), standing for the Berau.
 */

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const SAMARINDA = '64.72';
const KUKAR = '64.02';

interface Laptop {
  api: Api;
  dbFile: string;
}

async function laptop(officerCode: string): Promise<Laptop> {
  const l = await openLaptop(officerCode);
  cleanups.push(l.dispose);
  return l;
}

async function hub() {
  const h = await startHub({ limits: { authFailuresPerMinute: 10_000, enrollFailuresPerMinute: 10_000 } });
  cleanups.push(() => h.stop());
  return h;
}

async function enrollLaptop(h: { url: string; hub: Hub }, l: Laptop, officerCode: string, regencies: string[]): Promise<string> {
  const code = formatEnrollmentCode(h.hub.store.createEnrollment({ officerCode, regencies }, new Date()));
  return (await call(l.api, 'hubSync.enroll', { url: h.url, code })).deviceId!;
}

/** A laptop speaking raw HTTP: its token, its replica, and a clock of its own for stamps. */
interface RawDevice {
  id: string;
  token: string;
  replicaId: string;
  publicKey: string;
  stamp(): string;
  sync(body: Record<string, unknown>): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- replies of many shapes
}

let replicaCounter = 0;
async function rawDevice(h: { url: string; hub: Hub }, officerCode: string, regencies: string[]): Promise<RawDevice> {
  const replicaId = (0xe000000000000000n + BigInt(++replicaCounter)).toString(16);
  const key = generateDeviceKey();
  const code = h.hub.store.createEnrollment({ officerCode, regencies }, new Date());
  const enrolled = await postJson(`${h.url}/v1/enroll`, { code, replicaId, deviceName: `Laptop ${officerCode}`, publicKey: key.publicKey });
  assert.equal(enrolled.status, 200);
  let counter = 0;
  const device: RawDevice = {
    id: enrolled.body.deviceId,
    token: enrolled.body.token,
    replicaId,
    publicKey: key.publicKey,
    stamp: () => `${new Date().toISOString()}-${(counter++ % 0x10000).toString(16).padStart(4, '0')}-${replicaId}`,
    sync: (body) => postJson(`${h.url}/v1/sync`, { replicaId, messages: [], cursor: 0, ...body }, device.token),
  };
  return device;
}

const cell = (hlc: string, table: string, row: string, column: string, value: unknown, prevHlc: string | null = null): ChangeMessage => ({
  hlc,
  table,
  row,
  column,
  value: JSON.stringify(value),
  prevHlc,
  schema: 5,
});

/** Everything a device pulls from the start (all pages). */
async function pullAll(d: RawDevice): Promise<ChangeMessage[]> {
  const all: ChangeMessage[] = [];
  let cursor = 0;
  let backfill: string | null = null;
  for (let i = 0; i < 100; i++) {
    const r = await d.sync({ cursor, backfill, released: [] });
    assert.equal(r.status, 200);
    all.push(...(r.body.messages as ChangeMessage[]));
    cursor = r.body.cursor;
    backfill = r.body.backfill ?? backfill;
    if (!r.body.more) return all;
  }
  throw new Error('pull did not end');
}

const hubHas = (h: { hub: Hub }, hlc: string) => h.hub.store.db.prepare('SELECT 1 FROM message WHERE hlc = ?').pluck().get(hlc) !== undefined;
const siteOn = (l: Laptop, id: string) =>
  peekFile(l.dbFile, (db) => db.prepare('SELECT owner_name, regency_code FROM site WHERE id = ?').get(id)) as
    | { owner_name: string; regency_code: string }
    | undefined;

/** The office registers a site in Kutai Kartanegara; the Kutai Kartanegara laptop and the attacker are enrolled and synced. */
async function kukarSite() {
  const h = await hub();
  const office = await laptop('ANS');
  await enrollLaptop(h, office, 'ANS', []);
  const site = await createSite(office.api, { name: 'Kerupuk Marang Kayu', villageCode: VILLAGES.marangKayu, ownerName: 'Siti', phone: '081234567890' });
  await call(office.api, 'hubSync.now');
  const kukar = await laptop('KKR');
  await enrollLaptop(h, kukar, 'KKR', [KUKAR]);
  await call(kukar.api, 'hubSync.now');
  assert.equal(siteOn(kukar, site.id)?.owner_name, 'Siti');
  const attacker = await rawDevice(h, 'SMD', [SAMARINDA]);
  return { h, office, kukar, site, attacker };
}

test('repro: a Samarinda laptop pushing a change to a Kutai Kartanegara site is refused, counted and shown; the office and that laptop keep theirs', async () => {
  const { h, office, kukar, site, attacker } = await kukarSite();
  const forged = cell(attacker.stamp(), 'site', site.id, 'owner_name', 'Penipu');
  const own = cell(attacker.stamp(), 'officer', 'smd-officer', 'name', 'Petugas SMD');
  const r = await attacker.sync({ messages: [forged, own] });
  assert.equal(r.status, 200);
  assert.deepEqual([r.body.stored, r.body.duplicates, r.body.refused], [1, 0, 1], 'refused per message; the rest of the push stored');
  assert.equal(hubHas(h, forged.hlc), false);
  assert.deepEqual(
    h.hub.store.refusals(attacker.id).map((x) => [x.reason, x.count, x.last_hlc]),
    [['scope', 1, forged.hlc]],
  );
  // The office sees it in the devices list.
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'hub/main.ts', 'devices', '--data', h.dataDir]);
  const line = stdout.split('\n').find((l) => l.startsWith(attacker.id))!;
  assert.match(line, /\t1 \(usaha di luar haknya 1; terakhir \d{4}-/);
  h.hub.settle();
  assert.equal((h.hub.core.sites.get(site.id) as { ownerName: string }).ownerName, 'Siti', "the office's copy keeps its value");
  await call(kukar.api, 'hubSync.now');
  await call(office.api, 'hubSync.now');
  assert.equal(siteOn(kukar, site.id)?.owner_name, 'Siti');
  assert.equal(siteOn(office, site.id)?.owner_name, 'Siti');
});

test('repro: a Samarinda laptop moving a Kutai Kartanegara site to Samarinda is refused: its pull brings nothing of the site and the other laptop keeps it', async () => {
  const { h, kukar, site, attacker } = await kukarSite();
  const move = cell(attacker.stamp(), 'site', site.id, 'regency_code', SAMARINDA);
  const r = await attacker.sync({ messages: [move], released: [] });
  assert.deepEqual([r.body.stored, r.body.refused], [0, 1]);
  const pulled = await pullAll(attacker);
  assert.equal(pulled.filter((m) => m.row === site.id).length, 0, 'nothing of the site, its phone least of all');
  assert.equal(h.hub.store.scopeStats(attacker.id).held, 0);
  await call(kukar.api, 'hubSync.now');
  assert.equal(siteOn(kukar, site.id)?.regency_code, KUKAR, 'the Kutai Kartanegara laptop is not told to release it');
  assert.deepEqual(h.hub.store.refusals(attacker.id).map((x) => [x.reason, x.count]), [['scope', 1]]);
});

test('repro: a Samarinda laptop merging a Kutai Kartanegara site into its own is refused: its pull brings nothing of the site', async () => {
  const { h, kukar, site, attacker } = await kukarSite();
  // Its own site in Samarinda (allowed), then a merge taking the other regency's site into it.
  const own = 'smd-own-site';
  const merge = 'smd-merge';
  const r = await attacker.sync({
    released: [],
    messages: [
      cell(attacker.stamp(), 'site', own, 'name', 'Amplang Samarinda'),
      cell(attacker.stamp(), 'site', own, 'regency_code', SAMARINDA),
      cell(attacker.stamp(), 'site_merge', merge, 'survivor_id', own),
      cell(attacker.stamp(), 'site_merge', merge, 'loser_id', site.id),
      cell(attacker.stamp(), 'site_merge', merge, 'merged_at', new Date().toISOString()),
    ],
  });
  assert.equal(r.body.refused, 1, 'the loser side of the merge');
  const pulled = await pullAll(attacker);
  assert.equal(pulled.filter((m) => m.row === site.id).length, 0);
  await call(kukar.api, 'hubSync.now');
  assert.ok(siteOn(kukar, site.id), 'the Kutai Kartanegara laptop keeps its site');
  assert.deepEqual(h.hub.store.releaseList(h.hub.store.devices().find((d) => d.officerCode === 'KKR')!.id, 10), []);
});

test('a Samarinda laptop marking a Kutai Kartanegara site "bukan duplikat" of its own is refused for that site', async () => {
  const { kukar, site, attacker } = await kukarSite();
  const own = 'smd-own-site-2';
  const r = await attacker.sync({
    released: [],
    messages: [
      cell(attacker.stamp(), 'site', own, 'name', 'Amplang Samarinda'),
      cell(attacker.stamp(), 'site', own, 'regency_code', SAMARINDA),
      cell(attacker.stamp(), 'site_distinct', `${own}+${site.id}`, 'site_a', own),
      cell(attacker.stamp(), 'site_distinct', `${own}+${site.id}`, 'site_b', site.id),
    ],
  });
  assert.equal(r.body.refused, 1, 'the side naming the other regency\'s site');
  await call(kukar.api, 'hubSync.now');
  assert.ok(siteOn(kukar, site.id), 'the Kutai Kartanegara laptop keeps its site');
});

test('a laptop that took a site from a colleague\'s bundle may still write it (the push passes the site on word for word)', async () => {
  const { h, office, site } = await kukarSite();
  const b = await laptop('BDI');
  const deviceB = await enrollLaptop(h, b, 'BDI', [SAMARINDA]);
  await call(b.api, 'hubSync.now');
  const bundle = await call(office.api, 'hubSync.exportBundle', { all: true });
  await call(b.api, 'hubSync.importBundle', { bytes: bundle.bytes, acceptNewDevice: true });
  await call(b.api, 'site.update', { id: site.id, site: siteInput({ name: 'Kerupuk Marang Kayu', villageCode: VILLAGES.marangKayu, ownerName: 'Budi' }) });
  await call(b.api, 'hubSync.now');
  assert.deepEqual(h.hub.store.refusals(deviceB), []);
  h.hub.settle();
  assert.equal((h.hub.core.sites.get(site.id) as { ownerName: string }).ownerName, 'Budi');
});

test('repro: a message stamped with another laptop\'s replica reaches that laptop; one from the future, or in the office copy\'s name, is refused', async () => {
  const { h, attacker } = await kukarSite();
  const victim = await rawDevice(h, 'BPN', []);
  const original = cell(victim.stamp(), 'officer', 'bpn', 'name', 'Petugas BPN');
  assert.equal((await victim.sync({ messages: [original] })).body.stored, 1);
  const inItsName = (time: Date, column: string, replica = victim.replicaId) =>
    cell(`${time.toISOString()}-0000-${replica}`, 'officer', 'bpn', column, 'dipalsukan');
  const forged = inItsName(new Date(Date.now() - 1000), 'phone');
  const ahead = inItsName(new Date(Date.now() + 3_600_000), 'notes');
  const altered = { ...original, value: JSON.stringify('Diubah') };
  const coreReplica = h.hub.store.db.prepare('SELECT replica_id FROM replica_owner WHERE public_key = ?').pluck().get(h.hub.store.hubKey.publicKey) as string;
  const asOffice = inItsName(new Date(Date.now() - 1000), 'email', coreReplica);
  const r = await postJson(`${h.url}/v1/sync`, { replicaId: victim.replicaId, messages: [forged, ahead, altered, asOffice, original], cursor: 0 }, attacker.token);
  assert.deepEqual([r.body.stored, r.body.duplicates, r.body.refused], [1, 1, 3]);
  assert.deepEqual(h.hub.store.refusals(attacker.id).map((x) => [x.reason, x.count]), [['replica', 3]]);
  assert.equal(
    h.hub.store.db.prepare('SELECT public_key FROM replica_owner WHERE replica_id = ?').pluck().get(victim.replicaId),
    victim.publicKey,
    'naming another laptop\'s replica in a request does not make it its own',
  );
  // The victim is sent what was stored in its name by another device, never what it sent itself.
  const pulled = (await pullAll(victim)).filter((m) => m.row === 'bpn');
  assert.deepEqual(pulled.map((m) => m.hlc), [forged.hlc]);
});

test('repro: values over the cell limit are refused per message; a push over the push limit is refused whole; pulls page by bytes', async () => {
  const h = await hub();
  const d = await rawDevice(h, 'ANS', []);
  const huge = cell(d.stamp(), 'officer', 'ans', 'notes', 'x'.repeat(300_000 - 2));
  const fine = cell(d.stamp(), 'officer', 'ans', 'name', 'y'.repeat(MAX_CELL_CHARS - 2));
  const r = await d.sync({ messages: [huge, fine] });
  assert.deepEqual([r.body.stored, r.body.refused], [1, 1]);
  assert.deepEqual(h.hub.store.refusals(d.id).map((x) => [x.reason, x.count]), [['too_large', 1]]);

  const before = h.hub.store.lastSeq();
  const many = Array.from({ length: 130 }, (_, i) => cell(d.stamp(), 'officer', `o${i}`, 'notes', 'z'.repeat(MAX_CELL_CHARS - 2)));
  const tooMuch = await d.sync({ messages: many });
  assert.equal(tooMuch.status, 413);
  assert.equal(h.hub.store.lastSeq(), before, 'nothing of it stored');

  // Values stored before these limits (the issue: 300,000 characters each) never make a pull too large.
  const old = Array.from({ length: 40 }, (_, i) => cell(`2026-01-01T00:00:00.000Z-${i.toString(16).padStart(4, '0')}-00000000000000c3`, 'officer', `old${i}`, 'notes', 'w'.repeat(299_000)));
  h.hub.store.storeMessages(old, null);
  const reader = await rawDevice(h, 'BDI', []);
  const all: ChangeMessage[] = [];
  let cursor = 0;
  for (let pages = 0; ; pages++) {
    const response = await fetch(`${h.url}/v1/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${reader.token}` },
      body: JSON.stringify({ replicaId: reader.replicaId, messages: [], cursor }),
    });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.ok(text.length <= MAX_PULL_BYTES + 300_000 + 10_000, `a reply of ${text.length} bytes`);
    const body = JSON.parse(text) as { messages: ChangeMessage[]; cursor: number; more: boolean };
    all.push(...body.messages);
    cursor = body.cursor;
    if (!body.more) {
      assert.ok(pages >= 2, 'paged');
      break;
    }
  }
  assert.equal(all.filter((m) => m.row.startsWith('old')).length, 40, 'every message arrives');
});

test('repro: a photo is served only to a device holding a site of it', async () => {
  const h = await hub();
  const office = await rawDevice(h, 'ANS', []);
  const bytes = Buffer.from('foto usaha kerupuk, rahasia');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const site = 'kukar-site';
  const r = await office.sync({
    messages: [
      cell(office.stamp(), 'site', site, 'regency_code', KUKAR),
      cell(office.stamp(), 'visit', 'kukar-visit', 'site_id', site),
      cell(office.stamp(), 'attachment', 'kukar-photo', 'visit_id', 'kukar-visit'),
      cell(office.stamp(), 'attachment', 'kukar-photo', 'sha256', sha256),
    ],
  });
  assert.equal(r.body.stored, 4);
  const put = await fetch(`${h.url}/v1/blobs/${sha256}?offset=0&total=${bytes.length}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${office.token}` },
    body: bytes,
  });
  assert.equal(put.status, 200);
  const kukar = await rawDevice(h, 'KKR', [KUKAR]);
  const attacker = await rawDevice(h, 'SMD', [SAMARINDA]);
  const get = (d: RawDevice) => fetch(`${h.url}/v1/blobs/${sha256}`, { headers: { authorization: `Bearer ${d.token}` } });
  assert.equal((await get(attacker)).status, 404, 'not its site: answered as if the hub had no such file');
  const ok = await get(kukar);
  assert.equal(ok.status, 200);
  assert.deepEqual(Buffer.from(await ok.arrayBuffer()), bytes);
  assert.equal((await get(office)).status, 200, 'a whole-province device reads every file');
});

test('repro: a revoked laptop\'s bundle is refused as revoked, --accept-new-device or not, and its key is not trusted again', async () => {
  const h = await hub();
  const a = await laptop('ANS');
  const deviceA = await enrollLaptop(h, a, 'ANS', []);
  await createSite(a.api, { name: 'Amplang Mama Ani' });
  const bundle = await call(a.api, 'hubSync.exportBundle', { all: true });
  const before = h.hub.store.lastSeq();
  h.hub.store.revoke(deviceA, new Date());
  for (const acceptNewDevice of [false, true]) {
    assert.throws(() => importHubBundle(h.hub, bundle.bytes, { acceptNewDevice }), /dicabut/);
  }
  assert.equal(h.hub.store.lastSeq(), before, 'nothing stored');
  const key = h.hub.store.device(deviceA)!.publicKey;
  assert.equal(h.hub.store.trustedKeys().includes(key), false);
  // A key the office once accepted by hand counts no more once a device with it is revoked.
  h.hub.store.trustKey(key, 'Laptop ANS', new Date());
  assert.equal(h.hub.store.trustedKeys().includes(key), false);
});

test('hub migration 0007 gives each enrolled replica its laptop\'s key (the latest enrolment) and indexes the files attachments name', () => {
  const tmp = tempDir('ikm-hub-migrate-');
  try {
    const file = join(tmp.dir, 'hub.sqlite');
    const db = new Database(file);
    for (const m of HUB_MIGRATIONS.slice(0, 6)) m.up(db);
    db.pragma('user_version = 6');
    const device = db.prepare(
      `INSERT INTO device(id, officer_code, name, replica_id, public_key, token_hash, regencies, enrolled_at)
       VALUES (?, 'ANS', 'Laptop', ?, ?, x'00', '[]', '2026-01-01T00:00:00.000Z')`,
    );
    device.run('d1', '00000000000000a1', 'old-key');
    device.run('d2', '00000000000000a1', 'new-key');
    device.run('d3', '00000000000000b2', 'other-key');
    const sha = 'ab'.repeat(32);
    const insert = db.prepare(
      `INSERT INTO message(hlc, replica, tbl, row_id, col, value, prev_hlc, schema, device_id) VALUES (?, '00000000000000a1', ?, ?, ?, ?, NULL, 5, 'd2')`,
    );
    insert.run('2026-01-01T00:00:00.000Z-0000-00000000000000a1', 'attachment', 'att-1', 'sha256', JSON.stringify(sha));
    insert.run('2026-01-01T00:00:00.000Z-0001-00000000000000a1', 'attachment', 'att-1', 'thumb_sha256', 'null');
    insert.run('2026-01-01T00:00:00.000Z-0002-00000000000000a1', 'attachment', 'att-2', 'sha256', '"not a hash"');
    db.close();

    const store = openHubStore(file);
    try {
      assert.equal(store.db.pragma('user_version', { simple: true }), HUB_MIGRATIONS.length);
      assert.deepEqual(store.db.prepare('SELECT replica_id, public_key FROM replica_owner ORDER BY 1').all(), [
        { replica_id: '00000000000000a1', public_key: 'new-key' },
        { replica_id: '00000000000000b2', public_key: 'other-key' },
      ]);
      assert.deepEqual(store.db.prepare('SELECT sha256, row_id FROM attachment_blob').all(), [{ sha256: sha, row_id: 'att-1' }]);
      assert.deepEqual(store.refusals('d1'), []);
    } finally {
      store.close();
    }
  } finally {
    tmp.dispose();
  }
});
