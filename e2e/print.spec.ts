import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { anInventarisasi } from '../db/test-support';
import { expect, test } from './fixtures';
import { aSite, call, createSites, PLACES } from './support/api';
import { openNav, pick, setUpOffice, waitForFrame } from './support/ui';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'db', 'test-fixtures', name)));

/** The text of a PDF as pdftotext reads it, with runs of spaces and line breaks as one space. */
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

/** Every page of a PDF as PNG in the test's output folder (to look at), and how many pages. */
function pdfPages(file: string, name: string): number {
  const prefix = test.info().outputPath(name);
  execFileSync('pdftoppm', ['-png', '-r', '60', file, prefix]);
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
}

/** Clicks "Simpan PDF" in a print-button group and returns the saved file. */
async function savePdf(page: Page, testId: string): Promise<string> {
  const group = page.getByTestId(testId);
  await group.getByRole('button', { name: /PDF/ }).click();
  const file = group.getByTestId('print-file');
  // A hidden page renders and prints the route: slow on a busy machine, so wait generously.
  await expect(file).toBeVisible({ timeout: 60_000 });
  return (await file.textContent())!;
}

const LETTERHEAD = {
  government: 'Pemerintah Provinsi Kalimantan Timur',
  office: 'Dinas Perindustrian, Perdagangan, Koperasi dan UKM',
  address: 'Jl. Basuki Rahmat No. 55, Samarinda 75117',
  contact: 'Telp. (0541) 743106',
  place: 'Samarinda',
  logo: `data:image/png;base64,${Buffer.from(fixture('photo-plain.png')).toString('base64')}`,
};

test.describe('print', () => {
  test.describe.configure({ timeout: 480_000 });

  test('the filled form of an amended visit prints with kop, photo, signatures, QR and its history', async ({ ikm }) => {
    const visitId = await ikm.withDb(async (api) => {
      await setUpOffice(api);
      await call(api, 'letterhead.save', LETTERHEAD);
      const [site] = await createSites(api, [aSite({ name: 'Amplang Café – Mama Ani', villageCode: PLACES.samarinda.village })]);
      const draft = await call(api, 'visit.saveDraft', {
        siteId: site,
        data: anInventarisasi({ visitDate: '2018-10-31', findings: 'Produksi naik menjelang Lebaran.' }),
      });
      await call(api, 'attachment.add', { visitId: draft.id, kind: 'photo', fileName: 'dapur produksi.jpg', bytes: fixture('photo-gps.jpg') });
      await call(api, 'attachment.add', { visitId: draft.id, kind: 'signature', role: 'respondent', fileName: 'ttd.png', bytes: fixture('photo-plain.png') });
      await call(api, 'attachment.add', { visitId: draft.id, kind: 'signature', role: 'officer', fileName: 'ttd.png', bytes: fixture('photo-plain.png') });
      await call(api, 'visit.finalize', { id: draft.id });
      await call(api, 'visit.amend', {
        id: draft.id,
        data: anInventarisasi({ visitDate: '2018-10-31', findings: 'Produksi naik menjelang Lebaran.', productionValueRp: 300_000_000 }),
        reason: 'Nilai produksi salah ketik',
      });
      return draft.id;
    });
    const page = await ikm.page();
    await waitForFrame(page);
    await page.goto(`http://ikm.app/index.html#/kunjungan/${visitId}`);
    await expect(page.getByTestId('visit-status')).toHaveText('Final');
    const file = await savePdf(page, 'visit-print');

    const text = pdfText(file);
    for (const expected of [
      'PEMERINTAH PROVINSI KALIMANTAN TIMUR',
      'DINAS PERINDUSTRIAN, PERDAGANGAN, KOPERASI DAN UKM',
      'Jl. Basuki Rahmat No. 55',
      'FORMULIR INVENTARISASI IKM',
      'Amplang Café – Mama Ani',
      'Kota Samarinda',
      'Samarinda, 31 Oktober 2018',
      'Ani Suryani',
      'NIP. 198703122010012003',
      'Pak Rahmat',
      'Ikan pipih (lokal)',
      'Riwayat perubahan',
      'Nilai produksi salah ketik',
      'Rp 240.000.000',
      'Rp 300.000.000',
      'dapur produksi.jpg',
      'Halaman 1 dari',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // The visit number, with this laptop's replica tag.
    expect(text).toMatch(/ANS\/2026\/[0-9A-Z]{3}-0001/);
    expect(pdfPages(file, 'kunjungan')).toBeGreaterThanOrEqual(1);
  });

  test('blank forms, the site profile and the rekap print from their screens', async ({ ikm }) => {
    const siteId = await ikm.withDb(async (api) => {
      await setUpOffice(api);
      await call(api, 'letterhead.save', LETTERHEAD);
      const [amplang, karet] = await createSites(api, [
        aSite({ name: 'Amplang Mama Ani', villageCode: PLACES.samarinda.village }),
        aSite({ name: 'Pabrik Karet Marang Kayu', villageCode: PLACES.marangKayu.village, kbliCode: '22' }),
      ]);
      for (const [site, date] of [[amplang, '2026-03-02'], [karet, '2026-04-15']] as const) {
        const v = await call(api, 'visit.saveDraft', { siteId: site, data: anInventarisasi({ visitDate: date }) });
        await call(api, 'visit.finalize', { id: v.id });
      }
      return amplang;
    });
    const page = await ikm.page();
    await waitForFrame(page);

    await openNav(page, 'Ekspor & Cetak');
    // Two kinds through the screen (each is a browser render); all four are checked in print-models.test.ts.
    for (const [kind, title] of [
      ['Inventarisasi', 'FORMULIR INVENTARISASI IKM'],
      ['Evaluasi', 'FORMULIR EVALUASI IKM'],
    ]) {
      await pick(page, 'Jenis formulir', kind);
      const file = await savePdf(page, 'print-blank');
      const text = pdfText(file);
      expect(text).toContain(title);
      expect(text).toContain('PEMERINTAH PROVINSI KALIMANTAN TIMUR');
      expect(text).toContain('Samarinda, ……');
      pdfPages(file, `formulir-${kind.toLowerCase()}`);
      await page.getByTestId('print-blank').getByRole('button', { name: 'Close' }).click().catch(() => {});
    }

    await page.getByRole('textbox', { name: 'Dari tanggal' }).fill('01/01/2026');
    await page.getByRole('textbox', { name: 'Sampai tanggal' }).fill('30/06/2026');
    const rekap = pdfText(await savePdf(page, 'print-rekap'));
    expect(rekap).toContain('REKAPITULASI KUNJUNGAN IKM');
    expect(rekap).toContain('Periode 1 Januari 2026 s.d. 30 Juni 2026');
    // Usaha, kunjungan, TK (each site's current facts), TK L, TK P, production value.
    expect(rekap).toMatch(/Wilayah II 1 1 10 4 6 Rp 240\.000\.000/);
    expect(rekap).toMatch(/Jumlah 2 2 20 8 12 Rp 480\.000\.000/);
    pdfPages((await page.getByTestId('print-rekap').getByTestId('print-file').textContent())!, 'rekap');
    await page.getByRole('button', { name: 'Simpan Excel' }).click();
    const xlsxPath = (await page.getByTestId('rekap-xlsx-file').textContent())!;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsxPath);
    const total = book.getWorksheet('Rekap')!.getRows(4, 20)!.find((r) => r.getCell(1).value === 'Jumlah')!;
    expect([total.getCell(3).value, total.getCell(4).value, total.getCell(5).value, total.getCell(8).value]).toEqual([2, 2, 20, 480_000_000]);
    await page.screenshot({ path: test.info().outputPath('ekspor-cetak.png'), fullPage: true });

    await page.goto(`http://ikm.app/index.html#/usaha/${siteId}`);
    const profile = pdfText(await savePdf(page, 'site-print'));
    expect(profile).toContain('PROFIL IKM');
    expect(profile).toContain('Amplang Mama Ani');
    expect(profile).toMatch(/ANS\/2026\/[0-9A-Z]{3}-0001/);
    pdfPages((await page.getByTestId('site-print').getByTestId('print-file').textContent())!, 'profil');
  });
});
