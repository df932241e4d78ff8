import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { openApi, type Api } from '../api';
import type { ExportResult, ImportResult, JobProgress, Site } from '../model';
import { call, KALTIM_SETUP, siteInput, tempDir, VILLAGES } from '../test-support';
import { numberAsDisplayed } from './site-import';

/**
 * Issue 20, items 10 and 12: an office list's Status and Sertifikat columns are imported, and a
 * phone number keeps its leading 0 or + from an XLSX numeric cell and through a CSV export.
 */
describe('import of status, certificates and phone numbers', () => {
  const tmp = tempDir('ikm-import-fields-');
  const outDir = join(tmp.dir, 'out');
  let nextPath: string | null = null;
  let api: Api;

  before(async () => {
    mkdirSync(outDir);
    api = openApi({ dbFile: join(tmp.dir, 'ikm.sqlite'), shell: { chooseSavePath: async () => nextPath } });
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

  async function sitesNamed(prefix: string): Promise<Map<string, Site>> {
    const items = (await call(api, 'site.list', { text: prefix, limit: 500 })).items;
    const sites = await Promise.all(items.map((s) => call(api, 'site.get', { id: s.id })));
    return new Map(sites.map((s) => [s.name, s]));
  }

  const PLACE = ['Kota Samarinda', 'Palaran', 'Rawa Makmur', '10'];

  test('an XLSX list: Status and Sertifikat are mapped and stored; numeric phone cells keep their 0 and +62', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Data IKM');
    sheet.addRow(['No', 'Nama Usaha', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI', 'No. HP', 'NIB', 'Status', 'Sertifikat']);
    const rows: [string, unknown, string | null, string, string][] = [
      // name, phone cell, its number format, status, certificates
      ['Xlsx Amplang Satu', 81234567890, '"0"#', 'Aktif', 'PIRT, Halal'],
      ['Xlsx Amplang Dua', 6281255550000, '"+"0', 'Tidak Aktif', 'SNI/ISO'],
      ['Xlsx Amplang Tiga', 85250001111, null, 'Tutup', 'PIRT; HKI/Merek'],
      ['Xlsx Amplang Empat', '0812 7777 8888', null, 'TUTUP SEMENTARA', ''],
      ['Xlsx Amplang Lima', 6281377778888, null, '', 'Tidak ada'],
    ];
    rows.forEach(([name, phone, format, status, certificates], i) => {
      const row = sheet.addRow([String(i + 1), name, ...PLACE, phone, 1234567890123, status, certificates]);
      if (format) row.getCell(7).numFmt = format;
    });
    nextPath = null;
    const bytes = new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);

    const opened = await call(api, 'import.open', { fileName: 'daftar-ikm.xlsx', bytes });
    assert.deepEqual(opened.mapping, [null, 'name', 'regency', 'district', 'village', 'kbliCode', 'phone', 'nib', 'operatingStatus', 'certificates']);
    // The sample the wizard shows beside each column is what the sheet shows.
    assert.equal(opened.sample[0][6], '081234567890');
    assert.equal(opened.sample[1][6], '+6281255550000');
    const preview = await call(api, 'import.preview', { id: opened.id, mapping: opened.mapping });
    assert.deepEqual(preview.counts, { ok: 5, error: 0, duplicate: 0 });
    const done = await finished(await call(api, 'import.start', { id: opened.id, mapping: opened.mapping }));
    assert.equal(done.state, 'done', JSON.stringify(done.error));
    assert.equal((done.result as ImportResult).added, 5);

    const sites = await sitesNamed('Xlsx Amplang');
    const facts = (name: string) => {
      const s = sites.get(name)!;
      return [s.operatingStatus, s.certificates, s.phone, s.nib];
    };
    assert.deepEqual(facts('Xlsx Amplang Satu'), ['aktif', ['HALAL', 'PIRT'], '081234567890', '1234567890123']);
    assert.deepEqual(facts('Xlsx Amplang Dua'), ['tidak_beroperasi', ['ISO9001', 'SNI'], '+6281255550000', '1234567890123']);
    // General-format numbers: the 0 of a mobile number and the + of +62 come back.
    assert.deepEqual(facts('Xlsx Amplang Tiga'), ['tutup', ['HKI', 'PIRT'], '085250001111', '1234567890123']);
    assert.deepEqual(facts('Xlsx Amplang Empat'), ['berhenti_sementara', [], '081277778888', '1234567890123']);
    assert.deepEqual(facts('Xlsx Amplang Lima'), ['aktif', [], '+6281377778888', '1234567890123']);
  });

  test('a status or certificate the import does not know is a row problem naming it, never Aktif or nothing', async () => {
    const csv = [
      'Nama Usaha;Kab/Kota;Kecamatan;Desa/Kel;KBLI;Status;Sertifikat',
      ['Csv Tenun Pindah', ...PLACE, 'Pindah alamat', 'PIRT'].join(';'),
      ['Csv Tenun Organik', ...PLACE, 'Aktif', 'Halal, Organik'].join(';'),
      ['Csv Tenun Baik', ...PLACE, 'tidak beroperasi', 'SPP-IRT'].join(';'),
    ].join('\r\n');
    const opened = await call(api, 'import.open', { fileName: 'status.csv', bytes: new TextEncoder().encode(csv) });
    const preview = await call(api, 'import.preview', { id: opened.id, mapping: opened.mapping });
    assert.deepEqual(
      preview.rows.map((r) => [r.line, r.status, r.problems]),
      [
        [2, 'error', [{ code: 'status_unknown', params: { value: 'Pindah alamat' }, field: 'operatingStatus' }]],
        [3, 'error', [{ code: 'certificate_unknown', params: { value: 'Organik' }, field: 'certificates' }]],
        [4, 'ok', []],
      ],
    );
  });

  test('numbers under a phone-keeping format read as the sheet shows them; other formats as the number', () => {
    // Ten placeholders: a 9-digit number gets its 0; an 11-digit one fills them all, as Excel shows it.
    assert.equal(numberAsDisplayed(812345678, '0#########'), '0812345678');
    assert.equal(numberAsDisplayed(81234567890, '0#########'), '81234567890');
    assert.equal(numberAsDisplayed(81234567890, '\\0#'), '081234567890');
    assert.equal(numberAsDisplayed(81234567890, '"0"#'), '081234567890');
    assert.equal(numberAsDisplayed(81234567890, '000000000000'), '081234567890');
    assert.equal(numberAsDisplayed(6281234567890, '"+"0'), '+6281234567890');
    assert.equal(numberAsDisplayed(6281234567890, '\\+0'), '+6281234567890');
    assert.equal(numberAsDisplayed(81250001111, '0000 0000 0000'), '0812 5000 1111');
    assert.equal(numberAsDisplayed(81250001111, '0###-####-####'), '0812-5000-1111');
    assert.equal(numberAsDisplayed(1234, 'General'), '1234');
    assert.equal(numberAsDisplayed(1234, '#,##0'), '1234');
    assert.equal(numberAsDisplayed(1.5, '0'), '1.5');
    assert.equal(numberAsDisplayed(1234, undefined), '1234');
  });

  test('a CSV export writes phone numbers as they are (no leading apostrophe), and reads back the same with status and certificates', async () => {
    const create = async (name: string, phone: string, operatingStatus: Site['operatingStatus'], certificates: Site['certificates']) => {
      const saved = await call(api, 'site.create', {
        site: siteInput({ name, phone, operatingStatus, certificates, villageCode: VILLAGES.balikpapan, kbliCode: '13' }),
        confirm: { duplicate: true, outsideProvince: true },
      });
      assert.ok(saved.saved);
    };
    await create('Ekspor Telepon Nol', '0812-5000-1111', 'tutup', ['PIRT', 'HALAL']);
    await create('Ekspor Telepon Plus', '+62 812 5000 2222', 'berhenti_sementara', ['SNI', 'ISO9001', 'HKI']);
    nextPath = join(outDir, 'usaha.csv');
    const started = await call(api, 'export.start', { source: 'sites', format: 'csv', filter: { text: 'Ekspor Telepon' } });
    const exported = await finished(started!);
    assert.equal(exported.state, 'done', JSON.stringify(exported.error));
    const file = (exported.result as ExportResult).files[0].path;
    const bytes = readFileSync(file);
    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((r) => r['Telepon']).sort(), ['+62 812 5000 2222', '0812-5000-1111']);

    // The export's own file, imported into an empty register: every column it has is understood.
    const other = tempDir('ikm-import-back-');
    const back = openApi({ dbFile: join(other.dir, 'ikm.sqlite') });
    try {
      await call(back, 'setup.save', KALTIM_SETUP);
      const opened = await call(back, 'import.open', { fileName: 'usaha.csv', bytes: new Uint8Array(bytes) });
      const preview = await call(back, 'import.preview', { id: opened.id, mapping: opened.mapping });
      assert.deepEqual(preview.counts, { ok: 2, error: 0, duplicate: 0 }, JSON.stringify(preview.rows));
      let p = await call(back, 'import.start', { id: opened.id, mapping: opened.mapping });
      while (p.state === 'running') p = await call(back, 'job.watch', { id: p.id, after: p.seq });
      assert.equal(p.state, 'done', JSON.stringify(p.error));
      const items = (await call(back, 'site.list', { limit: 10 })).items;
      const sites = await Promise.all(items.map((s) => call(back, 'site.get', { id: s.id })));
      assert.deepEqual(
        sites.map((s) => [s.name, s.phone, s.operatingStatus, s.certificates]).sort(),
        [
          ['Ekspor Telepon Nol', '081250001111', 'tutup', ['HALAL', 'PIRT']],
          ['Ekspor Telepon Plus', '+6281250002222', 'berhenti_sementara', ['HKI', 'ISO9001', 'SNI']],
        ],
      );
    } finally {
      back.close();
      other.dispose();
    }
  });
});
