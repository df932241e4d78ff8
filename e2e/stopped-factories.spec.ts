import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { RESPONDENT } from '../db/test-support';
import { expect, test } from './fixtures';
import { aSite, call, createSites, PLACES } from './support/api';
import { openNav, pick, setUpOffice, waitForFrame } from './support/ui';

const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

test.describe('Pabrik tidak beroperasi', () => {
  test.describe.configure({ timeout: 300_000 });

  test('lists stopped factories with their last evaluation; filters, prints under the kop, exports a file that reads back', async ({ ikm }) => {
    await ikm.withDb(async (api) => {
      await setUpOffice(api);
      const [karet, amplang] = await createSites(api, [
        aSite({ name: 'Pabrik Karet Marang Kayu', villageCode: PLACES.marangKayu.village, kbliCode: '22', products: 'Karet remah' }),
        aSite({ name: 'Amplang Mama Ani', villageCode: PLACES.samarinda.village }),
        aSite({ name: 'Ukiran Kayu Balikpapan', villageCode: PLACES.balikpapan.village, kbliCode: '16', operatingStatus: 'berhenti_sementara' }),
        aSite({ name: 'Kerupuk Aktif', villageCode: PLACES.samarinda.village, operatingStatus: 'aktif' }),
      ]);
      const evaluate = async (siteId: string, data: Record<string, unknown>) => {
        const draft = await call(api, 'visit.saveDraft', {
          siteId,
          data: {
            kind: 'evaluasi', visitDate: '2026-10-01', officers: ['Ani Suryani'], respondent: RESPONDENT, operatingStatus: 'tidak_beroperasi',
            buildingCondition: 'rusak_ringan', machineCondition: 'baik', ...data,
          } as never,
        });
        await call(api, 'visit.finalize', { id: draft.id });
      };
      await evaluate(karet, {
        stoppedSince: '2016-03-01', stopReasons: ['bahan_baku', 'pemasaran'], stopNotes: 'Harga karet jatuh', revivalPotential: 5,
        revivalNotes: 'Kebun rakyat produktif lagi', recommendations: [{ text: 'Kemitraan dengan industri besar', dueDate: '2027-06-30' }],
      });
      await evaluate(amplang, { stoppedSince: '2026-02-01', stopReasons: ['modal'], revivalPotential: 2, recommendations: [{ text: 'Bantuan modal KUR' }] });
    });
    const page = await ikm.page();
    await waitForFrame(page);
    await openNav(page, 'Pabrik berhenti');
    await expect(page.getByTestId('stopped-count')).toHaveText('3 usaha');
    await expect(page.getByTestId('stopped-site').locator('.ikm-strong')).toHaveText(['Pabrik Karet Marang Kayu', 'Amplang Mama Ani', 'Ukiran Kayu Balikpapan']);
    const first = page.locator('#stopped-row-0');
    await expect(first).toContainText('Bahan baku, Pemasaran');
    await expect(first).toContainText('Kemitraan dengan industri besar');
    await expect(first.getByTestId('stopped-potential')).toHaveText('5/5');
    await expect(page.locator('#stopped-row-2')).toContainText('Belum dievaluasi');
    await page.screenshot({ path: 'test-results/screens/220-stopped-factories-1366.png' });

    // Filters: wilayah, regency, KBLI, potential.
    await pick(page, 'Wilayah', 'Wilayah III');
    await expect(page.getByTestId('stopped-count')).toHaveText('1 usaha');
    await page.getByRole('button', { name: 'Hapus filter' }).click();
    await pick(page, 'Kabupaten/kota', 'Kota Samarinda');
    await expect(page.getByTestId('stopped-site').locator('.ikm-strong')).toHaveText(['Amplang Mama Ani']);
    await page.getByRole('button', { name: 'Hapus filter' }).click();
    await pick(page, 'KBLI', '16 · Industri Kayu, Barang dari Kayu dan Gabus (Tidak Termasuk Furnitur) dan Barang Anyaman dari Bambu, Rotan dan Sejenisnya');
    await expect(page.getByTestId('stopped-site').locator('.ikm-strong')).toHaveText(['Ukiran Kayu Balikpapan']);
    await page.getByRole('button', { name: 'Hapus filter' }).click();
    await pick(page, 'Potensi paling sedikit', '≥ 4');
    await expect(page.getByTestId('stopped-site').locator('.ikm-strong')).toHaveText(['Pabrik Karet Marang Kayu']);
    await page.getByRole('button', { name: 'Hapus filter' }).click();
    await expect(page.getByTestId('stopped-count')).toHaveText('3 usaha');

    // Keyboard: the list is a listbox; Enter opens the highlighted site.
    await page.getByRole('listbox', { name: 'Daftar pabrik tidak beroperasi' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/usaha\/[0-9a-f-]+$/);
    await expect(page.getByRole('heading', { name: 'Amplang Mama Ani' }).first()).toBeVisible();
    await page.goBack();

    // Printed: the route renders the list under the kop, read through pdftotext and pdftoppm.
    await pick(page, 'Wilayah', 'Wilayah III');
    const group = page.getByTestId('stopped-print');
    await group.getByRole('button', { name: /PDF/ }).click();
    const fileText = group.getByTestId('print-file');
    await expect(fileText).toBeVisible({ timeout: 60_000 });
    const pdf = (await fileText.textContent())!;
    const text = pdfText(pdf);
    for (const expected of ['DAFTAR PABRIK/IKM TIDAK BEROPERASI', 'Wilayah pengembangan: Wilayah III', 'Pabrik Karet Marang Kayu', 'Harga karet jatuh', '5 dari 5', 'Kemitraan dengan industri besar (s.d. 30 Juni 2027)', '1 Maret 2016', 'Halaman 1 dari 1']) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain('Amplang Mama Ani');
    execFileSync('pdftoppm', ['-png', '-r', '70', pdf, 'test-results/screens/221-stopped-factories-print']);

    // Exported: XLSX and CSV of what the list shows, read back.
    await page.getByRole('button', { name: 'Ekspor', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Ekspor daftar pabrik tidak beroperasi' });
    await expect(dialog.getByRole('radio')).toHaveCount(2);
    await dialog.getByRole('button', { name: 'Ekspor…' }).click();
    await expect(dialog.getByTestId('export-stopped-done')).toContainText('1 baris diekspor', { timeout: 60_000 });
    const xlsx = (await dialog.getByTestId('export-file').textContent())!;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const sheet = book.getWorksheet('Tidak beroperasi')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(header.indexOf('Nama usaha') + 1).value).toBe('Pabrik Karet Marang Kayu');
    expect(sheet.getRow(2).getCell(header.indexOf('Potensi dihidupkan (1–5)') + 1).value).toBe(5);
    await dialog.getByTestId('export-stopped-done').getByRole('button').click();
    await dialog.getByRole('radio', { name: /CSV/ }).check();
    await dialog.getByRole('button', { name: 'Ekspor…' }).click();
    await expect(dialog.getByTestId('export-stopped-done')).toBeVisible({ timeout: 60_000 });
    const csv = (await dialog.getByTestId('export-file').textContent())!;
    const rows = parse(readFileSync(csv, 'utf8').replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['Nama usaha'], r['Penyebab berhenti']])).toEqual([['Pabrik Karet Marang Kayu', 'Bahan baku, Pemasaran — Harga karet jatuh']]);
    await page.keyboard.press('Escape');

    // English.
    await page.getByRole('button', { name: 'Hapus filter' }).click();
    await page.getByRole('banner').getByText('EN', { exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Stopped factories' })).toBeVisible();
    await expect(page.getByTestId('stopped-count')).toHaveText('3 businesses');
    await page.screenshot({ path: 'test-results/screens/222-stopped-factories-english-1366.png' });
  });
});
