import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { openApi, type Api } from '../api';
import type { ExportRequest, ExportResult } from '../model/export';
import type { JobProgress } from '../model/job';
import type { SiteInput } from '../model/site';
import type { StoppedListQuery } from '../model/stopped';
import { call, KALTIM_SETUP, RESPONDENT, siteInput, tempDir, VILLAGES } from '../test-support';

/** An evaluasi visit, complete; tests say what the officer found. */
const evaluation = (over: Record<string, unknown>) => ({
  kind: 'evaluasi',
  visitDate: '2026-10-01',
  officers: ['Ani Suryani'],
  respondent: RESPONDENT,
  operatingStatus: 'tidak_beroperasi',
  buildingCondition: 'rusak_ringan',
  machineCondition: 'baik',
  revivalPotential: 3,
  ...over,
});

describe('Pabrik tidak beroperasi (stopped.list, print.stopped, export)', () => {
  const tmp = tempDir('ikm-stopped-');
  const outDir = join(tmp.dir, 'out');
  let nextPath: string | null = null;
  let api: Api;
  const id = { amplang: '', karet: '', tenun: '', aktif: '', draftOnly: '', archived: '' };
  let wilayah: { I: string; II: string; III: string };
  let lastEvaluationNumber = '';

  before(async () => {
    mkdirSync(outDir);
    api = openApi({ dbFile: join(tmp.dir, 'ikm.sqlite'), shell: { chooseSavePath: async () => nextPath } });
    await call(api, 'setup.save', KALTIM_SETUP);
    await call(api, 'settings.setOffice', { signaturesRequired: false });
    const create = async (over: Partial<SiteInput>) => {
      const saved = await call(api, 'site.create', { site: siteInput(over), confirm: { duplicate: true, outsideProvince: true } });
      assert.ok(saved.saved);
      return saved.site.id;
    };
    const evaluate = async (siteId: string, over: Record<string, unknown>, finalize = true) => {
      const draft = await call(api, 'visit.saveDraft', { siteId, data: evaluation(over) as never });
      return finalize ? await call(api, 'visit.finalize', { id: draft.id }) : draft;
    };
    // Samarinda (Wilayah II), food, stopped: evaluated once, potential 4.
    id.amplang = await create({ name: 'Amplang Mama Ani', kbliCode: '10' });
    await evaluate(id.amplang, {
      visitDate: '2026-09-15',
      stoppedSince: '2026-02-01',
      stopReasons: ['modal'],
      stopNotes: 'Mesin dijual',
      revivalPotential: 4,
      recommendations: [{ text: 'Bantuan modal KUR', dueDate: '2027-03-31' }],
    });
    // Marang Kayu, Kutai Kartanegara (Wilayah III), rubber: evaluated twice; the later one counts.
    id.karet = await create({ name: 'Pabrik Karet Marang Kayu', villageCode: VILLAGES.marangKayu, kbliCode: '22', products: 'Karet remah' });
    await evaluate(id.karet, { visitDate: '2025-06-01', stoppedSince: '2025-01-01', revivalPotential: 2, stopReasons: ['bahan_baku'] });
    lastEvaluationNumber = (
      await evaluate(id.karet, {
        visitDate: '2026-08-20',
        stoppedSince: '2025-01-01',
        stopReasons: ['bahan_baku', 'pemasaran'],
        revivalPotential: 5,
        revivalNotes: 'Kebun karet rakyat kembali produktif',
        recommendations: [{ text: 'Kemitraan dengan industri besar', dueDate: null }, { text: 'Revitalisasi mesin' }],
      })
    ).number;
    // Balikpapan (Wilayah I), wood: stopped for a while, said on the site form, never evaluated.
    id.tenun = await create({ name: 'Ukiran Kayu Balikpapan', villageCode: VILLAGES.balikpapan, kbliCode: '16', operatingStatus: 'berhenti_sementara' });
    // Operating: not listed.
    id.aktif = await create({ name: 'Kerupuk Aktif', operatingStatus: 'aktif' });
    // Stopped, with only a draft evaluation: listed as not evaluated yet.
    id.draftOnly = await create({ name: 'Dodol Tutup', operatingStatus: 'tutup' });
    await evaluate(id.draftOnly, { revivalPotential: 5 }, false);
    // Stopped but archived: not listed.
    id.archived = await create({ name: 'Arsip Tutup', operatingStatus: 'tutup' });
    await call(api, 'site.archive', { id: id.archived });

    const list = await call(api, 'wilayah.list');
    const named = (n: string) => list.find((w) => w.name.endsWith(n))!.id;
    wilayah = { I: named(' I'), II: named(' II'), III: named(' III') };
  });
  after(() => {
    api.close();
    tmp.dispose();
  });

  const names = async (query: StoppedListQuery = {}) => {
    const result = await call(api, 'stopped.list', query);
    assert.equal(result.total, result.items.length);
    return result.items.map((s) => s.name);
  };

  test('every site not operating, most likely to be revived first, then those never evaluated', async () => {
    assert.deepEqual(await names(), ['Pabrik Karet Marang Kayu', 'Amplang Mama Ani', 'Dodol Tutup', 'Ukiran Kayu Balikpapan']);
  });

  test('each row carries its last final evaluation: reason, since when, potential, recommendation', async () => {
    const { items } = await call(api, 'stopped.list', {});
    const karet = items.find((s) => s.id === id.karet)!;
    assert.equal(karet.evaluationNumber, lastEvaluationNumber, 'the later evaluation');
    assert.equal(karet.evaluationDate, '2026-08-20');
    assert.equal(karet.stoppedSince, '2025-01-01');
    assert.deepEqual(karet.stopReasons, ['bahan_baku', 'pemasaran']);
    assert.equal(karet.revivalPotential, 5);
    assert.equal(karet.revivalNotes, 'Kebun karet rakyat kembali produktif');
    assert.deepEqual(karet.recommendations, [
      { text: 'Kemitraan dengan industri besar', dueDate: null },
      { text: 'Revitalisasi mesin', dueDate: null },
    ]);
    assert.equal(karet.regencyName, 'Kabupaten Kutai Kartanegara');
    assert.match(karet.wilayahName ?? '', /III$/);
    const dodol = items.find((s) => s.id === id.draftOnly)!;
    assert.equal(dodol.evaluationId, null, 'a draft evaluation is not an evaluation yet');
    assert.equal(dodol.revivalPotential, null);
  });

  test('filters: wilayah, regency, KBLI division, status, least potential; and the other orders', async () => {
    assert.deepEqual(await names({ wilayahId: wilayah.III }), ['Pabrik Karet Marang Kayu']);
    assert.deepEqual(await names({ wilayahId: wilayah.II }), ['Amplang Mama Ani', 'Dodol Tutup']);
    assert.deepEqual(await names({ regencyCode: '64.71' }), ['Ukiran Kayu Balikpapan']);
    assert.deepEqual(await names({ kbliDivision: '22' }), ['Pabrik Karet Marang Kayu']);
    assert.deepEqual(await names({ status: 'tutup' }), ['Dodol Tutup']);
    assert.deepEqual(await names({ minPotential: 4 }), ['Pabrik Karet Marang Kayu', 'Amplang Mama Ani']);
    assert.deepEqual(await names({ minPotential: 5, regencyCode: '64.72' }), []);
    assert.deepEqual(await names({ sort: 'name' }), ['Amplang Mama Ani', 'Dodol Tutup', 'Pabrik Karet Marang Kayu', 'Ukiran Kayu Balikpapan']);
    assert.deepEqual((await names({ sort: 'since' })).slice(0, 2), ['Pabrik Karet Marang Kayu', 'Amplang Mama Ani'], 'stopped longest first');
    const page = await call(api, 'stopped.list', { limit: 2, offset: 2 });
    assert.equal(page.total, 4);
    assert.deepEqual(page.items.map((s) => s.name), ['Dodol Tutup', 'Ukiran Kayu Balikpapan']);
  });

  test('a site that operates again leaves the list', async () => {
    const site = await call(api, 'site.get', { id: id.tenun });
    await call(api, 'site.update', { id: id.tenun, site: { ...siteInput({ name: site.name, villageCode: VILLAGES.balikpapan, kbliCode: '16' }), operatingStatus: 'aktif' } });
    assert.ok(!(await names()).includes('Ukiran Kayu Balikpapan'));
    await call(api, 'site.update', { id: id.tenun, site: { ...siteInput({ name: site.name, villageCode: VILLAGES.balikpapan, kbliCode: '16' }), operatingStatus: 'berhenti_sementara' } });
  });

  test('the printed list: kop, the filter in words, one row per factory in the list order', async () => {
    const printed = await call(api, 'print.stopped', { wilayahId: wilayah.II });
    assert.equal(printed.title, 'Daftar Pabrik/IKM Tidak Beroperasi');
    assert.match(printed.letterhead.government, /Kalimantan Timur/);
    assert.deepEqual(printed.filter, [['Wilayah pengembangan', 'Wilayah II']]);
    assert.deepEqual(
      printed.rows.map((r) => [r.name, r.since, r.reasons, r.potential, r.recommendation]),
      [
        ['Amplang Mama Ani (Ani Wulandari)', '1 Februari 2026', 'Modal — Mesin dijual', '4 dari 5', 'Bantuan modal KUR (s.d. 31 Maret 2027)'],
        ['Dodol Tutup (Ani Wulandari)', '—', '—', '—', '—'],
      ],
    );
    assert.equal(printed.rows[1].evaluation, 'Belum dievaluasi');
  });

  async function runExport(request: ExportRequest, file: string): Promise<ExportResult> {
    nextPath = join(outDir, file);
    let progress: JobProgress | null = await call(api, 'export.start', request);
    assert.ok(progress);
    while (progress.state === 'running') progress = await call(api, 'job.watch', { id: progress.id, after: progress.seq });
    assert.equal(progress.state, 'done', JSON.stringify(progress.error));
    return progress.result as ExportResult;
  }

  test('export: XLSX with the list sheet and Keterangan, CSV with the same rows; both read back', async () => {
    const xlsx = await runExport({ source: 'stopped', format: 'xlsx', filter: { minPotential: 4 } }, 'berhenti.xlsx');
    assert.equal(xlsx.sites, 2);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(outDir, 'berhenti.xlsx'));
    const sheet = book.getWorksheet('Tidak beroperasi')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    assert.equal(header[0], 'Nama usaha');
    const col = (name: string) => header.indexOf(name) + 1;
    assert.equal(sheet.getRow(2).getCell(col('Nama usaha')).value, 'Pabrik Karet Marang Kayu');
    assert.equal(sheet.getRow(2).getCell(col('Potensi dihidupkan (1–5)')).value, 5);
    assert.equal(sheet.getRow(3).getCell(col('Penyebab berhenti')).value, 'Modal — Mesin dijual');
    assert.ok(sheet.getRow(2).getCell(col('Berhenti sejak')).value instanceof Date, 'a date cell');
    const notes = book.getWorksheet('Keterangan')!;
    const lines = notes.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1).join(' | ') : ''));
    assert.ok(lines.some((l) => l.includes('Potensi dihidupkan | paling sedikit 4')), lines.join('\n'));

    await runExport({ source: 'stopped', format: 'csv', filter: { sort: 'name' } }, 'berhenti.csv');
    const { readFileSync } = await import('node:fs');
    const rows = parse(readFileSync(join(outDir, 'berhenti.csv'), 'utf8').replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((r) => r['Nama usaha']), ['Amplang Mama Ani', 'Dodol Tutup', 'Pabrik Karet Marang Kayu', 'Ukiran Kayu Balikpapan']);
    assert.equal(rows[2]['Rekomendasi'], 'Kemitraan dengan industri besar; Revitalisasi mesin');
    assert.equal(rows[2]['Kabupaten/kota'], 'Kabupaten Kutai Kartanegara');
  });
});
