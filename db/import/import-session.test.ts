import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openApi, type Api } from '../api';
import type { ImportResult, JobProgress } from '../model';
import { call, KALTIM_SETUP, siteInput, tempDir, VILLAGES } from '../test-support';

/** The wizard's calls, through the API table as the window makes them. */
describe('import wizard channels', () => {
  const tmp = tempDir('ikm-import-session-');
  const outDir = join(tmp.dir, 'out');
  let nextPath: string | null = null;
  let api: Api;
  let existingId = '';

  before(async () => {
    mkdirSync(outDir);
    api = openApi({ dbFile: join(tmp.dir, 'ikm.sqlite'), shell: { chooseSavePath: async () => nextPath } });
    await call(api, 'setup.save', KALTIM_SETUP);
    const saved = await call(api, 'site.create', { site: siteInput({ name: 'UD. Amplang Mama Ani', ownerName: null, phone: null, products: null }) });
    assert.ok(saved.saved);
    existingId = saved.site.id;
  });
  after(() => {
    api.close();
    tmp.dispose();
  });

  const HEADERS = ['No', 'Nama Usaha', 'Pemilik', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI', 'No. HP', 'Produk', 'Kolom Lain'];
  const ROWS = [
    ['1', 'Kerupuk Ikan Haruan', 'Siti', 'Kota Samarinda', 'Palaran', 'Rawa Makmur', '10', '0812-5000-1111', '', 'x'],
    ['2', 'Amplang Mama Ani', 'Ani', 'SAMARINDA', 'Palaran', 'Rawa Makmur', '10', '0812 7777 8888', 'Amplang', 'x'],
    ['3', 'Tenun Doyo', 'Rina', 'Kutai Kartanegara', '', 'Desa Yang Tidak Ada', '13', '', '', 'x'],
    ['4', 'Kerupuk Ikan Haruan', '', 'Samarinda', 'Palaran', 'Rawa Makmur', '10', '', 'Kerupuk haruan', 'x'],
    ['5', 'Anyaman Rotan', 'Dewi', 'Kab. Kutai Kartanegara', 'Marang Kayu', 'Sebuntal', '99', '', '', 'x'],
    ['6', 'Anyaman Rotan Dewi', 'Dewi', 'Kab. Kutai Kartanegara', 'Marang Kayu', 'Sebuntal', '16', '', '', 'x'],
  ];
  const csv = () => new TextEncoder().encode('\ufeff' + [HEADERS, ...ROWS].map((r) => r.join(';')).join('\r\n'));

  async function finished(progress: JobProgress): Promise<JobProgress> {
    let p = progress;
    while (p.state === 'running') p = await call(api, 'job.watch', { id: p.id, after: p.seq });
    return p;
  }

  test('open suggests a mapping, preview reports each row, import merges and skips as chosen, then remembers the mapping', async () => {
    const opened = await call(api, 'import.open', { fileName: 'daftar-ikm.csv', bytes: csv() });
    assert.equal(opened.rowCount, 6);
    assert.equal(opened.remembered, false);
    assert.deepEqual(opened.mapping, [null, 'name', 'ownerName', 'regency', 'district', 'village', 'kbliCode', 'phone', 'products', null]);
    assert.deepEqual(opened.sample[0], ROWS[0]);

    const preview = await call(api, 'import.preview', { id: opened.id, mapping: opened.mapping });
    assert.deepEqual(
      preview.rows.map((r) => [r.line, r.status, r.problems.map((p) => p.code)]),
      [
        [2, 'ok', []],
        [3, 'duplicate', ['duplicate_of_site']],
        [4, 'error', ['area_village_not_found']],
        [5, 'duplicate', ['duplicate_of_line']],
        [6, 'error', ['kbli_division']],
        [7, 'ok', []],
      ],
    );
    assert.equal(preview.rows[1].duplicateOfId, existingId);
    assert.deepEqual(preview.counts, { ok: 2, error: 2, duplicate: 2 });

    // The per-row report, saved as a workbook with the original cells.
    nextPath = join(outDir, 'laporan.xlsx');
    assert.deepEqual(await call(api, 'import.saveReport', { id: opened.id, mapping: opened.mapping }), { path: nextPath });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(nextPath);
    const sheet = book.getWorksheet('Laporan impor')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1, 5);
    assert.deepEqual(values(1), ['Baris asal', 'Status', 'Masalah impor', 'No']);
    assert.deepEqual(values(2), [3, 'Kemungkinan duplikat', 'Sudah ada: UD. Amplang Mama Ani', '2']);
    assert.equal(values(3)[0], 4);
    assert.equal(values(3)[2], 'Desa/kelurahan "Desa Yang Tidak Ada" tidak ditemukan; periksa ejaan atau isi kode desa');
    assert.equal(sheet.rowCount, 5);

    // In English the report says every row in English: the UI's language, kept by the core.
    await call(api, 'settings.setLanguage', { language: 'en' });
    nextPath = join(outDir, 'report.xlsx');
    await call(api, 'import.saveReport', { id: opened.id, mapping: opened.mapping });
    const english = new ExcelJS.Workbook();
    await english.xlsx.readFile(nextPath);
    const englishSheet = english.getWorksheet('Import report')!;
    const englishRows = [1, 2, 3, 4, 5].map((n) => (englishSheet.getRow(n).values as unknown[]).slice(1, 4));
    assert.deepEqual(englishRows, [
      ['Source row', 'Status', 'Import problems'],
      [3, 'Likely duplicate', 'Already registered: UD. Amplang Mama Ani'],
      [4, 'Needs fixing', 'Village "Desa Yang Tidak Ada" not found; check the spelling or fill in the village code'],
      [5, 'Likely duplicate', 'Same as row 2 of this file'],
      [6, 'Needs fixing', 'KBLI must be a manufacturing division, 10–33'],
    ]);
    await call(api, 'settings.setLanguage', { language: 'id' });

    // Merge everything by default, but skip line 3 (the stored duplicate).
    const started = await call(api, 'import.start', { id: opened.id, mapping: opened.mapping, duplicates: 'merge', decisions: { '3': 'skip' } });
    const done = await finished(started);
    assert.equal(done.state, 'done', JSON.stringify(done.error));
    assert.deepEqual(done.result as ImportResult, { added: 2, merged: 1, skipped: 1, errors: 2 });
    const list = await call(api, 'site.list', { limit: 50 });
    assert.deepEqual(list.items.map((s) => s.name).sort(), ['Anyaman Rotan Dewi', 'Kerupuk Ikan Haruan', 'UD. Amplang Mama Ani']);
    // Line 5 was merged into line 2 before it was written: its products fill what line 2 lacked.
    const kerupuk = list.items.find((s) => s.name === 'Kerupuk Ikan Haruan')!;
    assert.equal(kerupuk.products, 'Kerupuk haruan');
    assert.equal(kerupuk.ownerName, 'Siti');
    // The stored site was skipped: it still lacks a phone.
    assert.equal((await call(api, 'site.get', { id: existingId })).phone, null);

    // The same file again: the mapping is remembered; merging the stored duplicate fills its blanks; nothing is added.
    const again = await call(api, 'import.open', { fileName: 'daftar-ikm.csv', bytes: csv() });
    assert.equal(again.remembered, true);
    const second = await finished(await call(api, 'import.start', { id: again.id, mapping: again.mapping, duplicates: 'merge' }));
    assert.deepEqual(second.result as ImportResult, { added: 0, merged: 1, skipped: 0, errors: 2 });
    const merged = await call(api, 'site.get', { id: existingId });
    assert.equal(merged.phone, '081277778888');
    assert.equal(merged.products, 'Amplang');
    assert.equal(merged.name, 'UD. Amplang Mama Ani');
    assert.equal(merged.villageCode, VILLAGES.samarinda);
    // A third time changes nothing at all.
    const before = await call(api, 'sync.info');
    const third = await finished(await call(api, 'import.start', { id: again.id, mapping: again.mapping, duplicates: 'merge' }));
    assert.deepEqual(third.result as ImportResult, { added: 0, merged: 0, skipped: 0, errors: 2 });
    assert.equal((await call(api, 'sync.info')).lastSeq, before.lastSeq);
    assert.equal((await call(api, 'site.counts')).total, 3);
  });

  test('bad requests are refused clearly and change nothing', async () => {
    const opened = await call(api, 'import.open', { fileName: 'daftar-ikm.csv', bytes: csv() });
    const noName = await api.dispatch('import.preview', { id: opened.id, mapping: opened.mapping.map((f) => (f === 'name' ? null : f)) });
    assert.deepEqual(noName.ok ? null : noName.error.message, 'Pilih kolom yang berisi nama usaha');
    const twice = await api.dispatch('import.preview', { id: opened.id, mapping: opened.mapping.map((f) => (f === 'ownerName' ? 'name' : f)) });
    assert.match(twice.ok ? '' : twice.error.message, /hanya boleh diambil dari satu kolom/);
    const short = await api.dispatch('import.preview', { id: opened.id, mapping: ['name'] });
    assert.match(short.ok ? '' : short.error.message, /untuk 10 kolom/);
    const gone = await api.dispatch('import.start', { id: '00000000-0000-4000-8000-000000000000', mapping: opened.mapping });
    assert.equal(gone.ok ? '' : gone.error.code, 'NOT_FOUND');
    const word = await api.dispatch('import.open', { fileName: 'surat.docx', bytes: new TextEncoder().encode('hello') });
    assert.equal(word.ok ? '' : word.error.message, 'Pilih berkas .xlsx atau .csv');
    const path = await api.dispatch('import.open', { fileName: 'a.csv', bytes: 'C:/data/a.csv' });
    assert.equal(path.ok ? '' : path.error.code, 'VALIDATION');
    assert.equal((await call(api, 'site.counts')).total, 3);
  });

  test('a refused file or request answers with its reason and parameters, never only an Indonesian sentence (issue 10.17)', async () => {
    // Real files in the temp folder, read back as the window reads a chosen file.
    const file = (name: string, content: string | Uint8Array) => {
      const path = join(tmp.dir, name);
      writeFileSync(path, content);
      return new Uint8Array(readFileSync(path));
    };
    const refusal = async (channel: 'import.open' | 'import.preview' | 'import.start', input: unknown) => {
      const result = await api.dispatch(channel, input);
      assert.equal(result.ok, false, `${channel} should be refused`);
      const { code, reason, params } = result.ok ? ({} as never) : result.error;
      return { code, reason, params };
    };
    const open = (fileName: string, bytes: Uint8Array) => refusal('import.open', { fileName, bytes });

    // An empty file is said by the reader, not refused as "not valid" input.
    assert.deepEqual(await open('kosong.csv', file('kosong.csv', '')), { code: 'VALIDATION', reason: 'import_no_data', params: undefined });
    assert.equal((await open('baris-kosong.csv', file('baris-kosong.csv', ';;\r\n\r\n ; \r\n'))).reason, 'import_no_data');
    assert.deepEqual(await open('judul.csv', file('judul.csv', 'Nama Usaha;Desa\r\n')), { code: 'VALIDATION', reason: 'import_header_only', params: undefined });
    const windows1252 = file('win.csv', Buffer.from('Nama;Desa\r\nCaf\xe9 Ani;Rawa Makmur\r\n', 'latin1'));
    assert.equal((await open('win.csv', windows1252)).reason, 'import_csv_not_utf8');
    const quote = file('kutip.csv', 'Nama;Desa\r\nAni;Rawa\r\n"Budi;Sebuntal\r\nCitra;Palaran\r\n');
    // The parser stops at the end of the file, still inside the quote opened on line 3: "at line 6 or before".
    assert.deepEqual(await open('kutip.csv', quote), { code: 'VALIDATION', reason: 'import_csv_unreadable', params: { line: 6 } });
    const rows = file('banyak.csv', 'Nama Usaha\n' + 'Usaha\n'.repeat(100_001));
    assert.deepEqual(await open('banyak.csv', rows), { code: 'VALIDATION', reason: 'import_too_many_rows', params: { max: 100_000 } });
    // Over the Excel limit yet under the API's: the reader refuses it by its size, in MB.
    const big = new Uint8Array(21 * 1024 * 1024);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    assert.deepEqual(await open('besar.xlsx', file('besar.xlsx', big)), { code: 'VALIDATION', reason: 'import_xlsx_too_large', params: { mb: 20 } });
    assert.equal((await open('rusak.xlsx', file('rusak.xlsx', 'bukan zip'))).reason, 'import_not_xlsx');
    assert.equal((await open('surat.docx', file('surat.docx', 'hello'))).reason, 'import_file_type');

    const opened = await call(api, 'import.open', { fileName: 'daftar-ikm.csv', bytes: csv() });
    const noName = opened.mapping.map((f) => (f === 'name' ? null : f));
    assert.equal((await refusal('import.preview', { id: opened.id, mapping: noName })).reason, 'import_name_unmapped');
    assert.deepEqual(await refusal('import.preview', { id: opened.id, mapping: ['name'] }), {
      code: 'VALIDATION', reason: 'import_mapping_columns', params: { columns: 10 },
    });
    const gone = await refusal('import.start', { id: '00000000-0000-4000-8000-000000000000', mapping: opened.mapping });
    assert.deepEqual(gone, { code: 'NOT_FOUND', reason: 'import_file_gone', params: undefined });
    assert.equal((await call(api, 'site.counts')).total, 3);
  });
});

/**
 * The write phase: the accepted rows go in as one transaction that stays open across the write's
 * steps, so its progress reaches the window and Cancel rolls the whole of it back.
 */
describe('import wizard write phase', () => {
  const HEADERS = ['Nama Usaha', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI'];
  const ROWS = 450;
  // Names of random letters (a fixed seed): no two alike, so none is held back as a likely duplicate.
  let seed = 7;
  const letter = () => String.fromCharCode(97 + ((seed = (seed * 48271) % 2147483647) % 26));
  const word = () => Array.from({ length: 6 }, letter).join('');
  const names = Array.from({ length: ROWS }, () => `${word()} ${word()} ${word()}`);
  const csv = () =>
    new TextEncoder().encode(
      [HEADERS, ...names.map((name) => [name, 'Kota Samarinda', 'Palaran', 'Rawa Makmur', '10'])]
        .map((r) => r.join(';'))
        .join('\r\n'),
    );

  /** Watches a job until `stop` says so (or it ends), returning every progress it saw. */
  async function watchUntil(api: Api, first: JobProgress, stop: (p: JobProgress) => boolean): Promise<JobProgress[]> {
    const seen = [first];
    let p = first;
    while (p.state === 'running' && !stop(p)) {
      p = await call(api, 'job.watch', { id: p.id, after: p.seq });
      seen.push(p);
    }
    return seen;
  }
  // Sites written and reported while the job still runs, i.e. before the transaction commits (the
  // job reports every step at most five times a second, and always the last one before its final
  // chance to cancel).
  const midWrite = (p: JobProgress) => p.state === 'running' && p.phase === 'write' && p.done > 0;

  test('Cancel during the write phase rolls the one transaction back: nothing is written, calls made meanwhile see nothing of it', async () => {
    const tmp = tempDir('ikm-import-cancel-');
    const dbFile = join(tmp.dir, 'ikm.sqlite');
    let api = openApi({ dbFile });
    try {
      await call(api, 'setup.save', KALTIM_SETUP);
      await call(api, 'site.create', { site: siteInput({ name: 'Usaha Yang Sudah Ada' }) });
      const before = await call(api, 'sync.info');
      const opened = await call(api, 'import.open', { fileName: 'besar.csv', bytes: csv() });

      const started = await call(api, 'import.start', { id: opened.id, mapping: opened.mapping });
      const seen = await watchUntil(api, started, midWrite);
      const last = seen[seen.length - 1];
      // The window sees the write move on, not only its start and its end.
      assert.ok(midWrite(last), `no progress within the write phase: ${JSON.stringify(seen.map((p) => [p.phase, p.done, p.total, p.state]))}`);
      // A call made while the transaction is open waits for it, rather than reading half an import.
      const countedMeanwhile = call(api, 'site.counts');
      const cancelled = await call(api, 'job.cancel', { id: last.id });
      const end = (await watchUntil(api, cancelled, () => false)).pop()!;
      assert.equal(end.state, 'cancelled');
      assert.equal((await countedMeanwhile).total, 1);

      assert.equal((await call(api, 'site.counts')).total, 1);
      const after = await call(api, 'sync.info');
      assert.equal(after.lastSeq, before.lastSeq, 'no change message survives the rollback');
      // Nothing was decided: the mapping is not remembered either.
      assert.equal((await call(api, 'import.open', { fileName: 'besar.csv', bytes: csv() })).remembered, false);

      // The replica is the same one after a restart: the rolled-back stamps never reached the
      // replica file beside the database (it would take the file for a restored backup).
      api.close();
      api = openApi({ dbFile });
      assert.equal((await call(api, 'sync.info')).replicaId, after.replicaId);
      // And the connection is free again.
      await call(api, 'site.create', { site: siteInput({ name: 'Usaha Sesudah Batal' }) });
      assert.equal((await call(api, 'site.counts')).total, 2);
    } finally {
      api.close();
      tmp.dispose();
    }
  });

  test('an import that is not cancelled reports the write step by step and commits every row', async () => {
    const tmp = tempDir('ikm-import-write-');
    const api = openApi({ dbFile: join(tmp.dir, 'ikm.sqlite') });
    try {
      await call(api, 'setup.save', KALTIM_SETUP);
      const opened = await call(api, 'import.open', { fileName: 'besar.csv', bytes: csv() });
      const seen = await watchUntil(api, await call(api, 'import.start', { id: opened.id, mapping: opened.mapping }), () => false);
      const end = seen[seen.length - 1];
      assert.equal(end.state, 'done', JSON.stringify(end.error));
      assert.deepEqual(end.result as ImportResult, { added: ROWS, merged: 0, skipped: 0, errors: 0 });
      assert.ok(seen.some(midWrite), 'progress within the write phase');
      assert.equal((await call(api, 'site.counts')).total, ROWS);
    } finally {
      api.close();
      tmp.dispose();
    }
  });
});

describe('import write rule', () => {
  test('every row the report calls ready is written, a similar name included, and a site saved since the check is not added twice', async () => {
    const tmp = tempDir('ikm-import-rule-');
    const api = openApi({ dbFile: join(tmp.dir, 'ikm.sqlite') });
    try {
      await call(api, 'setup.save', KALTIM_SETUP);
      await call(api, 'site.create', { site: siteInput({ name: 'Amplang Mama Ani' }) });
      const rows = [
        ['Nama Usaha', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI'],
        // A similar name (a typo away) in the same desa: not the import's duplicate rule, so ready.
        ['Amplang Mama Any', 'Kota Samarinda', 'Palaran', 'Rawa Makmur', '10'],
        // Saved by someone else between the check and the import.
        ['Tenun Ulap Doyo Samarinda', 'Kota Samarinda', 'Palaran', 'Rawa Makmur', '13'],
      ];
      const opened = await call(api, 'import.open', { fileName: 'dua.csv', bytes: new TextEncoder().encode(rows.map((r) => r.join(';')).join('\r\n')) });
      const preview = await call(api, 'import.preview', { id: opened.id, mapping: opened.mapping });
      assert.deepEqual(preview.counts, { ok: 2, error: 0, duplicate: 0 });
      await call(api, 'site.create', { site: siteInput({ name: 'Tenun Ulap Doyo Samarinda', kbliCode: '13' }) });

      let p = await call(api, 'import.start', { id: opened.id, mapping: opened.mapping });
      while (p.state === 'running') p = await call(api, 'job.watch', { id: p.id, after: p.seq });
      assert.equal(p.state, 'done', JSON.stringify(p.error));
      assert.deepEqual(p.result as ImportResult, { added: 1, merged: 0, skipped: 1, errors: 0 });
      const names = (await call(api, 'site.list', { limit: 10 })).items.map((s) => s.name).sort();
      assert.deepEqual(names, ['Amplang Mama Ani', 'Amplang Mama Any', 'Tenun Ulap Doyo Samarinda']);
    } finally {
      api.close();
      tmp.dispose();
    }
  });
});
