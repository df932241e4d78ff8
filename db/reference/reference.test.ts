import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIslands } from 'idn-area-data';
import { loadProvinceAreas, loadProvinces, titleCase } from './areas';
import { KBLI_2020_DIVISIONS } from './kbli';
import { isInsideProvince } from './province-extents';
import { WILAYAH_DEFAULTS } from './wilayah-defaults';
import { CATALOG } from './catalog';
import { KBLI_DIVISIONS, SECTOR_GROUPS, CERTIFICATE_KINDS, OPERATING_STATUSES, LEGAL_FORMS, SIZE_CLASSES } from '../model/catalog';

test('Kalimantan Timur: 10 regencies, 105 kecamatan, 1,038 desa/kelurahan', async () => {
  const kaltim = await loadProvinceAreas('64');
  assert.equal(kaltim?.province.name, 'Kalimantan Timur');
  assert.equal(kaltim?.regencies.length, 10);
  assert.equal(kaltim?.districts.length, 105);
  assert.equal(kaltim?.villages.length, 1038);
  assert.equal(await loadProvinceAreas('99'), null);
  assert.equal((await loadProvinces()).length, 38);
});

test('the default wilayah of Kaltim cover each of its regencies exactly once', async () => {
  const kaltim = await loadProvinceAreas('64');
  const assigned = WILAYAH_DEFAULTS['64'].flatMap((w) => w.regencyCodes).sort();
  assert.deepEqual(assigned, kaltim!.regencies.map((r) => r.code).sort());
});

test('KBLI 2020: divisions 10–33, each with a known sector group', () => {
  assert.deepEqual(KBLI_2020_DIVISIONS.map((d) => d.code), [...KBLI_DIVISIONS]);
  assert.ok(KBLI_2020_DIVISIONS.every((d) => (SECTOR_GROUPS as readonly string[]).includes(d.sectorGroup)));
  assert.equal(KBLI_2020_DIVISIONS[0].id, 'Industri Makanan');
});

test('every pick list in the catalog matches its enum', () => {
  const codes = (list: { code: string }[]) => list.map((e) => e.code);
  assert.deepEqual(codes(CATALOG.sectorGroups), [...SECTOR_GROUPS]);
  assert.deepEqual(codes(CATALOG.certificateKinds), [...CERTIFICATE_KINDS]);
  assert.deepEqual(codes(CATALOG.operatingStatuses), [...OPERATING_STATUSES]);
  assert.deepEqual(codes(CATALOG.legalForms), [...LEGAL_FORMS]);
  assert.deepEqual(codes(CATALOG.sizeClasses), [...SIZE_CLASSES]);
});

/** "03°19'03.44" N 097°07'41.73" E" → [lat, lng] */
function parseDms(text: string): [number, number] | null {
  const m = text.match(/(\d+)°(\d+)'([\d.]+)"\s*([NS])\s+(\d+)°(\d+)'([\d.]+)"\s*([EW])/);
  if (!m) return null;
  const lat = (+m[1] + +m[2] / 60 + +m[3] / 3600) * (m[4] === 'S' ? -1 : 1);
  const lng = (+m[5] + +m[6] / 60 + +m[7] / 3600) * (m[8] === 'W' ? -1 : 1);
  return [lat, lng];
}

test('province boxes hold every island idn-area-data places in that province', async () => {
  // A source row whose latitude sign is wrong (Bangka Belitung lies south of the equator).
  const knownSourceErrors = new Set(['Pulau Baginda Selatan']);
  const outside: string[] = [];
  let checked = 0;
  for (const island of await getIslands()) {
    const point = island.regency_code ? parseDms(island.coordinate) : null;
    if (!point || knownSourceErrors.has(island.name)) continue;
    checked++;
    if (!isInsideProvince(island.regency_code!.slice(0, 2), point[0], point[1])) outside.push(`${island.name} ${point}`);
  }
  assert.ok(checked > 15000, `checked ${checked}`);
  assert.deepEqual(outside, []);
  assert.equal(isInsideProvince('64', -0.5, 117.15), true, 'Samarinda');
  assert.equal(isInsideProvince('64', 0.5, -117.15), false, 'sign of longitude flipped');
  assert.equal(isInsideProvince('64', 117.15, -0.5), false, 'lat/long swapped');
});

test('titleCase reads like a person wrote it', () => {
  assert.equal(titleCase('KABUPATEN KUTAI KARTANEGARA'), 'Kabupaten Kutai Kartanegara');
  assert.equal(titleCase('DKI JAKARTA'), 'DKI Jakarta');
});
