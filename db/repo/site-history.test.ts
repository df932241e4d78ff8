import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openApi, type Api } from '../api';
import { anInventarisasi, call, createSite, setUpApi, siteInput, tempDir } from '../test-support';

/** A colleague's laptop: another officer, its own database. */
async function colleagueApi(): Promise<{ api: Api; dispose(): void }> {
  const tmp = tempDir();
  const api = openApi({ dbFile: join(tmp.dir, 'ikm.sqlite') });
  await call(api, 'setup.save', { officerName: 'Budi Santoso', nip: '198905152012011004', officerCode: 'BDS', provinceCode: '64' });
  return { api, dispose: () => (api.close(), tmp.dispose()) };
}

/** Everything `from` holds, taken in by `to` (what a sync through the hub carries). */
async function send(from: Api, to: Api): Promise<void> {
  for (let after = 0; ; ) {
    const page = await call(from, 'sync.pending', { after, limit: 5000, ownOnly: false });
    if (page.messages.length === 0) return;
    await call(to, 'sync.apply', { messages: page.messages });
    after = page.cursor;
  }
}

test("a colleague's edit of the site form arrives by sync and shows on the timeline: who, when, old → new", async () => {
  const ani = await setUpApi();
  const budi = await colleagueApi();
  try {
    const site = await createSite(ani.api, { operatingStatus: 'aktif' });
    await send(ani.api, budi.api);
    const saved = await call(budi.api, 'site.update', {
      id: site.id,
      site: siteInput({ operatingStatus: 'berhenti_sementara' }),
      confirm: { duplicate: false, outsideProvince: false },
    });
    assert.ok(saved.saved);
    await send(budi.api, ani.api);

    assert.equal((await call(ani.api, 'site.get', { id: site.id })).operatingStatus, 'berhenti_sementara');
    const history = (await call(ani.api, 'site.timeline', { id: site.id })).changes;
    assert.deepEqual(history.map((e) => [e.source, e.by]), [['registered', 'Ani Suryani'], ['form', 'Budi Santoso']]);
    const edit = history[1];
    assert.deepEqual(edit.changes.map((c) => [c.fact, c.from, c.to]), [['operatingStatus', 'aktif', 'berhenti_sementara']]);
    assert.match(edit.at ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  } finally {
    budi.dispose();
    ani.dispose();
  }
});

test('a visit restating what the site shows lists no change; a visit that changes the workforce lists only that; "Terakhir diubah" follows visits', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const site = await createSite(api, { workers: 10, certificates: ['PIRT', 'HALAL'], operatingStatus: 'aktif' });
    const same = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi() as never });
    const sameFinal = await call(api, 'visit.finalize', { id: same.id });

    let history = (await call(api, 'site.timeline', { id: site.id })).changes;
    // 4 + 6 workers, PIRT and HALAL, aktif: what the site already said.
    assert.deepEqual(history.map((e) => e.source), ['registered']);
    assert.equal((await call(api, 'site.get', { id: site.id })).updatedAt, sameFinal.updatedAt, 'the visit is the latest change');

    const grown = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi({ visitDate: '2026-11-25', workforce: { male: 8, female: 6 } }) as never });
    await call(api, 'visit.finalize', { id: grown.id });
    history = (await call(api, 'site.timeline', { id: site.id })).changes;
    assert.deepEqual(history.map((e) => [e.source, e.visitId]), [['registered', null], ['visit', grown.id]]);
    assert.deepEqual(history[1].changes.map((c) => [c.fact, c.from, c.to]), [['workers', 10, 14]]);
    assert.equal(history[1].by, 'Ani Suryani');
  } finally {
    dispose();
  }
});
