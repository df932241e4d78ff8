import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openApi, type Api } from '../api';
import { call, KALTIM_SETUP, tempDir } from '../test-support';

/** Issue 20, major 13: title rows above the header, a header the officer chooses, merged header cells. */
describe('import header row', () => {
  const tmp = tempDir('ikm-import-header-');
  let api: Api;

  before(async () => {
    api = openApi({ dbFile: join(tmp.dir, 'ikm.sqlite') });
    await call(api, 'setup.save', KALTIM_SETUP);
  });
  after(() => {
    api.close();
    tmp.dispose();
  });

  const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(';')).join('\r\n'));

  test('title rows above the header are found and left out: every data row is read under the right columns', async () => {
    const opened = await call(api, 'import.open', {
      fileName: 'daftar.csv',
      bytes: csv([
        ['DAFTAR INDUSTRI KECIL DAN MENENGAH'],
        ['KOTA SAMARINDA TAHUN 2025'],
        ['Sumber: Disperindagkop Kaltim'],
        ['No', 'Nama Usaha', 'Pemilik', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI'],
        ['1', 'Kerupuk Haruan', 'Siti', 'Samarinda', 'Palaran', 'Rawa Makmur', '10'],
        ['2', 'Amplang Ani', 'Ani', 'Samarinda', 'Palaran', 'Rawa Makmur', '10'],
      ]),
    });
    assert.equal(opened.headerLine, 4);
    assert.deepEqual(opened.headers, ['No', 'Nama Usaha', 'Pemilik', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI']);
    assert.deepEqual(opened.mapping, [null, 'name', 'ownerName', 'regency', 'district', 'village', 'kbliCode']);
    assert.equal(opened.rowCount, 2);
    assert.deepEqual(opened.headerChoices.map((c) => c.line), [1, 2, 3, 4, 5, 6]);
    assert.equal(opened.headerChoices[0].text, 'DAFTAR INDUSTRI KECIL DAN MENENGAH');
    const preview = await call(api, 'import.preview', { id: opened.id, mapping: opened.mapping });
    assert.deepEqual(preview.rows.map((r) => [r.line, r.status]), [[5, 'ok'], [6, 'ok']]);
  });

  test('the officer can choose the header row; a row that is not there is refused clearly', async () => {
    // Headers the wizard does not know: it cannot find them, so it takes the first row.
    const opened = await call(api, 'import.open', {
      fileName: 'aneh.csv',
      bytes: csv([['Rekap 2025'], ['Perusahaan XYZ', 'Wilayah A', 'Kampung'], ['Kerupuk Haruan', 'Samarinda', 'Rawa Makmur'], ['Amplang Ani', 'Samarinda', 'Rawa Makmur']]),
    });
    assert.equal(opened.headerLine, 1);
    const chosen = await call(api, 'import.header', { id: opened.id, line: 2 });
    assert.equal(chosen.headerLine, 2);
    assert.deepEqual(chosen.headers, ['Perusahaan XYZ', 'Wilayah A', 'Kampung']);
    assert.equal(chosen.rowCount, 2);
    assert.deepEqual(chosen.sample[0], ['Kerupuk Haruan', 'Samarinda', 'Rawa Makmur']);
    const missing = await api.dispatch('import.header', { id: opened.id, line: 40 });
    assert.deepEqual(missing.ok ? null : [missing.error.code, missing.error.reason, missing.error.params], ['VALIDATION', 'import_header_line', { line: 40 }]);
  });

  test('an XLSX with a merged title and a two-row header of merged cells, and a row of column numbers, imports every row', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Data IKM');
    sheet.addRow(['DAFTAR IKM KABUPATEN KUTAI KARTANEGARA TAHUN 2025']);
    sheet.mergeCells('A1:I1');
    sheet.addRow([]);
    sheet.addRow(['No', 'Nama Usaha', 'Pemilik', 'Lokasi', null, null, 'Tenaga Kerja', null, 'KBLI']);
    sheet.addRow([null, null, null, 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'L', 'P', null]);
    for (const range of ['A3:A4', 'B3:B4', 'C3:C4', 'D3:F3', 'G3:H3', 'I3:I4']) sheet.mergeCells(range);
    sheet.addRow(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)', '(9)']);
    sheet.addRow([1, 'Karet Remah Marang Kayu', 'Budi', 'Kab. Kutai Kartanegara', 'Marang Kayu', 'Sebuntal', 12, 3, '22']);
    sheet.addRow([2, 'Anyaman Rotan', 'Dewi', 'Kutai Kartanegara', 'Marang Kayu', 'Sebuntal', 1, 4, '16']);
    const bytes = new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
    const opened = await call(api, 'import.open', { fileName: 'kukar.xlsx', bytes });
    assert.equal(opened.headerLine, 3);
    assert.equal(opened.headerRows, 2);
    assert.deepEqual(opened.headers, ['No', 'Nama Usaha', 'Pemilik', 'Lokasi / Kab/Kota', 'Lokasi / Kecamatan', 'Lokasi / Desa/Kel', 'Tenaga Kerja / L', 'Tenaga Kerja / P', 'KBLI']);
    assert.deepEqual(opened.mapping, [null, 'name', 'ownerName', 'regency', 'district', 'village', 'workersMale', 'workersFemale', 'kbliCode']);
    assert.equal(opened.rowCount, 2);
    const preview = await call(api, 'import.preview', { id: opened.id, mapping: opened.mapping });
    assert.deepEqual(preview.rows.map((r) => [r.line, r.status, r.problems]), [[6, 'ok', []], [7, 'ok', []]]);
  });
});
