import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anInventarisasi, call, createSite, setUpApi, siteInput, VILLAGES } from '../test-support';

// The site sits at -0,5921; 117,1836 (Palaran, Samarinda); the photo's point is about 10,5 km away.
const SITE = { latitude: -0.5921, longitude: 117.1836 };
const FAR = { latitude: -0.5021, longitude: 117.1536 };

test("a draft's coordinates leave the site as it is, discarding it too; finalizing moves the site, after the checklist warned it is far", async () => {
  const { api, dispose } = await setUpApi();
  try {
    const site = await createSite(api, SITE);
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi(FAR) as never });
    assert.deepEqual(await coordinates(), SITE, 'a draft never moves its site');
    const far = (await call(api, 'visit.checklist', { id: draft.id })).find((i) => i.code === 'SITE_COORDS_FAR');
    assert.ok(far, 'the checklist warns before finalizing');
    assert.ok(far.params && Number(far.params.distanceM) > 10_000 && Number(far.params.distanceM) < 11_000, `about 10,5 km: ${far.params?.distanceM}`);
    assert.match(far.message, /berjarak 10,\d km dari koordinat usaha/);

    await call(api, 'visit.discardDraft', { id: draft.id });
    assert.deepEqual(await coordinates(), SITE, 'a discarded draft leaves the site untouched');

    const kept = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi(FAR) as never });
    await call(api, 'visit.finalize', { id: kept.id });
    assert.deepEqual(await coordinates(), FAR, "the final visit's point is the site's now");
    // Nothing more to move: a second look at the same point says nothing.
    const again = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi(FAR) as never });
    assert.deepEqual((await call(api, 'visit.checklist', { id: again.id })).filter((i) => i.code.startsWith('SITE_COORDS')), []);

    async function coordinates() {
      const s = await call(api, 'site.get', { id: site.id });
      return { latitude: s.latitude, longitude: s.longitude };
    }
  } finally {
    dispose();
  }
});

test('a site without coordinates is told it takes the visit\'s; a point among another kecamatan\'s sites is named', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const unplaced = await createSite(api, { name: 'Keripik Pisang Bu Sri' });
    const neighbour = await createSite(api, { name: 'Roti Balikpapan Jaya', villageCode: VILLAGES.balikpapan, latitude: -1.265, longitude: 116.83 });
    const draft = await call(api, 'visit.saveDraft', { siteId: unplaced.id, data: anInventarisasi({ latitude: -1.266, longitude: 116.831 }) as never });
    const items = (await call(api, 'visit.checklist', { id: draft.id })).filter((i) => i.code.startsWith('SITE_COORDS'));
    assert.deepEqual(items.map((i) => i.code), ['SITE_COORDS_SET', 'SITE_COORDS_OTHER_DISTRICT']);
    assert.equal(items[1].params?.found, neighbour.districtName);
    assert.equal(items[1].params?.district, unplaced.districtName);
    assert.equal((await call(api, 'site.get', { id: unplaced.id })).latitude, null);
  } finally {
    dispose();
  }
});

test("amending a final visit's point moves the site as finalizing did, after the same warning; a site moved since keeps its own", async () => {
  const { api, dispose } = await setUpApi();
  try {
    const site = await createSite(api, SITE);
    const NEAR = { latitude: -0.5925, longitude: 117.184 };
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi(NEAR) as never });
    const final = await call(api, 'visit.finalize', { id: draft.id });
    assert.deepEqual(await coordinates(), NEAR);

    // The point corrected to one 10 km away: the dialog is told first, then the site follows.
    const corrected = { ...final.data, ...FAR };
    const items = await call(api, 'visit.amendSiteCoords', { id: final.id, data: corrected });
    assert.deepEqual(items.map((i) => i.code), ['SITE_COORDS_FAR']);
    assert.deepEqual(await coordinates(), NEAR, 'asking moves nothing');
    await call(api, 'visit.amend', { id: final.id, data: corrected, reason: 'Titik salah ketik' });
    assert.deepEqual(await coordinates(), FAR);

    // An amendment that leaves the point alone says nothing of it and moves nothing.
    const notes = { ...corrected, findings: 'Produksi naik' };
    assert.deepEqual(await call(api, 'visit.amendSiteCoords', { id: final.id, data: notes }), []);

    // The site's form moved it since: amending the visit's point again leaves the site's own.
    await call(api, 'site.update', { id: site.id, site: siteInput(SITE), confirm: { duplicate: true } });
    assert.deepEqual(await coordinates(), SITE);
    const back = { ...notes, ...NEAR };
    assert.deepEqual(await call(api, 'visit.amendSiteCoords', { id: final.id, data: back }), []);
    await call(api, 'visit.amend', { id: final.id, data: back, reason: 'Titik dikembalikan' });
    assert.deepEqual(await coordinates(), SITE);

    async function coordinates() {
      const s = await call(api, 'site.get', { id: site.id });
      return { latitude: s.latitude, longitude: s.longitude };
    }
  } finally {
    dispose();
  }
});
