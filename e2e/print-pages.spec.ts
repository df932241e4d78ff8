import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { anInventarisasi } from '../db/test-support';
import { expect, test } from './fixtures';
import { aSite, call, createSites, PLACES } from './support/api';
import { openNav, setUpOffice, waitForFrame } from './support/ui';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'db', 'test-fixtures', name)));

/** The text of one page of a PDF (1-based), runs of white space as one space. */
const pageText = (file: string, n: number) => execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

/** Every page as a PNG at 80 dpi under test-results/screens/ (to look at), named NNN-name-pP.png. */
function pagesAsPng(file: string, name: string): void {
  mkdirSync('test-results/screens', { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '80', file, `test-results/screens/${name}`]);
}

/** How far (cm) the lowest "Halaman" word of page n sits above the paper's bottom edge. */
function pageNumberFromBottomCm(file: string, n: number): number {
  const html = execFileSync('pdftotext', ['-bbox', '-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' });
  const height = Number(/<page width="[\d.]+" height="([\d.]+)"/.exec(html)![1]);
  const yMax = Math.max(...[...html.matchAll(/yMax="([\d.]+)">Halaman</g)].map((m) => Number(m[1])));
  return ((height - yMax) / 72) * 2.54;
}

async function savePdf(page: Page, testId: string): Promise<string> {
  const group = page.getByTestId(testId);
  await group.getByRole('button', { name: /PDF/ }).click();
  const file = group.getByTestId('print-file');
  await expect(file).toBeVisible({ timeout: 120_000 });
  return (await file.textContent())!;
}

const LONG_FINDINGS = Array.from({ length: 70 }, (_, i) => `Temuan ${i + 1}: stok bahan baku ikan pipih dicatat harian oleh pemilik.`).join('\n');

test.describe('printed pages', () => {
  test.describe.configure({ timeout: 480_000 });

  test('a batch: each visit numbers its own pages and names itself on each; drafts stay out; a draft prints marked DRAF; missing files are said', async ({ ikm }) => {
    const { long, short, draft } = await ikm.withDb(async (api) => {
      await setUpOffice(api);
      const [amplang, karet] = await createSites(api, [
        aSite({ name: 'Amplang Mama Ani', villageCode: PLACES.samarinda.village }),
        aSite({ name: 'Pabrik Karet Marang Kayu', villageCode: PLACES.marangKayu.village, kbliCode: '22' }),
      ]);
      const finalOf = async (siteId: string, date: string, findings?: string) => {
        const v = await call(api, 'visit.saveDraft', { siteId, data: anInventarisasi({ visitDate: date, findings }) });
        await call(api, 'visit.finalize', { id: v.id });
        return (await call(api, 'visit.get', { id: v.id })).number;
      };
      const long = await finalOf(amplang, '2026-03-02', LONG_FINDINGS);
      const short = await finalOf(karet, '2026-03-01');
      const d = await call(api, 'visit.saveDraft', { siteId: karet, data: anInventarisasi({ visitDate: '2026-03-03' }) });
      await call(api, 'attachment.add', { visitId: d.id, kind: 'photo', fileName: 'gudang.jpg', bytes: fixture('photo-gps.jpg') });
      return { long, short, draft: d.id };
    });
    const page = await ikm.page();
    await waitForFrame(page);
    await openNav(page, 'Ekspor & Cetak');
    // Two finals; the draft is left out, and the card says how to print drafts.
    await expect(page.getByTestId('print-batch-count')).toHaveText('2 kunjungan akan dicetak');
    await expect(page.getByTestId('print-batch-drafts')).toContainText('Draf tidak ikut dicetak');
    await page.getByTestId('print-batch').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/133-print-batch-drafts-left-out-1366.png' });

    const batch = await savePdf(page, 'print-batch');
    pagesAsPng(batch, '134-print-batch');
    const pages = pageCount(batch);
    const texts = Array.from({ length: pages }, (_, i) => pageText(batch, i + 1));
    // The log lists the latest first: the long visit (2 March), then the short one (1 March).
    const longPages = texts.filter((t) => t.includes(`No. ${long}`)).length;
    const shortPages = pages - longPages;
    expect(longPages, 'the long visit fills more than one page').toBeGreaterThanOrEqual(2);
    expect(shortPages).toBeGreaterThanOrEqual(1);
    texts.forEach((text, i) => {
      const own =
        i < longPages
          ? { number: long, site: 'Amplang Mama Ani', n: i + 1, of: longPages }
          : { number: short, site: 'Pabrik Karet Marang Kayu', n: i + 1 - longPages, of: shortPages };
      expect(text, `page ${i + 1}`).toContain(`No. ${own.number}`);
      expect(text, `page ${i + 1}`).toContain(own.site);
      expect(text, `page ${i + 1}`).toContain(`Halaman ${own.n} dari ${own.of}`);
      expect(text).not.toContain('DRAF');
      expect(pageNumberFromBottomCm(batch, i + 1), `page ${i + 1}: the page number 1 cm or more from the edge`).toBeGreaterThanOrEqual(1);
    });

    // The draft: DRAF on every page, and its photo's missing file said so.
    for (const file of readdirSync(join(ikm.dataDir, 'attachments'), { recursive: true, withFileTypes: true })) {
      if (file.isFile()) rmSync(join(file.parentPath, file.name));
    }
    // A draft is printed when chosen (the log filtered on Status: Draf); here by the window's own call.
    const printed = await page.evaluate((id) => window.ikm.print.pdf({ target: { kind: 'visit', ids: [id] } }), draft);
    if (!printed.ok || !printed.value) throw new Error(`print.pdf: ${JSON.stringify(printed)}`);
    const draftPdf = printed.value.path;
    for (let n = 1; n <= pageCount(draftPdf); n++) expect(pageText(draftPdf, n)).toContain('DRAF');
    const draftText = pageText(draftPdf, 1) + (pageCount(draftPdf) > 1 ? pageText(draftPdf, 2) : '');
    expect(draftText).toContain('Berkas foto tidak ada di laptop ini');
    expect(draftText).toContain('foto "gudang.jpg"');
    pagesAsPng(draftPdf, '135-print-draft');
  });

  test('the site profile keeps its printed-on line (WITA) on its first page; the rekap shows "—" and the current workforce', async ({ ikm }) => {
    const siteId = await ikm.withDb(async (api) => {
      await setUpOffice(api);
      const [site] = await createSites(api, [aSite({ name: 'Amplang Mama Ani', villageCode: PLACES.samarinda.village, workers: 65 })]);
      for (let day = 1; day <= 28; day++) {
        const v = await call(api, 'visit.saveDraft', {
          siteId: site,
          data: { kind: 'pembinaan', visitDate: `2026-02-${String(day).padStart(2, '0')}`, officers: ['Ani Suryani'], respondent: { name: 'Bu Ani' }, operatingStatus: 'aktif' },
        });
        await call(api, 'visit.finalize', { id: v.id });
      }
      return site;
    });
    const page = await ikm.page();
    await waitForFrame(page);
    await page.goto(`http://ikm.app/index.html#/usaha/${siteId}`);
    const profile = await savePdf(page, 'site-print');
    expect(pageText(profile, 1)).toMatch(/Dicetak \d{1,2} \w+ 2026 pukul \d{2}\.\d{2} WITA/);
    const last = pageText(profile, pageCount(profile));
    expect(last, 'the last page has visits on it, not a date line alone').toMatch(/Pembinaan/);
    pagesAsPng(profile, '136-print-profile');

    await openNav(page, 'Ekspor & Cetak');
    await page.getByRole('textbox', { name: 'Dari tanggal' }).fill('01/02/2026');
    await page.getByRole('textbox', { name: 'Sampai tanggal' }).fill('28/02/2026');
    await page.keyboard.press('Escape');
    const rekap = await savePdf(page, 'print-rekap');
    // 1 site, 28 visits, 65 workers (its current facts), men/women and production not recorded.
    expect(pageText(rekap, 1)).toMatch(/Jumlah 1 28 65 — — —/);
    pagesAsPng(rekap, '137-print-rekap');
  });
});
