import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openCore, type Core } from '../core';
import { ImportRowProblem, sayImportProblem } from '../model/import-problem';
import { call, createSite, setUpApi, tempDir } from '../test-support';
import { repeatedDeflate, zipOf } from './hostile-files';
import { commitImport, previewImport, readImportFile, suggestMapping, toTable } from './site-import';

describe('site import', () => {
  const files = tempDir('ikm-import-');
  let core: Core;
  let dispose: () => void;
  before(async () => {
    const setup = await setUpApi();
    await createSite(setup.api, { name: 'UD. Amplang Mama Ani' });
    await call(setup.api, 'app.info');
    setup.api.close();
    core = openCore({ dbFile: setup.dbFile });
    dispose = () => {
      core.close();
      setup.dispose();
    };
  });
  after(() => {
    dispose();
    files.dispose();
  });

  const HEADERS = ['No', 'Nama Perusahaan/Usaha', 'Pemilik', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI', 'TK Laki-laki', 'TK Perempuan', 'No. HP', 'Koordinat'];
  const ROWS = [
    ['1', 'Kerupuk Ikan Haruan', 'Siti', 'Kota Samarinda', 'Palaran', 'Rawa Makmur', '10792', '2', '3', '0812-5000-1111', '-0,5021; 117,1536'],
    ['2', 'Amplang Mama Ani', 'Ani', 'SAMARINDA', 'Palaran', 'Rawa Makmur', '10', '1', '1', '', ''],
    ['3', 'Karet Remah Marang Kayu', 'Budi', 'Kab. Kutai Kartanegara', 'Marang Kayu', 'Sebuntal', '22', '1.250', '0', '+62 812 5555', ''],
    ['4', 'Tenun Doyo', 'Rina', 'Kutai Kartanegara', '', 'Desa Yang Tidak Ada', '13', '2', '2', '', ''],
    ['5', 'Kerupuk Ikan Haruan', 'Siti', 'Samarinda', 'Palaran', 'Rawa Makmur', '10', '2', '3', '', ''],
    ['6', 'Anyaman Rotan', 'Dewi', 'Kutai Kartanegara', 'Marang Kayu', 'Sebuntal', '16', '3', '4', '', ''],
  ];

  test('messy headers are mapped to fields', () => {
    assert.deepEqual(suggestMapping(HEADERS), [null, 'name', 'ownerName', 'regency', 'district', 'village', 'kbliCode', 'workersMale', 'workersFemale', 'phone', 'coordinates']);
  });

  test('good rows, bad rows and duplicates give exactly the expected report; a second import adds nothing', async () => {
    const csv = join(files.dir, 'ikm.csv');
    writeFileSync(csv, '\ufeff' + [HEADERS, ...ROWS].map((r) => r.map((c) => (/[;"]/.test(c) ? `"${c}"` : c)).join(';')).join('\r\n'));
    const table = await readImportFile(csv);
    const { preview, accepted } = previewImport(core, table);
    assert.deepEqual(
      preview.rows.map((r) => [r.line, r.status, r.problems]),
      [
        [2, 'ok', []],
        [3, 'duplicate', [{ code: 'duplicate_of_site', params: { name: 'UD. Amplang Mama Ani' } }]],
        [4, 'error', [{ code: 'workers_not_ikm', params: { max: 99 }, field: 'workers' }]],
        [5, 'error', [{ code: 'area_village_not_found', params: { value: 'Desa Yang Tidak Ada' }, field: 'village' }]],
        [6, 'duplicate', [{ code: 'duplicate_of_line', params: { line: 2 } }]],
        [7, 'ok', []],
      ],
    );
    assert.deepEqual(preview.counts, { ok: 2, error: 2, duplicate: 2 });
    assert.equal(accepted[0].phone, '081250001111');
    assert.equal(accepted[0].latitude, -0.5021);
    assert.equal(accepted[0].longitude, 117.1536);
    assert.equal(accepted[0].workers, 5);
    assert.equal(commitImport(core, accepted), 2);
    const again = previewImport(core, await readImportFile(csv));
    assert.equal(again.accepted.length, 0);
    assert.equal(commitImport(core, again.accepted), 0);
  });

  test('each kind of row problem is a code with its params and field, never a sentence', () => {
    const headers = ['Nama Usaha', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'Kode Desa', 'KBLI', 'TK Laki-laki', 'Tahun Berdiri', 'Email', 'Koordinat'];
    const row = (cells: Partial<Record<(typeof headers)[number], string>>) => headers.map((h) => cells[h] ?? '');
    const place = { 'Kab/Kota': 'Samarinda', Kecamatan: 'Palaran', 'Desa/Kel': 'Rawa Makmur', KBLI: '10' };
    const rows = [
      row({ ...place, 'Nama Usaha': 'Kode Salah', 'Desa/Kel': '', 'Kode Desa': '99.99.99.9999' }),
      row({ ...place, 'Nama Usaha': 'Tanpa Desa', 'Desa/Kel': '' }),
      row({ ...place, 'Nama Usaha': 'Kota Lain', 'Kab/Kota': 'Kota Antah' }),
      row({ ...place, 'Nama Usaha': 'Kecamatan Lain', Kecamatan: 'Berantah' }),
      row({ ...place, 'Nama Usaha': 'Desa Lain', 'Desa/Kel': 'Desa Berantah' }),
      row({ ...place, 'Nama Usaha': 'Titik Kabur', Koordinat: 'dekat pasar lama' }),
      row({ ...place, 'Nama Usaha': 'Angka Kabur', 'TK Laki-laki': 'dua', 'Tahun Berdiri': '1990an' }),
      row({ ...place, 'Nama Usaha': '', Email: 'bukan-email' }),
      row({ ...place, 'Nama Usaha': 'Roti Bakar Palaran' }),
      row({ ...place, 'Nama Usaha': 'ROTI BAKAR PALARAN' }),
    ];
    const table = toTable([{ line: 1, cells: headers }, ...rows.map((cells, i) => ({ line: i + 2, cells }))]);
    const mapping = ['name', 'regency', 'district', 'village', 'villageCode', 'kbliCode', 'workersMale', 'yearEstablished', 'email', 'coordinates'] as const;
    const { preview } = previewImport(core, table, [...mapping]);
    assert.deepEqual(
      preview.rows.map((r) => r.problems),
      [
        [{ code: 'area_code_unknown', params: { code: '99.99.99.9999' }, field: 'villageCode' }],
        [{ code: 'area_village_missing', params: {}, field: 'village' }],
        [{ code: 'area_regency_unknown', params: { value: 'Kota Antah' }, field: 'regency' }],
        [{ code: 'area_district_unknown', params: { value: 'Berantah', regency: 'Samarinda' }, field: 'district' }],
        [{ code: 'area_village_not_found', params: { value: 'Desa Berantah' }, field: 'village' }],
        [{ code: 'coordinates_unreadable', params: { value: 'dekat pasar lama' }, field: 'coordinates' }],
        [
          { code: 'not_whole_number', params: { value: 'dua' }, field: 'workersMale' },
          { code: 'not_whole_number', params: { value: '1990an' }, field: 'yearEstablished' },
        ],
        // The site form's own issue codes, as the form shows them.
        [
          { code: 'too_short', params: { min: 2 }, field: 'name' },
          { code: 'email', params: {}, field: 'email' },
        ],
        [],
        [{ code: 'duplicate_of_line', params: { line: 10 } }],
      ],
    );
    // Every problem fits the model's schema, and none carries a sentence.
    for (const problem of preview.rows.flatMap((r) => r.problems)) assert.deepEqual(ImportRowProblem.parse(problem), problem);
    assert.deepEqual(preview.rows[9], { line: 11, status: 'duplicate', name: 'ROTI BAKAR PALARAN', problems: preview.rows[9].problems, duplicateOfId: null, duplicateOfLine: 10, mergeChanges: [] });
  });

  test('a problem is said in both languages from the one table the wizard reads', () => {
    const notWhole = { code: 'not_whole_number', params: { value: 'dua' }, field: 'workersMale' } as const;
    assert.equal(sayImportProblem(notWhole, 'id'), 'Tenaga kerja laki-laki "dua" bukan bilangan bulat');
    assert.equal(sayImportProblem(notWhole, 'en'), 'Workers, men "dua" is not a whole number');
    assert.equal(sayImportProblem({ code: 'required', params: {}, field: 'name' }, 'en'), 'Business name is required');
    assert.equal(sayImportProblem({ code: 'duplicate_of_line', params: { line: 2 } }, 'en'), 'Same as row 2 of this file');
  });

  test('the same list as XLSX reads the same', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Data IKM');
    sheet.addRow(HEADERS);
    sheet.addRow(['7', 'Dodol Rumput Laut', 'Sri', 'Kota Samarinda', 'Palaran', 'Rawa Makmur', '10', 1, 2, '0812 3333 4444', '-0.51, 117.15']);
    const path = join(files.dir, 'ikm.xlsx');
    await book.xlsx.writeFile(path);
    const { preview, accepted } = previewImport(core, await readImportFile(path));
    assert.deepEqual(preview.counts, { ok: 1, error: 0, duplicate: 0 });
    assert.equal(accepted[0].workers, 3);
  });

  test('an XLSX row with empty cells between filled ones reads (the office leaves columns blank)', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Data IKM');
    sheet.addRow(HEADERS);
    // No owner, no phone: exceljs gives these cells as holes in the row.
    sheet.addRow(['8', 'Kerupuk Ikan', '', 'Kota Samarinda', 'Palaran', 'Rawa Makmur', '10', 1, 1, '', '-0.51, 117.15']);
    const path = join(files.dir, 'ikm-kosong.xlsx');
    await book.xlsx.writeFile(path);
    const table = await readImportFile(path);
    assert.equal(table.rows.length, 1);
    assert.equal(previewImport(core, table).preview.counts.ok, 1);
  });

  test('hostile files are refused with a clear message', async () => {
    const write = (name: string, content: string | Uint8Array) => {
      const path = join(files.dir, name);
      writeFileSync(path, content);
      return path;
    };
    const refusal = async (path: string) => {
      try {
        await readImportFile(path);
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    };
    assert.equal(await refusal(write('foto.xlsx', 'not a zip at all')), 'Berkas ini bukan buku kerja Excel (.xlsx) yang sah');
    assert.equal(await refusal(write('laporan.docx', 'hello')), 'Pilih berkas .xlsx atau .csv');
    assert.match((await refusal(write('win.csv', Buffer.from('Nama;Desa\r\nCaf\xe9 Ani;Rawa Makmur\r\n', 'latin1'))))!, /bukan UTF-8 \(mungkin Windows-1252\)/);
    // 300 MB of zeros compress to a few hundred KB: refused as the first text longer than any cell goes by.
    const zeros = repeatedDeflate('', '\0'.repeat(1024 * 1024), 300, '');
    const bomb = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: zeros, method: 8, declaredSize: 300 * 1024 * 1024 }]);
    assert.match((await refusal(write('bom.xlsx', bomb)))!, /sel lebih dari 10\.000 karakter/);
    const emptyRows = 'Nama Usaha;Desa\r\n' + ';\r\n'.repeat(1_000_000);
    assert.equal(await refusal(write('kosong.csv', emptyRows)), 'Berkas hanya berisi judul kolom, tanpa baris data');
    const huge = write('besar.csv', Buffer.alloc(51 * 1024 * 1024, 'a'));
    assert.equal(await refusal(huge), 'Berkas CSV lebih dari 50 MB; bagi menjadi beberapa berkas');
  });
});
