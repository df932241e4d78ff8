import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { IMPORT_LIMITS } from '../model/import';
import { AppError } from '../model/result';
import { createSite, setUpApi, tempDir } from '../test-support';
import { deflated, repeatedDeflate, sheetRow, SHEET_HEAD, SHEET_TAIL, workbookWith } from './hostile-files';
import { readImportBytes } from './site-import';

/** The refusal a file gets: its reason and params (null when it was read). */
async function refusal(bytes: Uint8Array, fileName: string): Promise<{ reason?: string; params?: unknown } | null> {
  try {
    await readImportBytes(bytes, fileName);
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { reason: error.detail?.reason, params: error.detail?.params };
  }
}

const HEADER = ['Nama Usaha', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI'];
const GOOD_ROW = ['Roti Bom', 'Samarinda', 'Palaran', 'Rawa Makmur', '10'];
const goodSheet = SHEET_HEAD + sheetRow(1, HEADER) + sheetRow(2, GOOD_ROW);
/** 300 MB of peak memory: the import's promise for any file. */
const MAX_RSS_MB = 300;

describe('hostile import files', () => {
  const files = tempDir('ikm-hostile-');
  let dbFile: string;
  let dispose: () => void;
  before(async () => {
    const setup = await setUpApi();
    await createSite(setup.api, { name: 'UD. Amplang Mama Ani' });
    setup.api.close();
    dbFile = setup.dbFile;
    dispose = setup.dispose;
  });
  after(() => {
    dispose();
    files.dispose();
  });

  /** What the database holds, in counts and last row ids: equal before and after means nothing was written. */
  const fingerprint = () => {
    const db = new Database(dbFile, { readonly: true });
    try {
      return db
        .prepare<[], { sites: number; lastMessage: number; settings: number; settingValues: string }>(
          `SELECT (SELECT count(*) FROM site) AS sites, (SELECT max(rowid) FROM crdt_message) AS lastMessage,
                  (SELECT count(*) FROM setting) AS settings, (SELECT group_concat(key || '=' || value) FROM setting) AS settingValues`,
        )
        .get()!;
    } finally {
      db.close();
    }
  };

  /** `import FILE --commit` in a child process, with its peak memory (resident set, MB). */
  const importWithCli = (name: string, bytes: Uint8Array) => {
    const path = join(files.dir, name);
    writeFileSync(path, bytes);
    const reportPeak = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\npeak_rss_kb='+process.resourceUsage().maxRSS+'\\n'))`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', reportPeak, 'db/cli.ts', '--db', dbFile, 'import', path, '--commit'], {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
    });
    const peak = /peak_rss_kb=(\d+)/.exec(r.stderr);
    assert.ok(peak, r.stderr.slice(0, 2000));
    return { code: r.status, out: r.stdout, err: r.stderr.replace(/\npeak_rss_kb=\d+\n$/, ''), peakMb: Number(peak[1]) / 1024 };
  };

  test('an XLSX whose sheet declares 2,000 bytes but inflates to 200 MB stops at the limit: refused, under 300 MB, nothing written', () => {
    // Comments: XML exceljs skips, so only the running byte count can stop it.
    const pad = '<!-- padding -->'.repeat(4096);
    const sheet = repeatedDeflate(goodSheet, pad, Math.ceil((200 * 1024 * 1024) / pad.length), SHEET_TAIL);
    const bomb = workbookWith({ name: 'xl/worksheets/sheet1.xml', data: sheet, method: 8, declaredSize: 2000 });
    assert.ok(bomb.length < 1024 * 1024, 'the bomb weighs under 1 MB');
    const before = fingerprint();
    const run = importWithCli('bom.xlsx', bomb);
    assert.equal(run.code, 1, run.out.slice(0, 500));
    assert.equal(JSON.parse(run.err).reason, 'import_xlsx_unpacked_too_large');
    assert.deepEqual(JSON.parse(run.err).params, { mb: IMPORT_LIMITS.unzippedBytes / 1024 / 1024 });
    assert.equal(run.out, '');
    assert.ok(run.peakMb < MAX_RSS_MB, `peak ${run.peakMb.toFixed(0)} MB`);
    assert.deepEqual(fingerprint(), before);
  });

  test('a lying XLSX whose one cell inflates to 20 MB is refused before the cell is built, and the CLI prints none of it', () => {
    const cellHead = `${goodSheet}<row r="3"><c r="A3" t="inlineStr"><is><t>Roti `;
    const sheet = repeatedDeflate(cellHead, 'A'.repeat(65_536), 20 * 16, `</t></is></c></row>${SHEET_TAIL}`);
    const before = fingerprint();
    const run = importWithCli('sel.xlsx', workbookWith({ name: 'xl/worksheets/sheet1.xml', data: sheet, method: 8, declaredSize: 2000 }));
    assert.equal(run.code, 1, run.out.slice(0, 500));
    assert.deepEqual(JSON.parse(run.err), {
      code: 'VALIDATION',
      reason: 'import_xlsx_text_too_long',
      params: { max: IMPORT_LIMITS.cellChars },
      message: 'Berkas Excel berisi sel lebih dari 10.000 karakter (mungkin berkas rusak atau berbahaya)',
    });
    assert.equal(run.out, '');
    assert.ok(run.peakMb < MAX_RSS_MB, `peak ${run.peakMb.toFixed(0)} MB`);
    assert.deepEqual(fingerprint(), before);
  });

  test('the CLI prints a file\'s text only as short excerpts', () => {
    const long = 'Kerupuk '.repeat(625); // 5,000 characters: a cell under the limit, far over an excerpt
    const csv = [HEADER.join(';'), [long, 'Samarinda', 'Palaran', 'Rawa Makmur', '10'].join(';'), ['Roti', 'Samarinda', 'Palaran', long, '10'].join(';')].join('\n');
    const before = fingerprint();
    const run = importWithCli('panjang.csv', Buffer.from(csv));
    assert.equal(run.code, 0, run.err);
    const report = JSON.parse(run.out);
    assert.deepEqual(report.counts, { ok: 0, error: 2, duplicate: 0 });
    assert.ok(run.out.length < 3000, `printed ${run.out.length} characters`);
    assert.ok(!run.out.includes('Kerupuk '.repeat(20)), 'a long cell is cut short');
    assert.match(report.problems[0].name, /^Kerupuk .*… \(4999 karakter\)$/);
    // Both rows are errors: no site is added (the mapping is remembered, as --commit does).
    assert.deepEqual([fingerprint().sites, fingerprint().lastMessage], [before.sites, before.lastMessage]);
  });

  test('parts named with "..", an absolute path or a drive are refused', async () => {
    const sheet = deflated('xl/worksheets/sheet1.xml', goodSheet + SHEET_TAIL);
    assert.equal(await refusal(workbookWith(sheet), 'ok.xlsx'), null);
    for (const name of ['../../evil.sh', 'xl/../../evil.sh', '/etc/cron.d/evil', 'C:\\Windows\\evil.dll', 'xl\\..\\..\\evil.sh']) {
      assert.deepEqual(await refusal(workbookWith(sheet, [deflated(name, 'x')]), 'nama.xlsx'), { reason: 'import_xlsx_unsafe_name', params: undefined }, name);
    }
  });

  test('a part that inflates to other than it declares, even below the limit, is refused as damaged', async () => {
    const honest = deflated('xl/worksheets/sheet1.xml', goodSheet + SHEET_TAIL);
    assert.deepEqual(await refusal(workbookWith({ ...honest, declaredSize: honest.declaredSize - 1 }), 'bohong.xlsx'), {
      reason: 'import_xlsx_damaged',
      params: undefined,
    });
    const cut = { ...honest, data: honest.data.subarray(0, honest.data.length - 5) };
    assert.equal((await refusal(workbookWith(cut), 'terpotong.xlsx'))?.reason, 'import_xlsx_damaged');
  });

  test('a huge cell and a huge row of an XLSX are each refused with where they are', async () => {
    const book = async (rows: unknown[][]) => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Data');
      for (const row of rows) sheet.addRow(row);
      return new Uint8Array(await workbook.xlsx.writeBuffer());
    };
    assert.deepEqual(await refusal(await book([HEADER, ['Roti', 'x'.repeat(IMPORT_LIMITS.cellChars + 1)]]), 'sel.xlsx'), {
      reason: 'import_cell_too_long',
      params: { line: 2, column: 2, max: IMPORT_LIMITS.cellChars },
    });
    assert.deepEqual(await refusal(await book([HEADER, Array.from({ length: 600 }, (_, i) => `v${i}`)]), 'lebar.xlsx'), {
      reason: 'import_row_too_wide',
      params: { line: 2, max: IMPORT_LIMITS.columns },
    });
    // More cells in a row than Excel allows: stopped while inflating, before exceljs builds the row.
    const cells = '<c r="A2" t="inlineStr"><is><t>x</t></is></c>'.repeat(1000);
    const wide = repeatedDeflate(`${goodSheet}<row r="3">`, cells, 20, `</row>${SHEET_TAIL}`);
    const zip = workbookWith({ name: 'xl/worksheets/sheet1.xml', data: wide, method: 8, declaredSize: 20 * cells.length + goodSheet.length + 6 + SHEET_TAIL.length + 10 });
    assert.equal((await refusal(zip, 'lebar-sekali.xlsx'))?.reason, 'import_xlsx_damaged');
  });

  test('CSVs in the wrong encoding, binary files named .csv, huge cells and rows each get their own refusal', async () => {
    const text = `${HEADER.join(';')}\r\n${GOOD_ROW.join(';')}\r\n`;
    assert.equal(await refusal(Buffer.from(text), 'baik.csv'), null);
    const utf16 = Buffer.from(text, 'utf16le');
    assert.deepEqual(await refusal(utf16, 'unicode.csv'), { reason: 'import_csv_utf16', params: undefined });
    assert.deepEqual(await refusal(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]), 'unicode-bom.csv'), { reason: 'import_csv_utf16', params: undefined });
    assert.deepEqual(await refusal(Buffer.from(text, 'utf16le').swap16(), 'unicode-be.csv'), { reason: 'import_csv_utf16', params: undefined });
    assert.deepEqual(await refusal(randomBytes(200_000), 'acak.csv'), { reason: 'import_csv_not_text', params: undefined });
    // Binary without a zero byte: control bytes no text holds.
    const controls = Buffer.alloc(10_000, 'a');
    for (let i = 0; i < controls.length; i += 20) controls[i] = 0x01;
    assert.deepEqual(await refusal(controls, 'kendali.csv'), { reason: 'import_csv_not_text', params: undefined });
    const longCell = `${text}Roti;${'x'.repeat(IMPORT_LIMITS.cellChars + 1)};Palaran;Rawa Makmur;10\r\n`;
    assert.deepEqual(await refusal(Buffer.from(longCell), 'sel.csv'), {
      reason: 'import_cell_too_long',
      params: { line: 3, column: 2, max: IMPORT_LIMITS.cellChars },
    });
    const wide = `${text}${Array.from({ length: 600 }, (_, i) => `v${i}`).join(';')}\r\n`;
    assert.deepEqual(await refusal(Buffer.from(wide), 'lebar.csv'), { reason: 'import_row_too_wide', params: { line: 3, max: IMPORT_LIMITS.columns } });
    // Rows and columns each within their limits, but more cells than a list of sites fills.
    const row = Array.from({ length: 30 }, (_, i) => `v${i}`).join(';');
    const many = `${text}${`${row}\r\n`.repeat(Math.ceil(IMPORT_LIMITS.cells / 30))}`;
    assert.deepEqual(await refusal(Buffer.from(many), 'banyak.csv'), { reason: 'import_too_many_cells', params: { max: IMPORT_LIMITS.cells } });
    // A quote never closed: the rest of the file would be one cell.
    const open = `${text}"Roti;${'Samarinda;Palaran\r\n'.repeat(20_000)}`;
    assert.deepEqual(await refusal(Buffer.from(open), 'kutip.csv'), { reason: 'import_row_too_long', params: { line: 3, max: IMPORT_LIMITS.rowChars } });
  });
});
