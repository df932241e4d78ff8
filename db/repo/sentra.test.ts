import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anInventarisasi, call, createSite, openReplicas, sendAll, setUpApi, siteInput, VILLAGES } from '../test-support';
import { SiteInput } from '../model/site';
import { suggestCandidates, type ClusterPoint } from '../model/sentra-candidates';

test('a sentra: its wilayah comes from its regency; sites assigned from the register; the page totals their workforce, production and certificates', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const a = await createSite(api, { name: 'Amplang Mama Ani', workers: 3, certificates: ['PIRT'] });
    const b = await createSite(api, { name: 'Kerupuk Bu Sri', workers: 5, certificates: ['PIRT', 'HALAL'] });
    const c = await createSite(api, { name: 'Tenun Ulap Doyo', villageCode: VILLAGES.balikpapan, kbliCode: '13' });
    const sentra = await call(api, 'sentra.save', { name: 'Sentra Amplang Palaran', kind: 'sentra_ikm', regencyCode: '64.72', kbliDivision: '10', product: 'Amplang' });
    assert.equal(sentra.wilayahName, 'Wilayah II', 'Samarinda is in Wilayah II (the default grouping)');
    assert.equal(sentra.status, 'usulan');
    assert.equal(sentra.siteCount, 0);

    assert.deepEqual(await call(api, 'sentra.assign', { sentraId: sentra.id, siteIds: [a.id, b.id] }), { changed: 2 });
    assert.deepEqual(await call(api, 'sentra.assign', { sentraId: sentra.id, siteIds: [a.id] }), { changed: 0 }, 'already there: nothing written');

    // A final visit gives the workforce by sex and the production value.
    const draft = await call(api, 'visit.saveDraft', { siteId: a.id, data: anInventarisasi({ visitDate: '2026-11-20' }) });
    await call(api, 'visit.finalize', { id: draft.id });
    const detail = await call(api, 'sentra.get', { id: sentra.id });
    assert.deepEqual(detail.sites.map((s) => s.name), ['Amplang Mama Ani', 'Kerupuk Bu Sri']);
    const amplang = detail.sites[0];
    assert.equal(amplang.workersMale, 4);
    assert.equal(amplang.workersFemale, 6);
    assert.equal(amplang.productionValueRp, 240_000_000);
    assert.equal(amplang.lastVisitDate, '2026-11-20');
    assert.equal(detail.sites[1].lastVisitDate, null);
    assert.equal(detail.totals.sites, 2);
    // The visit's workforce (4 + 6) is the site's now; Bu Sri's form says 5.
    assert.equal(detail.totals.workers, 15);
    assert.equal(detail.totals.productionValueRp, 240_000_000);
    assert.equal(detail.totals.certificates.PIRT, 2);
    assert.equal(detail.totals.certificates.HALAL, 2, "the visit's certificates are the site's now, and Bu Sri's HALAL");

    const list = await call(api, 'sentra.list', {});
    assert.deepEqual(list.map((s) => [s.name, s.siteCount]), [['Sentra Amplang Palaran', 2]]);
    assert.equal((await call(api, 'sentra.list', { regencyCode: '64.71' })).length, 0);
    assert.equal((await call(api, 'sentra.list', { wilayahId: sentra.wilayahId })).length, 1);

    // Out of the sentra again; the sentra removed takes its sites out with it.
    await call(api, 'sentra.assign', { sentraId: null, siteIds: [b.id] });
    assert.equal((await call(api, 'sentra.get', { id: sentra.id })).totals.sites, 1);
    await call(api, 'sentra.assign', { sentraId: sentra.id, siteIds: [c.id] });
    await call(api, 'sentra.remove', { id: sentra.id });
    assert.equal((await call(api, 'sentra.list', {})).length, 0);
    assert.equal((await call(api, 'sentra.mapSites', {})).filter((s) => s.sentraId).length, 0);
    const gone = await api.dispatch('sentra.get', { id: sentra.id });
    assert.equal(!gone.ok && gone.error.reason, 'sentra_not_found');
  } finally {
    dispose();
  }
});

test('a sentra outside the office province, or unknown sites, are refused and change nothing', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const outside = await api.dispatch('sentra.save', { name: 'Sentra Jakarta', kind: 'sentra_ikm', regencyCode: '31.71' });
    assert.equal(!outside.ok && outside.error.reason, 'sentra_regency_unknown');
    const badKind = await api.dispatch('sentra.save', { name: 'Sentra X', kind: 'pabrik', regencyCode: '64.72' });
    assert.equal(!badKind.ok && badKind.error.code, 'VALIDATION');
    const sentra = await call(api, 'sentra.save', { name: 'Kawasan Industri Kariangau', kind: 'kawasan_industri', regencyCode: '64.71', status: 'ditetapkan' });
    const site = await createSite(api);
    const unknown = await api.dispatch('sentra.assign', { sentraId: sentra.id, siteIds: [site.id, '0190f4a2-0000-7000-8000-000000000000'] });
    assert.equal(!unknown.ok && unknown.error.reason, 'site_not_found');
    assert.equal((await call(api, 'sentra.get', { id: sentra.id })).totals.sites, 0, 'one action: the known site was not assigned either');
  } finally {
    dispose();
  }
});

test('two laptops assign one site to two sentra: the per-cell rule picks one everywhere and the other shows as a conflict', async () => {
  const { replicas, dispose } = await openReplicas(2);
  try {
    const [x, y] = replicas;
    const site = x.core.sites.create(SiteInput.parse(siteInput()), { duplicate: false, outsideProvince: false });
    assert.ok(site.saved);
    const siteId = site.saved ? site.site.id : '';
    const one = x.core.sentra.save({ name: 'Sentra Amplang', kind: 'sentra_ikm', regencyCode: '64.72', kbliDivision: '10', product: null, notes: null, status: 'usulan' });
    sendAll(x, y);
    const two = y.core.sentra.save({ name: 'Sentra Kerupuk', kind: 'kandidat', regencyCode: '64.72', kbliDivision: '10', product: null, notes: null, status: 'usulan' });
    x.core.sentra.assign(one.id, [siteId]);
    y.clock.offsetMs = 5000; // y assigns later: its value wins
    y.core.sentra.assign(two.id, [siteId]);
    sendAll(x, y);
    sendAll(y, x);
    for (const r of [x, y]) {
      assert.equal(r.core.db.prepare('SELECT sentra_id FROM site WHERE id = ?').pluck().get(siteId), two.id);
      const conflicts = r.core.sync.conflicts().filter((c) => c.column === 'sentra_id');
      assert.equal(conflicts.length, 1, 'one open conflict on the site');
      assert.equal(conflicts[0].field.id, 'Sentra/kawasan');
      assert.equal(conflicts[0].winner.text?.id, 'Sentra "Sentra Kerupuk"');
      assert.equal(conflicts[0].loser.text?.id, 'Sentra "Sentra Amplang"');
    }
    assert.equal(x.core.sync.verify({ examples: 3 }).clean, true);
  } finally {
    dispose();
  }
});

test('candidates: sites of one KBLI division within the distance and at least the minimum count, per division, placed in their main regency', () => {
  const at = (id: string, lat: number, lon: number, kbliDivision = '10', regencyCode = '64.72', sentraId: string | null = null): ClusterPoint => ({ id, latitude: lat, longitude: lon, kbliDivision, regencyCode, sentraId });
  const points = [
    // Five amplang makers about 300 m apart along one road (0.0027° ≈ 300 m)...
    ...[0, 1, 2, 3, 4].map((i) => at(`a${i}`, -0.5 + i * 0.0027, 117.15, '10', i === 4 ? '64.02' : '64.72', i === 0 ? 'k1' : null)),
    // ...three weavers among them (another division: not in the amplang cluster, too few for their own)...
    ...[0, 1, 2].map((i) => at(`t${i}`, -0.5 + i * 0.0027, 117.1501, '13')),
    // ...and one amplang maker 20 km away.
    at('far', -0.68, 117.15),
  ];
  const places = { regencyName: (c: string) => (c === '64.72' ? 'Kota Samarinda' : c), wilayahOf: () => ({ id: 'w2', name: 'Wilayah II' }) };
  const found = suggestCandidates(points, 0.5, 5, places);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].siteIds, ['a0', 'a1', 'a2', 'a3', 'a4']);
  assert.equal(found[0].kbliDivision, '10');
  assert.equal(found[0].regencyCode, '64.72', 'four of five in Samarinda');
  assert.equal(found[0].assigned, 1);
  assert.equal(found[0].wilayahName, 'Wilayah II');
  assert.equal(suggestCandidates(points, 0.2, 5, places).length, 0, '300 m apart is beyond 200 m');
  assert.equal(suggestCandidates(points, 0.5, 6, places).length, 0, 'six are asked for, five are there');
  assert.equal(suggestCandidates(points, 0.5, 3, places).length, 2, 'with three the weavers are a candidate too');
});

test('a suggested cluster becomes a candidate sentra with its sites assigned, in one action', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const names = ['Amplang Hj. Siti', 'Kerupuk Pak Udin', 'Amsplang Rizki', 'Keripik Bu Nur'];
    const ids: string[] = [];
    for (const [i, name] of names.entries()) {
      const created = await call(api, 'site.create', { site: siteInput({ name, ownerName: `Pemilik ${i}`, latitude: String(-0.55 - i * 0.004), longitude: '117.17' }), confirm: { duplicate: true } });
      assert.ok(created.saved, `${name}: ${JSON.stringify(created)}`);
      if (created.saved) ids.push(created.site.id);
    }
    const { candidates, sitesConsidered } = await call(api, 'sentra.candidates', { distanceKm: 1, minSites: 4 });
    assert.equal(sitesConsidered, 4);
    assert.equal(candidates.length, 1);
    assert.deepEqual([...candidates[0].siteIds].sort(), [...ids].sort());
    assert.equal(candidates[0].wilayahName, 'Wilayah II');
    const made = await call(api, 'sentra.fromCluster', { name: 'Kandidat sentra makanan Palaran', regencyCode: candidates[0].regencyCode, kbliDivision: '10', siteIds: candidates[0].siteIds });
    assert.equal(made.kind, 'kandidat');
    assert.equal(made.siteCount, 4);
    const again = await call(api, 'sentra.candidates', { distanceKm: 1, minSites: 4 });
    assert.equal(again.candidates[0].assigned, 4, 'the cluster shows its sites are assigned now');
  } finally {
    dispose();
  }
});
