import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openApi, type Api } from '../api';
import type { ImportResult, JobProgress } from '../model';
import { IMPORT_STATUS_LABELS, sayImportProblem } from '../model/import-problem';
import { loadProvinceAreas } from '../reference/areas';
import { call, KALTIM_SETUP, tempDir } from '../test-support';

/** Issue 20, the import wizard's minors: area names, fixes in the wizard, plainer and truer messages, formulas kept as text. */
describe('import wizard minors', () => {
  const tmp = tempDir('ikm-import-minors-');
  let api: Api;

  before(async () => {
    api = openApi({ dbFile: join(tmp.dir, 'ikm.sqlite') });
    await call(api, 'setup.save', KALTIM_SETUP);
  });
  after(() => {
    api.close();
    tmp.dispose();
  });

  async function finished(progress: JobProgress): Promise<JobProgress> {
    let p = progress;
    while (p.state === 'running') p = await call(api, 'job.watch', { id: p.id, after: p.seq });
    return p;
  }
  const HEADERS = ['Nama Usaha', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI', 'TK Laki-laki', 'Koordinat'];
  const csv = (rows: string[][]) => new TextEncoder().encode([HEADERS, ...rows].map((r) => r.map((c) => (/[;"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';')).join('\r\n'));
  const opened = async (rows: string[][]) => {
    const file = await call(api, 'import.open', { fileName: 'daftar.csv', bytes: csv(rows) });
    return { file, preview: await call(api, 'import.preview', { id: file.id, mapping: file.mapping }) };
  };
  const codes = (r: { problems: { code: string }[]; notes?: { code: string }[] }) => [...r.problems, ...(r.notes ?? [])].map((p) => p.code);

  test('a misspelt regency, kecamatan or desa is said with the nearest real name; the officer fixes the cell (or every cell like it) in the wizard', async () => {
    const { file, preview } = await opened([
      ['Karet Remah', 'Kutai Kartanegra', 'Marang Kayu', 'Sebuntal', '22', '2', ''],
      ['Anyaman Rotan', 'Kutai Kartanegara', 'Marang Kayo', 'Sebuntal', '16', '2', ''],
      ['Amplang Ani', 'Samarinda', 'Palaran', 'Rawa Makmr', '10', '2', ''],
      ['Kerupuk Haruan', 'Kutai Kartanegra', 'Marang Kayu', 'Sebuntal', '10', '2', ''],
    ]);
    assert.deepEqual(preview.rows.map((r) => r.problems), [
      [{ code: 'area_regency_suggest', params: { value: 'Kutai Kartanegra', suggestion: 'Kabupaten Kutai Kartanegara' }, field: 'regency' }],
      [{ code: 'area_district_suggest', params: { value: 'Marang Kayo', suggestion: 'Marang Kayu', regency: 'Kutai Kartanegara' }, field: 'district' }],
      [{ code: 'area_village_suggest', params: { value: 'Rawa Makmr', suggestion: 'Rawa Makmur' }, field: 'village' }],
      [{ code: 'area_regency_suggest', params: { value: 'Kutai Kartanegra', suggestion: 'Kabupaten Kutai Kartanegara' }, field: 'regency' }],
    ]);
    assert.equal(sayImportProblem(preview.rows[0].problems[0], 'id'), 'Kabupaten/kota "Kutai Kartanegra" tidak dikenal; mungkin maksudnya Kabupaten Kutai Kartanegara?');
    // The officer takes the suggestion for row 2's regency, and for every cell of the column that says the same.
    const fixed = await call(api, 'import.editCell', { id: file.id, mapping: file.mapping, line: 2, column: 1, value: 'Kabupaten Kutai Kartanegara', everyRow: true });
    assert.deepEqual(fixed.rows.map((r) => r.status), ['ok', 'error', 'error', 'ok']);
    const one = await call(api, 'import.editCell', { id: file.id, mapping: file.mapping, line: 3, column: 2, value: 'Marang Kayu' });
    assert.deepEqual(one.rows.map((r) => r.status), ['ok', 'ok', 'error', 'ok']);
    const done = await finished(await call(api, 'import.start', { id: file.id, mapping: file.mapping }));
    assert.deepEqual(done.result as ImportResult, { added: 3, merged: 0, skipped: 0, errors: 1 });
  });

  test('the short and old names of the Kaltim regencies are known', async () => {
    const kaltim = (await loadProvinceAreas('64'))!;
    const aliases: [string, string][] = [['Kukar', '64.02'], ['Kutim', '64.08'], ['Kubar', '64.07'], ['PPU', '64.09'], ['Mahulu', '64.11'], ['Pasir', '64.01'], ['Kab. Pasir', '64.01']];
    const rows = aliases.map(([alias, code], i) => {
      const district = kaltim.districts.find((d) => d.regencyCode === code)!;
      const village = kaltim.villages.find((v) => v.districtCode === district.code)!;
      return [`Usaha ${i + 1}`, alias, district.name, village.name, '10', '1', ''];
    });
    const { preview } = await opened(rows);
    assert.deepEqual(preview.rows.map((r) => [r.status, r.problems]), aliases.map(() => ['ok', []]));
  });

  test('messages name the real problem: a negative count, a point outside the province, a formula kept as text', async () => {
    const { file, preview } = await opened([
      ['Tahu Tempe', 'Samarinda', 'Palaran', 'Rawa Makmur', '10', '-3', ''],
      ['Sambal Raja', 'Samarinda', 'Palaran', 'Rawa Makmur', '10', '2', '-0,5021; 110,1536'],
      ['=HYPERLINK("http://contoh.id","Kue Bingka")', 'Samarinda', 'Palaran', 'Rawa Makmur', '10', '2', ''],
    ]);
    assert.deepEqual(preview.rows.map((r) => [r.status, codes(r)]), [
      ['error', ['negative_number']],
      ['ok', ['outside_province']],
      ['ok', ['formula_text']],
    ]);
    assert.equal(sayImportProblem(preview.rows[0].problems[0], 'id'), 'Tenaga kerja laki-laki -3 tidak boleh negatif');
    assert.equal(IMPORT_STATUS_LABELS.id.error, 'Perlu diperbaiki');
    const done = await finished(await call(api, 'import.start', { id: file.id, mapping: file.mapping }));
    assert.equal((done.result as ImportResult).added, 2);
    const list = await call(api, 'site.list', { limit: 50, text: 'HYPERLINK' });
    assert.deepEqual(list.items.map((s) => s.name), ['=HYPERLINK("http://contoh.id","Kue Bingka")']);
  });

  test('an XLSX name made by a formula is kept as the formula text and flagged; a formula giving a number is read as its number', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Data');
    sheet.addRow(HEADERS);
    sheet.addRow([{ formula: 'CONCATENATE("Amplang ","Ani")', result: 'Amplang Ani' }, 'Samarinda', 'Palaran', 'Rawa Makmur', '10', { formula: '1+2', result: 3 }, '']);
    const bytes = new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
    const file = await call(api, 'import.open', { fileName: 'rumus.xlsx', bytes });
    assert.deepEqual(file.sample[0].slice(0, 1), ['=CONCATENATE("Amplang ","Ani")']);
    assert.equal(file.sample[0][5], '3');
    const preview = await call(api, 'import.preview', { id: file.id, mapping: file.mapping });
    assert.deepEqual(preview.rows.map((r) => [r.status, codes(r)]), [['ok', ['formula_text']]]);
  });

  test('a binary file named .csv is not "Windows-1252"; an old .xls says so; a real Windows-1252 CSV still does', async () => {
    const refusal = async (fileName: string, bytes: Uint8Array) => {
      const r = await api.dispatch('import.open', { fileName, bytes });
      return r.ok ? null : r.error.reason;
    };
    // High bytes and no zero: what a compressed file or an image body looks like.
    const binary = new Uint8Array(4096).map((_, i) => 0x80 + ((i * 37) % 0x7f) + 1);
    assert.equal(await refusal('data.csv', binary), 'import_csv_not_text');
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    assert.equal(await refusal('data.csv', ole), 'import_xls_old');
    assert.equal(await refusal('data.xls', ole), 'import_xls_old');
    const cp1252 = new Uint8Array([...new TextEncoder().encode('Nama Usaha;Desa\r\nKue Bingka Caf'), 0xe9, ...new TextEncoder().encode(';Rawa Makmur\r\n')]);
    assert.equal(await refusal('data.csv', cp1252), 'import_csv_not_utf8');
  });
});
