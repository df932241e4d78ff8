import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Api } from '../db/api';
import { call, createSite, siteInput, TestClock } from '../db/test-support';
import { importHubBundle } from './bundle-command';
import { formatEnrollmentCode } from './store';
import { openLaptop, startHub } from './test-support';

/**
 * Issue 19.4: a laptop whose clock ran more than a day ahead. Real cores on SQLite files, the real
 * hub on loopback; the laptop's wall clock is a TestClock moved by hand (the hub's is the real one).
 */

const DAY = 86_400_000;
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function hubOnLoopback() {
  const h = await startHub();
  cleanups.push(() => h.stop());
  return h;
}

async function laptop(officerCode: string, clock = new TestClock()): Promise<{ api: Api; clock: TestClock }> {
  const { api, dispose } = await openLaptop(officerCode, { clock });
  cleanups.push(dispose);
  return { api, clock };
}

async function enroll(api: Api, h: Awaited<ReturnType<typeof hubOnLoopback>>, officerCode: string) {
  const code = formatEnrollmentCode(h.hub.store.createEnrollment({ officerCode, regencies: [] }, new Date()));
  return call(api, 'hubSync.enroll', { url: h.url, code });
}

describe('a laptop whose clock ran more than a day ahead', () => {
  test('its changes and all later work reach the office once the clock is right; none outranks later edits', async () => {
    const h = await hubOnLoopback();
    const field = await laptop('CDE');
    const office = await laptop('ANS');
    await enroll(field.api, h, 'CDE');
    await enroll(office.api, h, 'ANS');
    const shared = await createSite(office.api, { name: 'Kerupuk Bersama', phone: '0811000' });
    await call(office.api, 'hubSync.now');
    await call(field.api, 'hubSync.now');

    // Two days ahead: a new site and an edit of the shared one. The hub refuses them.
    field.clock.offsetMs = 2 * DAY;
    const early = await createSite(field.api, { name: 'Amplang Dua Hari' });
    await call(field.api, 'site.update', { id: shared.id, site: siteInput({ name: 'Kerupuk Bersama', phone: '0822222' }) });
    const refused = await field.api.dispatch('hubSync.now', undefined);
    assert.equal(refused.ok || refused.error.reason, 'hub_clock_ahead');

    // The clock is put right; the officer goes on working, then syncs.
    field.clock.offsetMs = 0;
    const later = await createSite(field.api, { name: 'Kerupuk Sesudahnya' });
    const round = await call(field.api, 'hubSync.now');
    assert.ok(round.sent > 0);
    assert.equal((await call(field.api, 'hubSync.status')).pending, 0);
    h.hub.settle();
    for (const site of [early, later]) assert.equal(h.hub.core.sites.get(site.id).name, site.name);
    assert.equal(h.hub.core.sites.get(shared.id).phone, '0822222');
    // Nothing the hub holds is stamped ahead of its clock.
    const newest = h.hub.store.db.prepare('SELECT max(hlc) FROM message').pluck().get() as string;
    assert.ok(Date.parse(newest.slice(0, 24)) <= Date.now() + 60_000, `newest stamp ${newest}`);

    // An edit the office makes after that wins everywhere: the far-ahead stamp outranks nothing.
    await call(office.api, 'hubSync.now');
    await call(office.api, 'site.update', { id: shared.id, site: siteInput({ name: 'Kerupuk Bersama', phone: '0833333' }) });
    await call(office.api, 'hubSync.now');
    await call(field.api, 'hubSync.now');
    assert.equal((await call(field.api, 'site.get', { id: shared.id })).phone, '0833333');
    assert.equal((await call(office.api, 'site.get', { id: shared.id })).phone, '0833333');
    assert.equal((await call(field.api, 'sync.conflicts')).length, 0);

    // Every replica's derived values agree with its cells; the two laptops and the hub hold the same.
    h.hub.settle();
    for (const api of [field.api, office.api]) assert.deepEqual((await call(api, 'sync.verify', {})).examples, []);
    assert.equal(h.hub.core.sync.verify({ examples: 5 }).clean, true);
    for (const site of [shared, early, later]) {
      const copies = [await call(field.api, 'site.get', { id: site.id }), await call(office.api, 'site.get', { id: site.id }), h.hub.core.sites.get(site.id)];
      assert.deepEqual(new Set(copies.map((c) => JSON.stringify([c.name, c.phone, c.deleted]))).size, 1, site.name);
    }

    // A bundle the laptop writes now holds nothing the hub would refuse; loaded twice, nothing more.
    const bundle = await call(field.api, 'hubSync.exportBundle', { all: true });
    const first = importHubBundle(h.hub, bundle.bytes);
    const twice = importHubBundle(h.hub, bundle.bytes);
    assert.equal(twice.stored, 0);
    assert.ok(first.stored + first.duplicates > 0);
  });

  test('an edit made after the clock is put right is kept on the laptop itself', async () => {
    const h = await hubOnLoopback();
    const field = await laptop('CDE');
    await enroll(field.api, h, 'CDE');
    const site = await createSite(field.api, { name: 'Amplang Mama Ani', phone: '0811000' });
    field.clock.offsetMs = 2 * DAY;
    await call(field.api, 'site.update', { id: site.id, site: siteInput({ phone: '0822222' }) });
    field.clock.offsetMs = 0;
    const saved = await call(field.api, 'site.update', { id: site.id, site: siteInput({ phone: '0833333' }) });
    assert.equal(saved.saved && saved.site.phone, '0833333');
    assert.equal((await call(field.api, 'site.get', { id: site.id })).phone, '0833333');
    assert.equal((await call(field.api, 'sync.conflicts')).length, 0, 'the officer is not in conflict with themself');
    await call(field.api, 'hubSync.now');
    h.hub.settle();
    assert.equal(h.hub.core.sites.get(site.id).phone, '0833333');
  });

  test('a clock set back behind the last hub contact (a flat battery) sets nothing aside: every site stays, nothing is re-stamped', async () => {
    const h = await hubOnLoopback();
    const field = await laptop('CDE');
    const office = await laptop('ANS');
    await enroll(field.api, h, 'CDE');
    await enroll(office.api, h, 'ANS');
    const theirs = await createSite(office.api, { name: 'Kerupuk Kantor' });
    await call(office.api, 'hubSync.now');
    const mine = await createSite(field.api, { name: 'Amplang Lapangan' });
    await call(field.api, 'hubSync.now');
    // Every message now stands more than a day "ahead" of the wrong clock; the hub's time says which is wrong.
    field.clock.offsetMs = -3 * DAY;
    await createSite(field.api, { name: 'Rotan Jam Mundur' });
    const { items } = await call(field.api, 'site.list', {});
    assert.deepEqual(items.map((s) => s.name).sort(), ['Amplang Lapangan', 'Kerupuk Kantor', 'Rotan Jam Mundur']);
    assert.equal((await call(field.api, 'site.get', { id: theirs.id })).name, 'Kerupuk Kantor');
    assert.equal((await call(field.api, 'site.get', { id: mine.id })).name, 'Amplang Lapangan');
    assert.equal((await call(field.api, 'sync.info')).held.future, 0);
    assert.equal((await call(field.api, 'sync.verify', {})).clean, true);
  });

  test('the officer is warned while writing, between syncs, when the clock is set a day wrong', async () => {
    const h = await hubOnLoopback();
    const field = await laptop('CDE');
    await enroll(field.api, h, 'CDE');
    await call(field.api, 'hubSync.now');
    assert.equal((await call(field.api, 'hubSync.status')).clockWarning, null);
    // No sync since: the hub's time then plus the uptime elapsed says the clock is two days ahead.
    field.clock.offsetMs = 2 * DAY;
    const ahead = (await call(field.api, 'hubSync.status')).clockWarning;
    assert.deepEqual([ahead?.ahead, ahead?.amount], [true, { value: 2, unit: 'day' }]);
    field.clock.offsetMs = -3 * 3_600_000;
    const behind = (await call(field.api, 'hubSync.status')).clockWarning;
    assert.deepEqual([behind?.ahead, behind?.amount], [false, { value: 3, unit: 'hour' }]);
    field.clock.offsetMs = 0;
    assert.equal((await call(field.api, 'hubSync.status')).clockWarning, null);
  });

  test('a laptop ahead from its first sync is warned by the refusal itself', async () => {
    const h = await hubOnLoopback();
    const field = await laptop('CDE');
    field.clock.offsetMs = 2 * DAY;
    await enroll(field.api, h, 'CDE');
    await createSite(field.api);
    const refused = await field.api.dispatch('hubSync.now', undefined);
    assert.equal(refused.ok || refused.error.reason, 'hub_clock_ahead');
    const warning = (await call(field.api, 'hubSync.status')).clockWarning;
    assert.deepEqual([warning?.ahead, warning?.amount], [true, { value: 2, unit: 'day' }]);
    // Put right, a sync alone (nothing written since) sends it.
    field.clock.offsetMs = 0;
    const round = await call(field.api, 'hubSync.now');
    assert.ok(round.sent > 0);
    assert.equal((await call(field.api, 'hubSync.status')).pending, 0);
    h.hub.settle();
    assert.equal(h.hub.core.sites.counts().total, 1);
  });
});
