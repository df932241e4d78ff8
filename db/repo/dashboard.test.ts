import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openCore, type Core } from '../core';
import type { Db } from '../open-database';
import { DashboardRequest, type Dashboard } from '../model/dashboard';
import { SiteInput } from '../model/site';
import { withGuardOpen } from '../sync/write-guard';
import { anInventarisasi, call, openReplicas, sendAll, setUpApi, siteInput, VILLAGES, type TestReplica } from '../test-support';
import type { Api } from '../api';

const CONFIRM = { duplicate: true, outsideProvince: false };

/** A site saved even when its name looks like another's (the fixture's names are alike). */
async function createSite(api: Api, fields: Partial<SiteInput>) {
  const saved = await call(api, 'site.create', { site: siteInput(fields), confirm: CONFIRM });
  if (!saved.saved) throw new Error('not saved');
  return saved.site;
}

const get = (core: Core, request: DashboardRequest): Dashboard => core.dashboard.get(DashboardRequest.parse(request));

describe('the Beranda against a hand-computed fixture', () => {
  let core: Core;
  let dispose: () => void;
  const ids: Record<string, string> = {};

  before(async () => {
    const setUp = await setUpApi();
    // Four live sites and one archived (hand-computed figures in the tests below).
    ids.A = (await createSite(setUp.api, { name: 'Amplang A', kbliCode: '10', products: 'Amplang, kerupuk', workers: 10, operatingStatus: 'aktif', certificates: ['PIRT', 'HALAL'] })).id;
    ids.B = (await createSite(setUp.api, { name: 'Amplang B', kbliCode: '10', products: 'amplang ', workers: 12, operatingStatus: 'aktif', certificates: ['NIB'] })).id;
    ids.C = (await createSite(setUp.api, { name: 'Rotan C', villageCode: VILLAGES.balikpapan, kbliCode: '16', products: 'Anyaman rotan', workers: 25, operatingStatus: 'berhenti_sementara', certificates: ['NIB', 'SNI'] })).id;
    ids.D = (await createSite(setUp.api, { name: 'Karet D', villageCode: VILLAGES.marangKayu, kbliCode: '22', products: 'Karet remah', workers: null, operatingStatus: 'tidak_beroperasi', certificates: [] })).id;
    ids.E = (await createSite(setUp.api, { name: 'Amplang E', kbliCode: '10', products: 'Amplang', workers: 5, operatingStatus: 'aktif', certificates: ['NIB'] })).id;
    await call(setUp.api, 'site.archive', { id: ids.E });
    core = openCore({ dbFile: setUp.dbFile });
    dispose = () => {
      core.close();
      setUp.dispose();
    };
    // Visits as rows (past the write unit on purpose, as the visit log's tally test does): the
    // site rows keep the facts set above, so every figure below can be worked out by hand.
    const insert = core.db.prepare(`
      INSERT INTO visit(id, number, site_id, regency_code, kind, status, visit_date, officers, data, created_by, created_at, updated_at, deleted)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'o', 't', 't', ?)`);
    const visits: [string, string, string, string, string, string, string, object, number][] = [
      ['v1', 'A', '64.72', 'inventarisasi', 'final', '2026-11-20', 'Ani Suryani', { workforce: { male: 4, female: 6 }, productionValueRp: 240_000_000 }, 0],
      ['v2', 'A', '64.72', 'evaluasi', 'final', '2026-03-05', 'Ani Suryani, Budi Santoso', { workforce: { male: 1, female: 1 }, productionValueRp: 100 }, 0],
      ['v3', 'B', '64.72', 'pembinaan', 'final', '2026-11-02', 'Budi Santoso', { productionValueRp: 50_000_000 }, 0],
      ['v4', 'B', '64.72', 'evaluasi', 'final', '2026-12-01', 'Budi Santoso', { workforce: { male: 2, female: 0 } }, 0],
      ['v5', 'C', '64.71', 'identifikasi', 'draft', '2026-11-10', 'Citra Lestari', { workforce: { male: 9, female: 9 }, productionValueRp: 9 }, 0],
      ['v6', 'C', '64.71', 'inventarisasi', 'final', '2025-11-15', 'Citra Lestari', { workforce: { male: 20, female: 5 }, productionValueRp: 1_000_000_000 }, 0],
      ['v7', 'D', '64.02', 'evaluasi', 'final', '2026-11-25', 'Citra Lestari', { workforce: { male: 7, female: 7 } }, 1],
      ['v8', 'D', '64.02', 'evaluasi', 'final', '2026-01-10', 'Ani Suryani', {}, 0],
    ];
    withGuardOpen(core.db, () =>
      core.db.transaction(() => {
        for (const [id, site, regency, kind, status, date, officers, data, deleted] of visits) {
          insert.run(id, `N-${id}`, ids[site], regency, kind, status, date, officers, JSON.stringify(data), deleted);
        }
      })(),
    );
  });
  after(() => dispose());

  test('sites by status, size class, KBLI division, regency and wilayah, with workforce and production', () => {
    const { sites } = get(core, { month: '2026-11' });
    assert.deepEqual(sites.totals, { sites: 4, workers: 47, male: 26, female: 11, production: 1_290_000_000 });
    assert.deepEqual(sites.byStatus, { aktif: 2, berhenti_sementara: 1, tidak_beroperasi: 1 });
    assert.deepEqual(sites.bySize, { kecil: 2, menengah: 1, '': 1 });
    assert.deepEqual(sites.byKbli, [
      { kbliDivision: '10', sites: 2, workers: 22, production: 290_000_000 },
      { kbliDivision: '16', sites: 1, workers: 25, production: 1_000_000_000 },
      { kbliDivision: '22', sites: 1, workers: 0, production: 0 },
    ]);
    assert.deepEqual(
      sites.byRegency.map((r) => [r.regencyCode, r.sites, r.workers, r.male, r.female, r.production, r.byStatus]),
      [
        ['64.72', 2, 22, 6, 6, 290_000_000, { aktif: 2 }],
        // Equal counts: by name (Kabupaten Kutai Kartanegara, Kota Balikpapan).
        ['64.02', 1, 0, 0, 0, 0, { tidak_beroperasi: 1 }],
        ['64.71', 1, 25, 20, 5, 1_000_000_000, { berhenti_sementara: 1 }],
      ],
    );
    assert.equal(sites.byRegency[0].regencyName, 'Kota Samarinda');
    assert.deepEqual(
      sites.byWilayah.map((w) => [w.wilayahId, w.wilayahName, w.sites, w.byStatus]),
      [
        ['64-wp-1', 'Wilayah I', 1, { berhenti_sementara: 1 }],
        ['64-wp-2', 'Wilayah II', 2, { aktif: 2 }],
        ['64-wp-3', 'Wilayah III', 1, { tidak_beroperasi: 1 }],
      ],
    );
  });

  test('final visits of the month and the year, by kind, officer and month', () => {
    const { visits } = get(core, { month: '2026-11' });
    assert.equal(visits.monthTotal, 2, 'v1 and v3 (v5 is a draft, v7 deleted)');
    assert.equal(visits.yearTotal, 5, 'v1 v2 v3 v4 v8 (v6 is of 2025)');
    assert.deepEqual(visits.byKind, [
      { kind: 'evaluasi', month: 0, year: 3 },
      { kind: 'inventarisasi', month: 1, year: 1 },
      { kind: 'pembinaan', month: 1, year: 1 },
    ]);
    assert.deepEqual(visits.byOfficer, [
      { officer: 'Ani Suryani', month: 1, year: 3 },
      { officer: 'Budi Santoso', month: 1, year: 3 },
    ]);
    assert.deepEqual(
      visits.byMonth.filter((m) => m.visits > 0).map((m) => [m.month, m.visits, m.byKind]),
      [
        ['2026-01', 1, { evaluasi: 1 }],
        ['2026-03', 1, { evaluasi: 1 }],
        ['2026-11', 2, { inventarisasi: 1, pembinaan: 1 }],
        ['2026-12', 1, { evaluasi: 1 }],
      ],
    );
    assert.equal(visits.byMonth.length, 12);
    const last = get(core, { month: '2025-11' }).visits;
    assert.deepEqual([last.monthTotal, last.yearTotal, last.byOfficer], [1, 1, [{ officer: 'Citra Lestari', month: 1, year: 1 }]]);
  });

  test('certificates held and produk unggulan per regency', () => {
    const dashboard = get(core, { month: '2026-11' });
    assert.deepEqual(dashboard.certificates, [
      { certificate: 'NIB', sites: 2 },
      { certificate: 'HALAL', sites: 1 },
      { certificate: 'PIRT', sites: 1 },
      { certificate: 'SNI', sites: 1 },
    ]);
    const samarinda = dashboard.leading.find((l) => l.regencyCode === '64.72')!;
    const amplang = { key: 'amplang', sites: 2, workers: 22, production: 290_000_000 };
    assert.deepEqual(samarinda.products, { sites: [amplang], workers: [amplang], production: [amplang] });
    assert.deepEqual(samarinda.kbli.sites, [{ key: '10', sites: 2, workers: 22, production: 290_000_000 }]);
    assert.deepEqual(dashboard.leading.find((l) => l.regencyCode === '64.71')!.products.sites, [
      { key: 'anyaman rotan', sites: 1, workers: 25, production: 1_000_000_000 },
    ]);
  });

  test('a wilayah or a regency narrows every section', () => {
    const wp2 = get(core, { month: '2026-11', scope: { wilayahId: '64-wp-2' } });
    assert.deepEqual(wp2.regencyCodes, ['64.08', '64.72', '64.74']);
    assert.deepEqual(wp2.sites.totals, { sites: 2, workers: 22, male: 6, female: 6, production: 290_000_000 });
    assert.deepEqual([wp2.visits.monthTotal, wp2.visits.yearTotal], [2, 4]);
    assert.deepEqual(wp2.certificates.map((c) => [c.certificate, c.sites]), [['HALAL', 1], ['NIB', 1], ['PIRT', 1]]);
    assert.deepEqual(wp2.leading.map((l) => l.regencyCode), ['64.72']);
    const kukar = get(core, { month: '2026-11', scope: { regencyCode: '64.02', wilayahId: '64-wp-2' } });
    assert.deepEqual(kukar.regencyCodes, ['64.02'], 'a regency wins over a wilayah');
    assert.deepEqual([kukar.sites.totals.sites, kukar.visits.monthTotal, kukar.visits.yearTotal, kukar.certificates.length], [1, 0, 1, 0]);
  });

  test('the channel parses its input and answers the same', async () => {
    const setUp = await setUpApi();
    try {
      const empty = await call(setUp.api, 'dashboard.get', { month: '2026-11' });
      assert.deepEqual([empty.sites.totals.sites, empty.visits.yearTotal, empty.leading.length], [0, 0, 0]);
      const refused = await setUp.api.dispatch('dashboard.get', { month: '2026-13' } as never);
      assert.equal(refused.ok, false);
    } finally {
      setUp.dispose();
    }
  });
});

/** Each tally as stored (live rows) and as counted afresh from the site and visit rows. */
function talliesAgainstRows(db: Db): { stored: Record<string, unknown[]>; counted: Record<string, unknown[]> } {
  const figure = (path: string, has: string) =>
    `(SELECT CAST(json_extract(x.data, '${path}') AS INTEGER) FROM visit x WHERE x.site_id = s.id AND x.deleted = 0 AND x.status = 'final'
       AND json_extract(x.data, '${has}') IS NOT NULL ORDER BY x.visit_date DESC, x.id DESC LIMIT 1)`;
  const sites = `(SELECT s.*, coalesce(${figure('$.workforce.male', '$.workforce')}, 0) AS m, coalesce(${figure('$.workforce.female', '$.workforce')}, 0) AS f,
                         coalesce(${figure('$.productionValueRp', '$.productionValueRp')}, 0) AS p FROM site s WHERE s.deleted = 0)`;
  const product = "lower(trim(CASE WHEN instr(coalesce(products, ''), ',') > 0 THEN substr(products, 1, instr(products, ',') - 1) ELSE coalesce(products, '') END))";
  const all = (sql: string) => db.prepare(sql).raw().all();
  return {
    stored: {
      site: all('SELECT regency_code, operating_status, size_class, kbli_division, n, workers, male, female, production FROM site_tally WHERE n <> 0 ORDER BY 1, 2, 3, 4'),
      product: all('SELECT regency_code, product, n, workers, male, female, production FROM site_product_tally WHERE n <> 0 ORDER BY 1, 2'),
      certificate: all('SELECT regency_code, certificate, n FROM site_certificate_tally WHERE n <> 0 ORDER BY 1, 2'),
      visit: all('SELECT month, kind, status, regency_code, officers, n FROM visit_officer_tally WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5'),
    },
    counted: {
      site: all(`SELECT regency_code, operating_status, coalesce(size_class, ''), kbli_division, count(*), sum(coalesce(workers, 0)), sum(m), sum(f), sum(p)
                   FROM ${sites} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`),
      product: all(`SELECT regency_code, ${product}, count(*), sum(coalesce(workers, 0)), sum(m), sum(f), sum(p) FROM ${sites} GROUP BY 1, 2 ORDER BY 1, 2`),
      // An entry is a kind alone or {kind, status} (migration 0012); only held ones count.
      certificate: all(
        `SELECT regency_code, CASE c.type WHEN 'text' THEN c.value ELSE c.value ->> '$.kind' END, count(DISTINCT s.id) FROM site s, json_each(s.certificates) c
          WHERE s.deleted = 0 AND (c.type = 'text' OR coalesce(c.value ->> '$.status', 'dimiliki') = 'dimiliki') GROUP BY 1, 2 ORDER BY 1, 2`,
      ),
      visit: all(`SELECT substr(visit_date, 1, 7), kind, status, regency_code, officers, count(*) FROM visit
                   WHERE deleted = 0 AND visit_date IS NOT NULL GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`),
    },
  };
}

function assertTalliesMatchRows(db: Db, when: string) {
  const { stored, counted } = talliesAgainstRows(db);
  for (const table of Object.keys(stored)) assert.deepEqual(stored[table], counted[table], `${table} tally ${when}`);
}

describe('the tallies follow every write', () => {
  let replicas: TestReplica[];
  let dispose: () => void;
  before(async () => {
    ({ replicas, dispose } = await openReplicas(2));
  });
  after(() => dispose());

  test('edits, visits, amendments, archiving, merges, and changes that arrive from another laptop', () => {
    const [ani, office] = replicas;
    const { core } = ani;
    const officer = ani.officer;
    const site = (name: string, extra: object = {}) =>
      (core.sites.create(SiteInput.parse({ name, ownerName: 'Pemilik', villageCode: VILLAGES.samarinda, kbliCode: '10', products: 'Amplang, abon', workers: 3, ...extra }), CONFIRM) as { site: { id: string } }).site;
    const a = site('Amplang Satu', { certificates: ['PIRT'] });
    const b = site('Abon Dua', { villageCode: VILLAGES.balikpapan, products: 'Abon ikan', workers: 8 });
    const c = site('Amplang Tiga', { certificates: ['NIB', 'PIRT'] });
    assertTalliesMatchRows(core.db, 'after registering');
    assert.deepEqual(get(core, { month: '2026-11' }).sites.totals, { sites: 3, workers: 14, male: 0, female: 0, production: 0 });

    // A final visit sets the site's workforce by sex and production value (and its current facts).
    const draft = core.visits.saveDraft({ siteId: a.id, data: anInventarisasi({ visitDate: '2026-11-20', workforce: { male: 5, female: 7 } }) as never }, officer);
    assertTalliesMatchRows(core.db, 'after a draft');
    core.visits.finalize(draft.id);
    assertTalliesMatchRows(core.db, 'after finalizing');
    let d = get(core, { month: '2026-11' });
    assert.deepEqual([d.sites.totals.male, d.sites.totals.female, d.sites.totals.production], [5, 7, 240_000_000]);
    assert.equal(d.visits.monthTotal, 1);

    // Edits of the site form: status, workforce, products, certificates, regency.
    core.sites.update(b.id, SiteInput.parse({ ...core.sites.get(b.id), sizeClass: null, operatingStatus: 'tutup', workers: 30, products: 'Kerupuk', certificates: ['SNI'], villageCode: VILLAGES.marangKayu }), CONFIRM);
    assertTalliesMatchRows(core.db, 'after an edit');
    // An amendment of the final visit changes the figures it gave.
    core.visits.amend(draft.id, anInventarisasi({ visitDate: '2026-10-20', workforce: { male: 1, female: 2 }, productionValueRp: '10.000.000' }), 'Salah ketik', officer);
    assertTalliesMatchRows(core.db, 'after an amendment');
    d = get(core, { month: '2026-11' });
    assert.deepEqual([d.sites.totals.male, d.sites.totals.female, d.sites.totals.production, d.visits.monthTotal, d.visits.yearTotal], [1, 2, 10_000_000, 0, 1]);

    // Archive and restore, merge and unmerge.
    core.sites.archive(c.id);
    assertTalliesMatchRows(core.db, 'after archiving');
    core.sites.restore(c.id);
    assertTalliesMatchRows(core.db, 'after restoring');
    core.sites.merge(a.id, c.id, officer.name, ['certificates']);
    assertTalliesMatchRows(core.db, 'after a merge');
    assert.equal(get(core, { month: '2026-11' }).sites.totals.sites, 2);
    core.sites.unmerge(c.id, officer.name);
    assertTalliesMatchRows(core.db, 'after undoing the merge');

    // Everything reaches the office laptop through the replicator's apply: the same figures there.
    sendAll(ani, office);
    assertTalliesMatchRows(office.core.db, 'on the office laptop');
    assert.deepEqual(get(office.core, { month: '2026-10' }), get(core, { month: '2026-10' }));
    // Later changes on either side travel too.
    office.core.sites.update(a.id, SiteInput.parse({ ...office.core.sites.get(a.id), operatingStatus: 'berhenti_sementara', certificates: ['HALAL'] }), CONFIRM);
    core.sites.archive(b.id);
    const second = core.visits.saveDraft({ siteId: c.id, data: anInventarisasi({ visitDate: '2026-10-02', officers: ['Budi Santoso'], productionValueRp: '5.000' }) as never }, officer);
    core.visits.finalize(second.id);
    sendAll(ani, office);
    sendAll(office, ani);
    for (const r of [ani, office]) assertTalliesMatchRows(r.core.db, 'after both laptops synced');
    const here = get(core, { month: '2026-10' });
    assert.deepEqual(get(office.core, { month: '2026-10' }), here);
    assert.deepEqual(here.sites.byStatus, { berhenti_sementara: 1, aktif: 1 });
    assert.deepEqual(here.visits.byOfficer.map((o) => [o.officer, o.month]), [['Ani Suryani', 1], ['Budi Santoso', 1]]);
  });
});
