import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { unzipSync, zipSync } from 'fflate';
import { openApi, type Api } from '../db/api';
import type { Clock } from '../db/clock';
import type { ApiError } from '../db/model/result';
import { systemClock } from '../db/clock';
import { call, createSite, KALTIM_SETUP, siteInput, tempDir } from '../db/test-support';
import { formatEnrollmentCode } from './store';
import { createHub, type Hub } from './server';
import { exportHubBundle, importHubBundle } from './bundle-command';

/**
 * The whole path on real parts: laptops are real cores on SQLite files in temp folders, the hub
 * is the real Fastify server on loopback over its own data folder. Faults are injected into the
 * connection (a reply lost after the hub stored a batch) and by closing and reopening an app.
 */

const photo = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'db', 'test-fixtures', 'photo-gps.jpg')));
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface RunningHub {
  hub: Hub;
  url: string;
  port: number;
  dataDir: string;
  restart(): Promise<void>;
}

async function runHub(clock: Clock = systemClock): Promise<RunningHub> {
  const tmp = tempDir('ikm-hub-');
  const running = { dataDir: tmp.dir } as RunningHub;
  const listen = async (port: number) => {
    running.hub = createHub({ dataDir: tmp.dir, clock });
    await running.hub.app.listen({ port, host: '127.0.0.1' });
    running.port = (running.hub.app.server.address() as AddressInfo).port;
    running.url = `http://127.0.0.1:${running.port}`;
  };
  await listen(0);
  running.restart = async () => {
    await running.hub.close();
    await listen(running.port);
  };
  cleanups.push(async () => {
    await running.hub.close();
    tmp.dispose();
  });
  return running;
}

/** Cuts the connection on chosen sync requests after the hub has answered (the reply is lost). */
function flakyFetch() {
  let syncRequests = 0;
  const control = { cutAfter: new Set<number>() };
  const fetchFn: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (String(input).endsWith('/v1/sync') && control.cutAfter.has(++syncRequests)) {
      await response.arrayBuffer();
      throw new TypeError('fetch failed: connection reset');
    }
    return response;
  };
  return { fetchFn, control };
}

interface Laptop {
  api: Api;
  dbFile: string;
  reopen(fetchFn?: typeof fetch): void;
}

async function laptop(officerCode: string, officerName: string, options: { fetchFn?: typeof fetch; clock?: Clock } = {}): Promise<Laptop> {
  const tmp = tempDir('ikm-laptop-');
  const dbFile = join(tmp.dir, 'ikm-lapangan.sqlite');
  const open = (fetchFn?: typeof fetch) => openApi({ dbFile, clock: options.clock, hubClient: { autoTimers: false, fetch: fetchFn ?? fetch } });
  const l: Laptop = {
    api: open(options.fetchFn),
    dbFile,
    reopen(fetchFn) {
      l.api.close();
      l.api = open(fetchFn);
    },
  };
  await call(l.api, 'setup.save', { ...KALTIM_SETUP, officerCode, officerName });
  cleanups.push(() => {
    l.api.close();
    tmp.dispose();
  });
  return l;
}

/** A laptop whose clock runs two days ahead, enrolled on a fresh hub: what it sends is refused. */
async function laptopDayAhead(): Promise<{ h2: RunningHub; future: Laptop }> {
  const h2 = await runHub();
  const ahead: Clock = { now: () => new Date(Date.now() + 2 * 86_400_000), newId: systemClock.newId };
  const future = await laptop('CDE', 'Citra Dewi', { clock: ahead });
  await enroll(future, h2, 'CDE');
  return { h2, future };
}

async function enroll(l: Laptop, h: RunningHub, officerCode: string, regencies: string[] = []) {
  const code = formatEnrollmentCode(h.hub.store.createEnrollment({ officerCode, regencies }, new Date()));
  return call(l.api, 'hubSync.enroll', { url: h.url, code });
}

async function failure(api: Api, channel: string, input?: unknown): Promise<ApiError> {
  const result = await api.dispatch(channel, input);
  assert.equal(result.ok, false, 'expected the call to fail');
  return (result as { ok: false; error: ApiError }).error;
}

describe('sync through the hub', () => {
  test('two laptops and the hub converge, photos included; a second sync has nothing to do', async () => {
    const h = await runHub();
    const a = await laptop('ANS', 'Ani Suryani');
    const b = await laptop('BDI', 'Budi Santoso');
    const enrolledA = await enroll(a, h, 'ANS');
    assert.equal(enrolledA.enrolled, true);
    await enroll(b, h, 'BDI');

    const site = await createSite(a.api);
    const visit = await call(a.api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'identifikasi' } });
    const added = await call(a.api, 'attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'IMG_0001.jpg', bytes: photo });
    assert.ok((await call(a.api, 'hubSync.status')).pending > 0);

    const sentA = await call(a.api, 'hubSync.now');
    assert.ok(sentA.sent > 0);
    assert.equal(sentA.filesSent, 1);
    assert.equal((await call(a.api, 'hubSync.status')).pending, 0);

    const gotB = await call(b.api, 'hubSync.now');
    assert.ok(gotB.received > 0);
    // The round ends with the pulled sites in B's search index, before anyone searches.
    const bFile = new Database(b.dbFile, { readonly: true });
    assert.equal(bFile.prepare('SELECT count(*) FROM site_fts').pluck().get(), 1);
    assert.equal(bFile.prepare('SELECT count(*) FROM site WHERE rowid > (SELECT indexed_upto FROM site_search_mark)').pluck().get(), 0);
    bFile.close();
    assert.equal(gotB.filesReceived, 1);
    assert.equal((await call(b.api, 'site.get', { id: site.id })).name, site.name);
    const onB = await call(b.api, 'attachment.list', { visitId: visit.id });
    assert.deepEqual(onB.map((x) => x.id), [added.attachment.id]);
    assert.deepEqual(await call(b.api, 'attachment.read', { id: added.attachment.id }), photo);

    // B edits, both sync: A sees it, and so does the office's copy.
    await call(b.api, 'site.update', { id: site.id, site: siteInput({ name: 'Amplang Mama Ani Jaya' }) });
    await call(b.api, 'hubSync.now');
    await call(a.api, 'hubSync.now');
    assert.equal((await call(a.api, 'site.get', { id: site.id })).name, 'Amplang Mama Ani Jaya');
    h.hub.settle();
    assert.equal(h.hub.core.sites.get(site.id).name, 'Amplang Mama Ani Jaya');
    assert.ok(h.hub.core.blobs.has(added.attachment.sha256));

    // Nothing new on either side: nothing moves.
    const noop = await call(a.api, 'hubSync.now');
    assert.deepEqual({ sent: noop.sent, received: noop.received }, { sent: 0, received: 0 });
    const hubCount = h.hub.store.messageCount();
    await call(b.api, 'hubSync.now');
    assert.equal(h.hub.store.messageCount(), hubCount, 'messages a laptop received are not sent back as new');
    const devices = h.hub.store.devices();
    assert.ok(devices.every((d) => d.lastSyncAt));
  });

  test('edits of one field on two laptops make a conflict, and both laptops end on the same value', async () => {
    const h = await runHub();
    const a = await laptop('ANS', 'Ani Suryani');
    const b = await laptop('BDI', 'Budi Santoso');
    await enroll(a, h, 'ANS');
    await enroll(b, h, 'BDI');
    const site = await createSite(a.api);
    await call(a.api, 'hubSync.now');
    await call(b.api, 'hubSync.now');

    const edit = (api: Api, ownerName: string) =>
      call(api, 'site.update', { id: site.id, site: siteInput({ ownerName }) });
    await edit(a.api, 'Ani W. (dari A)');
    await edit(b.api, 'Ani Wulandari (dari B)');
    await call(a.api, 'hubSync.now');
    const onB = await call(b.api, 'hubSync.now');
    await call(a.api, 'hubSync.now');
    const ownerA = (await call(a.api, 'site.get', { id: site.id })).ownerName;
    const ownerB = (await call(b.api, 'site.get', { id: site.id })).ownerName;
    assert.equal(ownerA, ownerB);
    assert.ok(onB.conflicts >= 1, 'the laptop that received the concurrent edit reports a conflict');
    const conflicts = [...(await call(a.api, 'sync.conflicts')), ...(await call(b.api, 'sync.conflicts'))];
    assert.ok(conflicts.some((c) => c.rowId === site.id && c.column === 'owner_name'));
  });

  test('a reply lost after the hub stored a batch, a killed app, and a restarted hub lose and duplicate nothing', async () => {
    const h = await runHub();
    const flaky = flakyFetch();
    const a = await laptop('ANS', 'Ani Suryani', { fetchFn: flaky.fetchFn });
    const b = await laptop('BDI', 'Budi Santoso');
    await enroll(a, h, 'ANS');
    await enroll(b, h, 'BDI');
    const names: string[] = [];
    // Numbered names are "very similar" to each other: each save is confirmed, as an officer would.
    for (let i = 0; i < 260; i++) {
      const created = await call(a.api, 'site.create', { site: siteInput({ name: `Usaha Kerupuk ${i}`, ownerName: `Pemilik ${i}` }), confirm: { duplicate: true } });
      assert.ok(created.saved);
      names.push(created.site.name);
    }
    const ownMessages = (await call(a.api, 'sync.info')).lastSeq;
    assert.ok(ownMessages > 5000, `enough messages for several batches (${ownMessages})`);

    // The second batch reaches the hub but its reply never arrives (nor the reply to the retry).
    flaky.control.cutAfter.add(2);
    flaky.control.cutAfter.add(3);
    const cut = await failure(a.api, 'hubSync.now');
    assert.equal(cut.code, 'HUB_UNREACHABLE');
    assert.match((await call(a.api, 'hubSync.status')).lastError!.message, /tidak dapat dihubungi/);
    const storedBefore = h.hub.store.messageCount();
    assert.ok(storedBefore > 0 && storedBefore < ownMessages + 100);

    // The app is killed and started again; the hub restarts too.
    a.reopen();
    await h.restart();
    const resumed = await call(a.api, 'hubSync.now');
    assert.ok(resumed.sent < ownMessages, 'what the hub already had is not counted twice');
    assert.equal((await call(a.api, 'hubSync.status')).lastError, null);

    await call(b.api, 'hubSync.now');
    const listed = await call(b.api, 'site.list', {});
    assert.equal(listed.total, 260);
    const identities = h.hub.store.db.prepare('SELECT count(*) AS n, count(DISTINCT hlc) AS d FROM message').get() as { n: number; d: number };
    assert.equal(identities.n, identities.d, 'every message once');
  });

  test('the clock check warns beyond five minutes; a laptop a day ahead is told why and keeps working', async () => {
    const slowHub: Clock = { now: () => new Date(Date.now() - 10 * 60_000), newId: systemClock.newId };
    const h = await runHub(slowHub);
    const a = await laptop('ANS', 'Ani Suryani');
    await enroll(a, h, 'ANS');
    await call(a.api, 'hubSync.now');
    const status = await call(a.api, 'hubSync.status');
    assert.match(status.clockWarning?.message ?? '', /lebih cepat 10 menit/);
    assert.deepEqual({ ahead: status.clockWarning?.ahead, amount: status.clockWarning?.amount }, { ahead: true, amount: { value: 10, unit: 'minute' } });

    const { h2, future } = await laptopDayAhead();
    const refused = await failure(future.api, 'hubSync.now');
    assert.equal(refused.code, 'HUB_REFUSED');
    assert.match(refused.message, /lebih dari sehari di depan jam hub/);
    assert.equal(h2.hub.store.messageCount(), 0);
    await createSite(future.api, { name: 'Tetap bisa dicatat' });
  });

  test('a revoked laptop is told plainly and its changes stay on it', async () => {
    const h = await runHub();
    const a = await laptop('ANS', 'Ani Suryani');
    const status = await enroll(a, h, 'ANS');
    h.hub.store.revoke(status.deviceId!, new Date());
    await createSite(a.api);
    const refused = await failure(a.api, 'hubSync.now');
    assert.match(refused.message, /dicabut/);
    assert.ok((await call(a.api, 'hubSync.status')).pending > 0);
  });
});

describe('sync bundles between laptops and the office', () => {
  test('a bundle carries records and photos; twice changes nothing; tampered or unknown bundles change nothing', async () => {
    const h = await runHub();
    const a = await laptop('ANS', 'Ani Suryani');
    const b = await laptop('BDI', 'Budi Santoso');
    const enrolled = await enroll(a, h, 'ANS');
    const site = await createSite(a.api);
    const visit = await call(a.api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'identifikasi' } });
    const added = await call(a.api, 'attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'IMG_0001.jpg', bytes: photo });
    const bundle = await call(a.api, 'hubSync.exportBundle', { all: false });
    assert.match(bundle.fileName, /\.ikmsync$/);
    assert.equal(bundle.blobs, 1);

    // A tampered copy: refused whole, nothing applied.
    const entries = unzipSync(bundle.bytes);
    const messages = JSON.parse(new TextDecoder().decode(entries['messages.json']));
    messages[0].value = JSON.stringify('diubah');
    entries['messages.json'] = new TextEncoder().encode(JSON.stringify(messages));
    const tampered = await b.api.dispatch('hubSync.importBundle', { bytes: zipSync(entries), acceptNewDevice: true });
    assert.equal(tampered.ok, false);
    assert.equal((await call(b.api, 'site.list', {})).total, 0);

    // B does not know A yet: refused until accepted once.
    const unknown = await b.api.dispatch('hubSync.importBundle', { bytes: bundle.bytes });
    assert.equal(unknown.ok || unknown.error.code, 'BUNDLE_UNTRUSTED');
    const first = await call(b.api, 'hubSync.importBundle', { bytes: bundle.bytes, acceptNewDevice: true });
    // The default wilayah are the same seeded messages on both laptops: known already, not received again.
    assert.equal(first.received + first.duplicates, bundle.messages);
    assert.ok(first.received > 0);
    assert.equal((await call(b.api, 'site.get', { id: site.id })).name, site.name);
    assert.deepEqual(await call(b.api, 'attachment.read', { id: added.attachment.id }), photo);
    const twice = await call(b.api, 'hubSync.importBundle', { bytes: bundle.bytes });
    assert.equal(twice.received, 0);

    // The office loads the enrolled laptop's bundle on the hub.
    const onHub = importHubBundle(h.hub, bundle.bytes);
    assert.equal(onHub.stored, bundle.messages);
    assert.equal(h.hub.core.sites.get(site.id).name, site.name);
    // Until the office confirms it, the next bundle carries it all again (the first may be lost);
    // once the hub's bundle for the laptop says it arrived, the next one holds only what changed since.
    assert.equal((await call(a.api, 'hubSync.exportBundle', { all: false })).messages, bundle.messages);
    await call(a.api, 'hubSync.importBundle', { bytes: exportHubBundle(h.hub, { deviceId: enrolled.deviceId! }) });
    assert.equal((await call(a.api, 'hubSync.exportBundle', { all: false })).messages, 0);
  });

  test('a bundle the office refused or never loaded is carried again by the next one, photos included', async () => {
    const h = await runHub();
    const a = await laptop('ANS', 'Ani Suryani');
    await enroll(a, h, 'ANS');
    const first = await createSite(a.api);
    const visit = await call(a.api, 'visit.saveDraft', { siteId: first.id, data: { kind: 'identifikasi' } });
    const added = await call(a.api, 'attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'IMG_0001.jpg', bytes: photo });
    const lost = await call(a.api, 'hubSync.exportBundle', { all: false });
    assert.equal(lost.blobs, 1);
    // That stick never reached the office; the officer registers one more site and writes another.
    const second = await createSite(a.api, { name: 'Tenun Ulap Doyo Ibu Sari' });
    const next = await call(a.api, 'hubSync.exportBundle', { all: false });
    assert.ok(next.messages > lost.messages);
    assert.equal(next.blobs, 1);
    importHubBundle(h.hub, next.bytes);
    assert.equal(h.hub.core.sites.get(first.id).name, first.name);
    assert.equal(h.hub.core.sites.get(second.id).name, second.name);
    assert.ok(h.hub.core.blobs.has(added.attachment.sha256));
  });
});

/**
 * What the officer is told comes from a reason and its parameters, so the English window says it
 * too (issue 10.17): refusals of the hub, of the connection and of bundles, through the API table.
 */
describe('refusals carry their reason to the window', () => {
  test('not enrolled, a wrong code or address, an unreachable hub, a clock a day ahead, a revoked laptop', async () => {
    const h = await runHub();
    const a = await laptop('ANS', 'Ani Suryani');
    const notEnrolled = await failure(a.api, 'hubSync.now');
    assert.deepEqual([notEnrolled.code, notEnrolled.reason], ['SYNC_NOT_ENROLLED', 'hub_url_missing']);

    // The enrolment form's fields: codes for the window to say, not sentences.
    const form = await failure(a.api, 'hubSync.enroll', { url: 'hub kantor', code: 'ABC' });
    assert.deepEqual(form.issues?.map((i) => [i.path, i.code]), [['url', 'hub_url'], ['code', 'enrollment_code']]);
    const wrongCode = await failure(a.api, 'hubSync.enroll', { url: h.url, code: 'K7QD-M9XA-4TRB' });
    assert.deepEqual([wrongCode.code, wrongCode.reason], ['HUB_REFUSED', 'hub_enrollment_invalid']);
    const wrongPath = await failure(a.api, 'hubSync.enroll', { url: `${h.url}/kantor`, code: 'K7QD-M9XA-4TRB' });
    assert.deepEqual([wrongPath.code, wrongPath.reason], ['HUB_REFUSED', 'hub_not_found']);

    const status = await enroll(a, h, 'ANS');
    await createSite(a.api);
    await h.hub.app.close();
    const unreachable = await failure(a.api, 'hubSync.now');
    assert.deepEqual([unreachable.code, unreachable.reason, unreachable.params], ['HUB_UNREACHABLE', 'hub_unreachable', { url: h.url }]);
    // The status keeps the reason for the window (the sync page and the frame), with when it happened.
    const lastError = (await call(a.api, 'hubSync.status')).lastError!;
    assert.deepEqual([lastError.code, lastError.reason, lastError.params], ['HUB_UNREACHABLE', 'hub_unreachable', { url: h.url }]);
    assert.ok(Date.parse(lastError.at) > 0);

    await h.restart();
    h.hub.store.revoke(status.deviceId!, new Date());
    const revoked = await failure(a.api, 'hubSync.now');
    assert.deepEqual([revoked.code, revoked.reason], ['HUB_REFUSED', 'hub_device_revoked']);
    assert.equal((await call(a.api, 'hubSync.status')).lastError?.reason, 'hub_device_revoked');

    const { future } = await laptopDayAhead();
    const clock = await failure(future.api, 'hubSync.now');
    assert.equal(clock.reason, 'hub_clock_ahead');
    assert.deepEqual(Object.keys(clock.params ?? {}).sort(), ['hubTime', 'stamp']);
    assert.match(String(clock.params?.stamp), /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    assert.match(String(clock.params?.hubTime), /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  });

  test('a laptop the hub no longer knows (the hub set up again at the same address) is told to enroll again, in either language', async () => {
    const h = await runHub();
    const a = await laptop('ANS', 'Ani Suryani');
    await enroll(a, h, 'ANS');
    await createSite(a.api);
    await call(a.api, 'hubSync.now');
    // The office reinstalls the hub: a new data folder behind the same address, without this laptop's token.
    await h.hub.close();
    const fresh = tempDir('ikm-hub-again-');
    const again = createHub({ dataDir: fresh.dir });
    await again.app.listen({ port: h.port, host: '127.0.0.1' });
    cleanups.push(async () => {
      await again.close();
      fresh.dispose();
    });

    const unknown = await failure(a.api, 'hubSync.now');
    assert.deepEqual([unknown.code, unknown.reason, unknown.params], ['SYNC_NOT_ENROLLED', 'hub_device_unknown', undefined]);
    assert.match(unknown.message, /tidak dikenal oleh hub/);
    const lastError = (await call(a.api, 'hubSync.status')).lastError!;
    assert.deepEqual([lastError.code, lastError.reason], ['SYNC_NOT_ENROLLED', 'hub_device_unknown']);
    // The window says it from the reason, in both languages (its words, read as data).
    const words = (language: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'renderer', 'i18n', `${language}.json`), 'utf8')).error;
    assert.equal(words('id').hub_device_unknown, 'Hub tidak mengenali laptop ini: daftarkan ulang dengan kode baru dari kantor');
    assert.equal(words('en').hub_device_unknown, 'The hub does not know this laptop: enroll it again with a new code from the office');
  });

  test('a bundle from an unknown laptop, cut short, altered or unsigned', async () => {
    const a = await laptop('ANS', 'Ani Suryani');
    const b = await laptop('BDI', 'Budi Santoso');
    await createSite(a.api);
    const bundle = await call(a.api, 'hubSync.exportBundle', { all: false });
    // Accepting a new device checks everything else still.
    const load = (bytes: Uint8Array) => failure(b.api, 'hubSync.importBundle', { bytes, acceptNewDevice: true });

    const unknown = await failure(b.api, 'hubSync.importBundle', { bytes: bundle.bytes });
    assert.deepEqual([unknown.code, unknown.reason, unknown.params], ['BUNDLE_UNTRUSTED', 'bundle_untrusted', { device: 'Laptop ANS' }]);
    const cut = await load(bundle.bytes.subarray(0, bundle.bytes.byteLength - 100));
    assert.deepEqual([cut.code, cut.reason], ['BUNDLE_INVALID', 'bundle_damaged']);
    const entries = unzipSync(bundle.bytes);
    const messages = JSON.parse(new TextDecoder().decode(entries['messages.json']));
    messages[0].value = JSON.stringify('diubah');
    const altered = await load(zipSync({ ...entries, 'messages.json': new TextEncoder().encode(JSON.stringify(messages)) }));
    assert.equal(altered.reason, 'bundle_part_altered');
    const { 'manifest.sig': _signature, ...unsigned } = entries;
    assert.equal((await load(zipSync(unsigned))).reason, 'bundle_not_a_bundle');
    assert.equal((await call(b.api, 'site.list', {})).total, 0);
  });
});

describe('what waits, said in records (issue 20)', () => {
  test('before enrolment the waiting work is counted, in sites, visits and files; draft saves do not inflate it; a sync that brings a conflict leaves it open in the status', async () => {
    const h = await runHub();
    const a = await laptop('ANS', 'Ani Suryani');
    const b = await laptop('BDI', 'Budi Santoso');
    const fresh = await call(a.api, 'hubSync.status');
    const sites = [await createSite(a.api), await createSite(a.api, { name: 'Kerupuk Haruan' })];
    const visit = await call(a.api, 'visit.saveDraft', { siteId: sites[0].id, data: { kind: 'identifikasi' } });
    // Fifty autosaves of one draft are one visit.
    for (let i = 0; i < 50; i++) await call(a.api, 'visit.saveDraft', { id: visit.id, siteId: sites[0].id, data: { kind: 'identifikasi', findings: `Catatan ${i}` } });
    await call(a.api, 'attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'IMG_0001.jpg', bytes: photo });
    const before = await call(a.api, 'hubSync.status');
    assert.equal(before.enrolled, false);
    assert.ok(before.pending > 50, `the unsent messages are counted before enrolment: ${before.pending}`);
    assert.deepEqual(
      { sites: before.waiting.sites - fresh.waiting.sites, visits: before.waiting.visits - fresh.waiting.visits, files: before.waiting.files - fresh.waiting.files },
      { sites: 2, visits: 1, files: 1 },
    );
    assert.equal(before.openConflicts, 0);

    await enroll(a, h, 'ANS');
    await enroll(b, h, 'BDI');
    await call(a.api, 'hubSync.now');
    const sent = await call(a.api, 'hubSync.status');
    assert.deepEqual([sent.waiting.sites, sent.waiting.visits, sent.waiting.files], [0, 0, 0]);
    await call(b.api, 'hubSync.now');
    await call(a.api, 'site.update', { id: sites[0].id, site: siteInput({ ownerName: 'Ani W.' }) });
    await call(b.api, 'site.update', { id: sites[0].id, site: siteInput({ ownerName: 'Ani (dari B)' }) });
    assert.equal((await call(a.api, 'hubSync.status')).waiting.sites, 1);
    await call(a.api, 'hubSync.now');
    const brought = await call(b.api, 'hubSync.now');
    assert.ok(brought.conflicts >= 1);
    assert.ok((await call(b.api, 'hubSync.status')).openConflicts >= 1, 'the status the header reads says a conflict is open');
  });
});
