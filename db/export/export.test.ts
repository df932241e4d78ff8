import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { openApi, type Api } from '../api';
import type { ExportRequest, ExportResult } from '../model/export';
import type { JobProgress } from '../model/job';
import { call, KALTIM_SETUP, anInventarisasi, RESPONDENT, siteInput, tempDir, VILLAGES } from '../test-support';

/** A visit number without this laptop's replica tag ("ANS/2026/K7Q-0001" → "ANS/2026/0001"), as tests state sequences. */
const withoutTag = (n: string) => n.replace(/([/-])[0-9A-Z]{3}-(\d{4})/, '$1$2');

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'test-fixtures', name)));

describe('export', () => {
  const tmp = tempDir('ikm-export-');
  const outDir = join(tmp.dir, 'out');
  let nextPath: string | null = null;
  let api: Api;
  const ids = { amplang: '', formula: '', balikpapan: '', inventarisasi: '', evaluasi: '', draft: '' };

  before(async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(outDir);
    api = openApi({
      dbFile: join(tmp.dir, 'ikm.sqlite'),
      appVersion: '9.9.9',
      shell: { chooseSavePath: async () => nextPath },
    });
    await call(api, 'setup.save', KALTIM_SETUP);
    // Signatures are required by default; these visits are finalized without them.
    await call(api, 'settings.setOffice', { signaturesRequired: false });
    const create = async (overrides: Parameters<typeof siteInput>[0]) => {
      const saved = await call(api, 'site.create', { site: siteInput(overrides), confirm: { duplicate: true, outsideProvince: true } });
      assert.ok(saved.saved);
      return saved.site.id;
    };
    ids.amplang = await create({ name: 'Amplang Café Mama Ani – Palaran', latitude: -0.5021, longitude: 117.1536, nib: '1234567890123', certificates: ['PIRT', 'HALAL'] });
    ids.formula = await create({
      name: '=HYPERLINK("http://x","klik")',
      ownerName: '@Budi',
      phone: '+62 812 5000 1111',
      products: '-kerupuk; +amplang',
      villageCode: VILLAGES.marangKayu,
      kbliCode: '22',
      operatingStatus: 'tidak_beroperasi',
    });
    ids.balikpapan = await create({ name: 'Tenun Ulap Doyo', villageCode: VILLAGES.balikpapan, kbliCode: '13' });

    const inv = await call(api, 'visit.saveDraft', {
      siteId: ids.amplang,
      data: anInventarisasi({
        visitDate: '2026-11-20',
        latitude: -0.5021,
        longitude: 117.1536,
        findings: '=1+1 bukan rumus',
        rawMaterials: [{ name: 'Ikan pipih', origin: 'lokal' }, { name: 'Tepung tapioka', origin: 'luar_provinsi' }],
      }),
    });
    ids.inventarisasi = (await call(api, 'visit.finalize', { id: inv.id })).id;
    const evaluasi = await call(api, 'visit.saveDraft', {
      siteId: ids.formula,
      data: {
        kind: 'evaluasi',
        visitDate: '2018-10-31',
        officers: ['Ani Suryani', 'Budi Santoso'],
        respondent: RESPONDENT,
        operatingStatus: 'tidak_beroperasi',
        stoppedSince: '2016-03-01',
        stopReasons: ['bahan_baku', 'modal'],
        stopNotes: 'Harga karet turun',
        buildingCondition: 'rusak_ringan',
        machineCondition: 'rusak_berat',
        revivalPotential: 4,
      },
    });
    ids.evaluasi = (await call(api, 'visit.finalize', { id: evaluasi.id })).id;
    await call(api, 'attachment.add', { visitId: ids.evaluasi, kind: 'photo', fileName: 'pabrik karet.jpg', bytes: fixture('photo-gps.jpg') });
    ids.draft = (await call(api, 'visit.saveDraft', { siteId: ids.balikpapan, data: { kind: 'identifikasi', visitDate: '2026-11-21', officers: ['Ani Suryani'] } })).id;
  });
  after(() => {
    api.close();
    tmp.dispose();
  });

  async function runExport(request: ExportRequest, file: string): Promise<ExportResult> {
    nextPath = join(outDir, file);
    const started = await call(api, 'export.start', request);
    assert.ok(started);
    let progress: JobProgress = started;
    while (progress.state === 'running') progress = await call(api, 'job.watch', { id: progress.id, after: progress.seq });
    assert.equal(progress.state, 'done', JSON.stringify(progress.error));
    return progress.result as ExportResult;
  }

  test('XLSX: a Kunjungan sheet, a Usaha IKM sheet and a Keterangan sheet, typed as Excel expects', async () => {
    const result = await runExport({ source: 'visits', format: 'xlsx' }, 'kunjungan.xlsx');
    assert.deepEqual(result.files, [{ path: join(outDir, 'kunjungan.xlsx'), kind: 'all', rows: 6 }]);
    assert.equal(result.visits, 3);
    assert.equal(result.sites, 3);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(outDir, 'kunjungan.xlsx'));
    assert.deepEqual(book.worksheets.map((s) => s.name), ['Kunjungan', 'Usaha IKM', 'Keterangan']);

    const visits = book.getWorksheet('Kunjungan')!;
    const header = (visits.getRow(1).values as unknown[]).slice(1) as string[];
    const cell = (row: number, name: string) => visits.getRow(row).getCell(header.indexOf(name) + 1);
    assert.equal(visits.rowCount, 4);
    const view = visits.views[0] as Partial<ExcelJS.WorksheetViewFrozen>;
    assert.deepEqual([view.state, view.xSplit, view.ySplit], ['frozen', 1, 1], 'frozen header row');
    assert.ok(visits.autoFilter, 'autofilter on the header');
    // Newest first, as the log shows them.
    const numbers = [2, 3, 4].map((r) => cell(r, 'No. kunjungan').value);
    assert.deepEqual(numbers.map((n) => withoutTag(String(n))), ['ANS/2026/0003', 'ANS/2026/0001', 'ANS/2026/0002']);

    // The inventarisasi: dates are dates, money is money, lists are readable.
    assert.deepEqual(cell(3, 'Tanggal kunjungan').value, new Date(Date.UTC(2026, 10, 20)));
    assert.equal(cell(3, 'Tanggal kunjungan').numFmt, 'dd/mm/yyyy');
    assert.equal(cell(3, 'Inventarisasi: nilai produksi per tahun (Rp)').value, 240_000_000);
    assert.match(cell(3, 'Inventarisasi: nilai produksi per tahun (Rp)').numFmt, /Rp/);
    assert.equal(cell(3, 'Inventarisasi: nilai investasi (Rp)').value, 150_000_000);
    assert.equal(cell(3, 'TK laki-laki').value, 4);
    assert.equal(cell(3, 'Jumlah TK').value, 10);
    assert.equal(cell(3, 'Lintang').value, -0.5021);
    assert.equal(cell(3, 'Inventarisasi: bahan baku (asal)').value, 'Ikan pipih (lokal); Tepung tapioka (luar provinsi)');
    assert.equal(cell(3, 'Inventarisasi: sertifikat dimiliki').value, 'PIRT; Halal');
    assert.equal(cell(3, 'Nama usaha').value, 'Amplang Café Mama Ani – Palaran');
    assert.equal(cell(3, 'Kode desa/kelurahan').value, VILLAGES.samarinda);
    assert.equal(cell(3, 'Kabupaten/kota').value, 'Kota Samarinda');
    assert.equal(cell(3, 'Wilayah pengembangan').value, 'Wilayah II');
    assert.equal(cell(3, 'Temuan').value, '=1+1 bukan rumus');
    assert.equal(cell(3, 'Temuan').type, ExcelJS.ValueType.String);
    assert.equal(cell(3, 'Evaluasi: kondisi mesin').value, null);

    // The evaluasi of the stopped rubber plant.
    assert.equal(cell(4, 'Jenis kunjungan').value, 'Evaluasi');
    assert.equal(cell(4, 'Petugas').value, 'Ani Suryani; Budi Santoso');
    assert.deepEqual(cell(4, 'Evaluasi: berhenti sejak').value, new Date(Date.UTC(2016, 2, 1)));
    assert.equal(cell(4, 'Evaluasi: penyebab berhenti').value, 'Bahan baku; Modal');
    assert.equal(cell(4, 'Evaluasi: potensi dihidupkan kembali (1–5)').value, 4);
    assert.equal(cell(4, 'Nama usaha').value, '=HYPERLINK("http://x","klik")');
    assert.equal(cell(4, 'Nama usaha').type, ExcelJS.ValueType.String);
    assert.equal(cell(4, 'Kabupaten/kota').value, 'Kabupaten Kutai Kartanegara');
    // The draft keeps what it has.
    assert.equal(cell(2, 'Status').value, 'Draf');
    assert.equal(cell(2, 'Nama responden').value, null);

    const sites = book.getWorksheet('Usaha IKM')!;
    const siteHeader = (sites.getRow(1).values as unknown[]).slice(1) as string[];
    const siteCell = (row: number, name: string) => sites.getRow(row).getCell(siteHeader.indexOf(name) + 1);
    assert.equal(sites.rowCount, 4);
    const names = [2, 3, 4].map((r) => siteCell(r, 'Nama usaha').value);
    assert.deepEqual(names, ['Tenun Ulap Doyo', 'Amplang Café Mama Ani – Palaran', '=HYPERLINK("http://x","klik")']);
    assert.equal(siteCell(4, 'Nama pemilik').value, '@Budi');
    assert.equal(siteCell(4, 'Telepon').value, '+62 812 5000 1111');
    assert.equal(siteCell(4, 'Telepon').type, ExcelJS.ValueType.String);
    assert.equal(siteCell(4, 'Produk').value, '-kerupuk; +amplang');
    assert.equal(siteCell(3, 'NIB').value, '1234567890123');
    assert.equal(siteCell(3, 'Tenaga kerja').value, 10);
    assert.equal(siteCell(3, 'Golongan pokok KBLI').value, 'Industri Makanan');
    assert.ok(siteCell(3, 'Didaftarkan').value instanceof Date);

    const info = book.getWorksheet('Keterangan')!;
    const lines = new Map<string, unknown>();
    info.eachRow((row) => lines.set(String(row.getCell(1).value), row.getCell(2).value));
    assert.equal(lines.get('Diekspor oleh'), 'Ani Suryani (NIP 198703122010012003)');
    assert.equal(lines.get('Jumlah kunjungan'), 3);
    assert.ok(lines.get('Diekspor pada') instanceof Date);
    assert.equal(lines.get('(tanpa filter)'), 'Semua data');
  });

  test('the filter of the log decides the rows, and is written down', async () => {
    const result = await runExport(
      { source: 'visits', format: 'xlsx', filter: { status: 'final', regencyCode: '64.02' } },
      'filtered.xlsx',
    );
    assert.equal(result.visits, 1);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(outDir, 'filtered.xlsx'));
    assert.equal(book.getWorksheet('Kunjungan')!.rowCount, 2);
    const lines = new Map<string, unknown>();
    book.getWorksheet('Keterangan')!.eachRow((row) => lines.set(String(row.getCell(1).value), row.getCell(2).value));
    assert.equal(lines.get('Status'), 'Final');
    assert.equal(lines.get('Kabupaten/kota'), 'Kabupaten Kutai Kartanegara');
  });

  test('CSV: one RFC 4180 file per table, UTF-8 with BOM, formula-looking text kept as text', async () => {
    const result = await runExport({ source: 'visits', format: 'csv' }, 'log.csv');
    assert.deepEqual(
      result.files.map((f) => [f.path, f.kind, f.rows]),
      [
        [join(outDir, 'log.csv'), 'visits', 3],
        [join(outDir, 'log - Usaha IKM.csv'), 'sites', 3],
      ],
    );
    const raw = readFileSync(join(outDir, 'log.csv'));
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(raw.toString('utf8').includes('\r\n'));
    const visits = parse(raw, { bom: true, columns: true }) as Record<string, string>[];
    assert.equal(visits.length, 3);
    const inv = visits.find((v) => v['Jenis kunjungan'] === 'Inventarisasi')!;
    assert.equal(inv['Nama usaha'], 'Amplang Café Mama Ani – Palaran');
    assert.equal(inv['Tanggal kunjungan'], '2026-11-20');
    assert.equal(inv['Inventarisasi: nilai produksi per tahun (Rp)'], '240000000');
    assert.equal(inv['Temuan'], "'=1+1 bukan rumus");
    assert.equal(inv['Lintang'], '-0.5021');
    const sites = parse(readFileSync(join(outDir, 'log - Usaha IKM.csv')), { bom: true, columns: true }) as Record<string, string>[];
    const formula = sites.find((s) => s['Nama pemilik'] === "'@Budi")!;
    assert.equal(formula['Nama usaha'], `'=HYPERLINK("http://x","klik")`);
    // A phone number is not a formula: written as it is, so the file reads back the same (issue 20.12).
    assert.equal(formula['Telepon'], '+62 812 5000 1111');
    assert.equal(formula['Kode kab/kota'], '64.02');
  });

  test('the register exports its filtered sites; GeoJSON only those with coordinates', async () => {
    const csv = await runExport({ source: 'sites', format: 'csv', filter: { kbliDivision: '10' } }, 'usaha.csv');
    assert.equal(csv.sites, 1);
    assert.equal(csv.files.length, 1);
    const geo = await runExport({ source: 'sites', format: 'geojson' }, 'usaha.geojson');
    const collection = JSON.parse(readFileSync(geo.files[0].path, 'utf8'));
    assert.equal(collection.type, 'FeatureCollection');
    assert.equal(collection.features.length, 1);
    assert.deepEqual(collection.features[0].geometry, { type: 'Point', coordinates: [117.1536, -0.5021] });
    assert.equal(collection.features[0].properties.name, 'Amplang Café Mama Ani – Palaran');
    const visitsGeo = await runExport({ source: 'visits', format: 'geojson' }, 'kunjungan.geojson');
    const visitFeatures = JSON.parse(readFileSync(visitsGeo.files[0].path, 'utf8')).features;
    assert.deepEqual(visitFeatures.map((f: { properties: { number: string } }) => withoutTag(f.properties.number)), ['ANS/2026/0001']);
  });

  test('JSON holds every selected visit and site whole, with who exported it', async () => {
    const result = await runExport({ source: 'visits', format: 'json', filter: { kind: 'evaluasi' } }, 'semua.json');
    const json = JSON.parse(readFileSync(result.files[0].path, 'utf8'));
    assert.equal(json.visits.length, 1);
    assert.equal(json.visits[0].data.stopNotes, 'Harga karet turun');
    assert.equal(json.visits[0].site.regencyCode, '64.02');
    assert.equal(json.sites.length, 1);
    assert.equal(json.sites[0].name, '=HYPERLINK("http://x","klik")');
    assert.equal(json.export.exportedBy, 'Ani Suryani (NIP 198703122010012003)');
    assert.deepEqual(json.export.counts, { visits: 1, sites: 1 });
  });

  test('the photos of the exported visits come in a ZIP, one folder per visit number', async () => {
    const result = await runExport({ source: 'visits', format: 'xlsx', attachments: true }, 'dengan-foto.xlsx');
    const zipFile = result.files.find((f) => f.kind === 'attachments')!;
    assert.equal(zipFile.path, join(outDir, 'dengan-foto - Lampiran.zip'));
    assert.equal(result.attachments, 1);
    const entries = unzipSync(readFileSync(zipFile.path));
    assert.deepEqual(Object.keys(entries).map(withoutTag), ['ANS-2026-0002/pabrik karet.jpg']);
    assert.deepEqual(Buffer.from(entries[Object.keys(entries)[0]]), Buffer.from(fixture('photo-gps.jpg')));
  });

  test('a photo whose file was damaged on disk is left out of the ZIP, never written as the photo', async () => {
    const { writeFileSync } = await import('node:fs');
    const png = fixture('photo-plain.png');
    const added = await call(api, 'attachment.add', { visitId: ids.evaluasi, kind: 'photo', fileName: 'rusak.png', bytes: png });
    const sha = added.attachment.sha256;
    const damaged = Buffer.from(png);
    damaged[damaged.length - 1] ^= 0xff;
    writeFileSync(join(tmp.dir, 'attachments', sha.slice(0, 2), sha), damaged);
    const result = await runExport({ source: 'visits', format: 'xlsx', attachments: true }, 'foto-rusak.xlsx');
    assert.equal(result.attachments, 1);
    const entries = unzipSync(readFileSync(result.files.find((f) => f.kind === 'attachments')!.path));
    assert.deepEqual(Object.keys(entries).map(withoutTag), ['ANS-2026-0002/pabrik karet.jpg']);
    await call(api, 'attachment.remove', { id: added.attachment.id });
  });

  test('a cancelled export leaves no file under the chosen name, and no temp file', async () => {
    const before = readdirSync(outDir).sort();
    nextPath = join(outDir, 'batal.xlsx');
    const started = (await call(api, 'export.start', { source: 'visits', format: 'xlsx', attachments: true }))!;
    await call(api, 'job.cancel', { id: started.id });
    let progress = started;
    while (progress.state === 'running') progress = await call(api, 'job.watch', { id: progress.id, after: progress.seq });
    assert.equal(progress.state, 'cancelled');
    assert.ok(!existsSync(join(outDir, 'batal.xlsx')));
    assert.deepEqual(readdirSync(outDir).sort(), before);
  });

  test('a failed export reports why and leaves no half file; a missing folder is refused at once', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    // The chosen name is a folder with something in it: the final rename fails after all rows are written.
    mkdirSync(join(outDir, 'terpakai.csv'));
    writeFileSync(join(outDir, 'terpakai.csv', 'isi.txt'), 'x');
    const before = readdirSync(outDir).sort();
    nextPath = join(outDir, 'terpakai.csv');
    const started = (await call(api, 'export.start', { source: 'sites', format: 'csv' }))!;
    let progress = started;
    while (progress.state === 'running') progress = await call(api, 'job.watch', { id: progress.id, after: progress.seq });
    assert.equal(progress.state, 'failed');
    assert.equal(progress.error?.code, 'INTERNAL');
    assert.deepEqual(readdirSync(outDir).sort(), before, 'no temp file left');

    nextPath = join(outDir, 'tidak-ada', 'x.csv');
    const refused = await api.dispatch('export.start', { source: 'sites', format: 'csv' });
    assert.equal(!refused.ok && refused.error.message, `Folder tujuan tidak ditemukan: ${join(outDir, 'tidak-ada')}`);
  });

  test('closing the save dialog starts nothing', async () => {
    nextPath = null;
    assert.equal(await call(api, 'export.start', { source: 'visits', format: 'csv' }), null);
    const bad = await api.dispatch('export.start', { source: 'visits', format: 'docx' });
    assert.equal(!bad.ok && bad.error.code, 'VALIDATION');
  });
});
