import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Api } from '../api';
import { SiteListQuery, type Site, type SiteSaveResult } from '../model/site';
import { call, setUpApi, siteInput, VILLAGES } from '../test-support';
import { queryPlan, type RepoStatement } from './query-plan';
import { searchTerms } from './sites';

function saved(result: SiteSaveResult): Site {
  assert.equal(result.saved, true, JSON.stringify(result));
  return (result as { site: Site }).site;
}

describe('sites: create, duplicates, coordinates, archive', () => {
  let api: Api;
  let dispose: () => void;
  before(async () => ({ api, dispose } = await setUpApi()));
  after(() => dispose());

  test('a new site gets its area, wilayah and derived fields', async () => {
    const site = saved(await call(api, 'site.create', { site: siteInput({ latitude: -0.58, longitude: 117.2 }) }));
    assert.equal(site.regencyName, 'Kota Samarinda');
    assert.equal(site.districtName, 'Palaran');
    assert.equal(site.villageName, 'Rawa Makmur');
    assert.equal(site.wilayahName, 'Wilayah II');
    assert.equal(site.sectorGroup, 'pangan');
    assert.equal(site.sizeClass, 'mikro');
    assert.equal(site.deleted, false);
    assert.deepEqual(await call(api, 'site.get', { id: site.id }), site);
  });

  test('the same normalized name in the same desa needs confirmation, and links the existing site', async () => {
    const first = saved(await call(api, 'site.create', { site: siteInput({ name: 'Kerupuk Haruan Bu Siti' }) }));
    const again = await call(api, 'site.create', { site: siteInput({ name: 'UD. KERUPUK HARUAN  bu siti' }) });
    assert.equal(again.saved, false);
    const warnings = !again.saved ? again.warnings : [];
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].code, 'DUPLICATE_NAME');
    assert.deepEqual(warnings[0].code === 'DUPLICATE_NAME' && warnings[0].existing, {
      id: first.id,
      name: 'Kerupuk Haruan Bu Siti',
      villageName: 'Rawa Makmur',
    });
    assert.equal(warnings[0].code === 'DUPLICATE_NAME' && warnings[0].reason, 'same_name_village');
    const list = await call(api, 'site.list', { text: 'haruan' });
    assert.equal(list.total, 1, 'nothing was saved before confirmation');

    saved(await call(api, 'site.create', { site: siteInput({ name: 'UD. KERUPUK HARUAN bu siti' }), confirm: { duplicate: true } }));
    assert.equal((await call(api, 'site.list', { text: 'haruan' })).total, 2);

    // Same name in another desa is no duplicate; editing a site does not flag itself.
    const other = saved(await call(api, 'site.create', { site: siteInput({ name: 'Kerupuk Haruan Bu Siti', villageCode: VILLAGES.balikpapan }) }));
    const edited = saved(
      await call(api, 'site.update', { id: other.id, site: siteInput({ name: 'Kerupuk Haruan Bu Siti', villageCode: VILLAGES.balikpapan, products: 'Kerupuk' }) }),
    );
    assert.equal(edited.products, 'Kerupuk');
    assert.equal(edited.createdAt, other.createdAt);
  });

  test('a point outside the province is a warning to confirm; an unknown desa is an error', async () => {
    const outside = await call(api, 'site.create', {
      site: siteInput({ name: 'Tenun Ulap Doyo', latitude: 0.15, longitude: -11.743 }),
    });
    assert.equal(outside.saved, false);
    assert.equal(!outside.saved && outside.warnings[0].code, 'OUTSIDE_PROVINCE');
    // Written as officers write coordinates: decimal commas, never "0.15, -11.743".
    assert.match(!outside.saved ? outside.warnings[0].message : '', /^Titik koordinat \(0,15; -11,743\) berada di luar provinsi/);
    saved(
      await call(api, 'site.create', {
        site: siteInput({ name: 'Tenun Ulap Doyo', latitude: 0.5, longitude: -117.1 }),
        confirm: { outsideProvince: true },
      }),
    );

    const unknown = await api.dispatch('site.create', { site: siteInput({ name: 'Xyz', villageCode: '31.71.01.1001' }) });
    assert.equal(unknown.ok, false);
    assert.equal(!unknown.ok && unknown.error.code, 'VALIDATION');
    assert.deepEqual(!unknown.ok && unknown.error.issues?.map((i) => i.path), ['site.villageCode']);
  });

  test('archive is a tombstone: hidden from the register, listed under archived, restorable', async () => {
    const site = saved(await call(api, 'site.create', { site: siteInput({ name: 'Pabrik Karet Marang Kayu', villageCode: VILLAGES.marangKayu, kbliCode: '22' }) }));
    const archived = await call(api, 'site.archive', { id: site.id });
    assert.equal(archived.deleted, true);
    assert.equal((await call(api, 'site.list', { text: 'karet marang' })).total, 0);
    assert.equal((await call(api, 'site.list', { text: 'karet marang', archived: true })).total, 1);
    assert.equal((await call(api, 'site.list', { text: 'KARET mara', archived: true })).total, 1, 'archived search, any case');
    assert.equal((await call(api, 'site.list', { text: 'rotan', archived: true })).total, 0);
    const edit = await api.dispatch('site.update', { id: site.id, site: siteInput({ name: 'Lain' }) });
    assert.equal(!edit.ok && edit.error.code, 'VALIDATION');
    assert.equal((await call(api, 'site.restore', { id: site.id })).deleted, false);
    assert.equal((await call(api, 'site.list', { text: 'karet marang' })).total, 1);
    const missing = await api.dispatch('site.archive', { id: '01900000-0000-7000-8000-000000000000' });
    assert.equal(!missing.ok && missing.error.code, 'NOT_FOUND');
  });
});

test('a very similar name in the same kecamatan, or within 300 m, needs confirmation too; an edit that keeps name and place does not ask again', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const duplicateOf = async (site: Parameters<typeof siteInput>[0]) => {
      const result = await call(api, 'site.create', { site: siteInput(site) });
      const warning = !result.saved ? result.warnings.find((w) => w.code === 'DUPLICATE_NAME') : undefined;
      return warning?.code === 'DUPLICATE_NAME' ? { id: warning.existing.id, reason: warning.reason, distanceM: warning.distanceM, message: warning.message } : null;
    };
    const ani = saved(await call(api, 'site.create', { site: siteInput({ name: 'Amplang Mama Ani', latitude: -0.58, longitude: 117.2 }) }));

    // Handil Bakti is another desa of Palaran: a typo of the name there is likely the same IKM.
    assert.deepEqual(await duplicateOf({ name: 'UD Amplang Mama Any', villageCode: '64.72.01.1002' }), {
      id: ani.id,
      reason: 'similar_name_district',
      distanceM: null,
      message: 'Sudah ada usaha dengan nama mirip, "Amplang Mama Ani", di kecamatan yang sama (Rawa Makmur). Simpan tetap sebagai usaha baru?',
    });
    // ~110 m away across a kecamatan border (Balikpapan's desa here): near enough.
    assert.deepEqual(await duplicateOf({ name: 'Amplang Mama Anny', villageCode: VILLAGES.balikpapan, latitude: -0.579, longitude: 117.2 }), {
      id: ani.id,
      reason: 'similar_name_nearby',
      distanceM: 111,
      message: 'Sudah ada usaha dengan nama mirip, "Amplang Mama Ani", sekitar 111 m dari titik ini. Simpan tetap sebagai usaha baru?',
    });
    // The same typo 5.5 km away in another kecamatan, or another name next door: no warning.
    assert.equal(await duplicateOf({ name: 'Amplang Mama Anny', villageCode: VILLAGES.marangKayu, latitude: -0.53, longitude: 117.2 }), null);
    assert.equal(await duplicateOf({ name: 'Kerupuk Haruan Bu Siti', villageCode: '64.72.01.1002', latitude: -0.5801, longitude: 117.2 }), null);
    assert.equal((await call(api, 'site.list', {})).total, 3, 'the warned ones were not saved');

    // Saved anyway after the warning: editing its products asks nothing; renaming it closer does.
    const any = saved(await call(api, 'site.create', { site: siteInput({ name: 'Amplang Mama Any', villageCode: '64.72.01.1002' }), confirm: { duplicate: true } }));
    saved(await call(api, 'site.update', { id: any.id, site: siteInput({ name: 'Amplang Mama Any', villageCode: '64.72.01.1002', products: 'Amplang udang' }) }));
    const renamed = await call(api, 'site.update', { id: any.id, site: siteInput({ name: 'Amplang Mama Ani', villageCode: '64.72.01.1002' }) });
    assert.equal(!renamed.saved && renamed.warnings[0].code, 'DUPLICATE_NAME');
  } finally {
    dispose();
  }
});

test('likely duplicates: a very similar name within 300 m is listed even in another desa; farther away it is not', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const confirm = { duplicate: true, outsideProvince: true };
    const here = saved(await call(api, 'site.create', { site: siteInput({ name: 'Amplang Mama Ani', latitude: -0.58, longitude: 117.2 }), confirm }));
    // ~110 m north, another desa, a typo in the name.
    const near = saved(await call(api, 'site.create', { site: siteInput({ name: 'Amplang Mama Any', villageCode: VILLAGES.balikpapan, latitude: -0.579, longitude: 117.2 }), confirm }));
    // ~5.5 km away: the same typo is another business.
    await call(api, 'site.create', { site: siteInput({ name: 'Amplang Mama Anny', villageCode: VILLAGES.marangKayu, latitude: -0.53, longitude: 117.2 }), confirm });
    const pairs = await call(api, 'site.duplicates');
    assert.deepEqual(
      pairs.map((p) => [[p.a.id, p.b.id].sort(), p.reason, p.distanceM]),
      [[[here.id, near.id].sort(), 'similar_name_nearby', 111]],
    );
  } finally {
    dispose();
  }
});

describe('sites: search, filters, sort and paging', () => {
  let api: Api;
  let dbFile: string;
  let dispose: () => void;
  before(async () => {
    ({ api, dbFile, dispose } = await setUpApi());
    const rows = [
      { name: 'Amplang Mama Ani', ownerName: 'Ani Wulandari', products: 'Amplang ikan pipih', kbliCode: '10', villageCode: VILLAGES.samarinda, workers: 3 },
      { name: 'Rotan Jaya', ownerName: 'Budi Santoso', products: 'Anyaman rotan, kursi', kbliCode: '16', villageCode: VILLAGES.balikpapan, workers: 8 },
      { name: 'Sarung Tenun Samarinda', ownerName: 'Hj. Aisyah', products: 'Sarung tenun sutra', kbliCode: '13', villageCode: VILLAGES.samarinda, workers: 25, address: 'Kampung Tenun, Jl. Pangeran Bendahara' },
      { name: 'Karet Remah Sebuntal', ownerName: 'PT Sebuntal', products: 'Karet remah (crumb rubber)', kbliCode: '22', villageCode: VILLAGES.marangKayu, workers: 40, operatingStatus: 'tidak_beroperasi' as const },
      { name: 'Dodol Rumput Laut', ownerName: 'Siti Élia', products: 'Dodol rumput laut', kbliCode: '10', villageCode: VILLAGES.balikpapan, workers: 2, operatingStatus: 'calon' as const },
    ];
    for (const row of rows) saved(await call(api, 'site.create', { site: siteInput(row) }));
  });
  after(() => dispose());

  const names = async (query: Parameters<Api['dispatch']>[1]) =>
    (await call(api, 'site.list', query as never)).items.map((i) => i.name);

  test('a part of a word finds the site, in any case, in name, owner, product, address or area', async () => {
    assert.deepEqual(await names({ text: 'mplan' }), ['Amplang Mama Ani']);
    assert.deepEqual(await names({ text: 'AMPL' }), ['Amplang Mama Ani']);
    assert.deepEqual(await names({ text: 'santoso' }), ['Rotan Jaya']);
    assert.deepEqual(await names({ text: 'crumb' }), ['Karet Remah Sebuntal']);
    assert.deepEqual(await names({ text: 'bendahara' }), ['Sarung Tenun Samarinda']);
    assert.deepEqual(await names({ text: 'marang kayu' }), ['Karet Remah Sebuntal']);
    assert.deepEqual(await names({ text: 'elia' }), ['Dodol Rumput Laut'], 'accents are ignored');
    assert.deepEqual(await names({ text: 'tenun sutra' }), ['Sarung Tenun Samarinda'], 'every word must match');
    assert.deepEqual(await names({ text: 'tenun rotan' }), []);
    assert.deepEqual(await names({ text: 'ro' }), ['Rotan Jaya'], 'one or two letters match the start of the name');
    assert.deepEqual(await names({ text: 'DO' }), ['Dodol Rumput Laut']);
    assert.deepEqual(await names({ text: 'ta' }), []);
    assert.deepEqual(await names({ text: 'rotan%ja"ya' }), ['Rotan Jaya'], 'quotes and wildcards only separate words');
    assert.deepEqual(await names({ text: 'rotan" OR "amplang' }), [], 'FTS operators are plain words, all required');
  });

  test('each filter narrows the list', async () => {
    assert.deepEqual(await names({ regencyCode: '64.71' }), ['Dodol Rumput Laut', 'Rotan Jaya']);
    assert.deepEqual(await names({ districtCode: '64.02.17' }), ['Karet Remah Sebuntal']);
    assert.deepEqual(await names({ wilayahId: '64-wp-2' }), ['Amplang Mama Ani', 'Sarung Tenun Samarinda']);
    assert.deepEqual(await names({ wilayahId: '64-wp-3' }), ['Karet Remah Sebuntal']);
    assert.deepEqual(await names({ kbliDivision: '10' }), ['Amplang Mama Ani', 'Dodol Rumput Laut']);
    assert.deepEqual(await names({ sectorGroup: 'sandang_kulit' }), ['Sarung Tenun Samarinda']);
    assert.deepEqual(await names({ operatingStatus: 'calon' }), ['Dodol Rumput Laut']);
    assert.deepEqual(await names({ sizeClass: 'kecil' }), ['Rotan Jaya']);
    assert.deepEqual(await names({ text: 'amplang', regencyCode: '64.71' }), []);
  });

  test('sort and paging', async () => {
    const all = await call(api, 'site.list', { sort: 'name' });
    assert.equal(all.total, 5);
    assert.deepEqual(
      all.items.map((i) => i.name),
      ['Amplang Mama Ani', 'Dodol Rumput Laut', 'Karet Remah Sebuntal', 'Rotan Jaya', 'Sarung Tenun Samarinda'],
    );
    const page = await call(api, 'site.list', { sort: 'name', offset: 2, limit: 2 });
    assert.equal(page.total, 5);
    assert.deepEqual(page.items.map((i) => i.name), ['Karet Remah Sebuntal', 'Rotan Jaya']);
    const byRegency = await names({ sort: 'regency' });
    assert.equal(byRegency[0], 'Karet Remah Sebuntal', '64.02 Kutai Kartanegara comes first');
    const updated = await names({ sort: 'updated' });
    assert.equal(updated[0], 'Dodol Rumput Laut', 'last saved first');
  });

  test('counts by status and regency', async () => {
    const counts = await call(api, 'site.counts');
    assert.equal(counts.total, 5);
    assert.deepEqual(counts.byStatus, { aktif: 3, tidak_beroperasi: 1, calon: 1 });
    assert.deepEqual(counts.byRegency[0], { regencyCode: '64.71', regencyName: 'Kota Balikpapan', count: 2 });
  });

  test('hot queries use their indexes: EXPLAIN QUERY PLAN of the repo\'s own statements', async () => {
    const { openCore } = await import('../core');
    const core = openCore({ dbFile });
    try {
      const { sites } = core;
      const plan = (statement: RepoStatement) => queryPlan(core.db, statement);
      const fixed = (name: keyof typeof sites.statementSql, ...params: unknown[]) => plan({ sql: sites.statementSql[name], params });
      const list = (query: SiteListQuery) => sites.listStatements(SiteListQuery.parse(query));
      assert.match(plan(list({}).rows), /USING (COVERING )?INDEX site_list_name/);
      assert.match(plan(list({ regencyCode: '64.72' }).rows), /USING (COVERING )?INDEX site_regency/);
      // A deep page skips index entries, never rows.
      assert.match(plan(list({ offset: 49_900 }).rows), /COVERING INDEX site_list_name/);
      assert.match(plan(list({ text: 'amplang' }).rows), /VIRTUAL TABLE INDEX/);
      assert.match(plan(list({ text: 'amplang' }).count), /VIRTUAL TABLE INDEX/);
      assert.doesNotMatch(plan(list({ text: 'amplang' }).rows), /SCAN s\b/);
      // The KBLI and status filters read the name index alone (0007): no row is read to test them.
      assert.match(plan(list({ kbliDivision: '10' }).rows), /USING COVERING INDEX site_list_name/);
      assert.match(plan(list({ operatingStatus: 'tutup' }).rows), /USING COVERING INDEX site_list_name/);
      assert.match(plan(list({ operatingStatus: 'tutup' }).count), /USING COVERING INDEX site_list_name/);
      assert.match(fixed('countsByStatus'), /USING COVERING INDEX site_list_name/);
      assert.match(fixed('sameNameInVillage', 'v', 'n', 'i'), /USING INDEX site_list_name \(deleted=\? AND name_norm=\?\)/);
      assert.match(fixed('candidatesInDistrict', '64.72.01', 'i'), /USING INDEX site_district \(deleted=\? AND district_code=\?\)/);
      assert.match(fixed('latestVisitFact', 'i', 'workers'), /USING INDEX site_fact_site \(site_id=\?\)/);
    } finally {
      core.close();
    }
  });
});

test('searchTerms: quotes are escaped, short words set apart', () => {
  assert.deepEqual(searchTerms('  Amplang "ikan" ab '), { match: '"amplang" "ikan"', long: ['amplang', 'ikan'], short: ['ab'] });
  assert.deepEqual(searchTerms(''), { match: null, long: [], short: [] });
});
