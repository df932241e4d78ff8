import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadProvinceAreas } from '../db/reference/areas';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { exportDirOf } from './shells/chromium';
import { aSite, call, createSites, PLACES } from './support/api';
import { openNav, setUpOffice, waitForFrame } from './support/ui';

/** A list as an office keeps it: messy headers, "Kab." names, dotted numbers, a column nobody maps. */
const HEADERS = ['No', 'Nama Perusahaan/Usaha', 'Pemilik', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI', 'TK Laki-laki', 'TK Perempuan', 'No. HP', 'Koordinat', 'Jenis Produk Olahan'];
const ROWS = [
  // 2: good
  ['1', 'Kerupuk Ikan Haruan', 'Siti', 'Kota Samarinda', 'Palaran', 'Rawa Makmur', '10792', '2', '3', '0812-5000-1111', '-0,5021; 117,1536', 'Kerupuk'],
  // 3: the stored "Amplang Mama Ani" of the same desa → merged (it has no phone yet)
  ['2', 'AMPLANG MAMA ANI', 'Ani', 'SAMARINDA', 'Palaran', 'Rawa Makmur', '10', '1', '1', '0812 7777 8888', '', 'Amplang'],
  // 4: bad — a desa that does not exist
  ['3', 'Tenun Doyo', 'Rina', 'Kutai Kartanegara', '', 'Desa Yang Tidak Ada', '13', '2', '2', '', '', 'Tenun'],
  // 5: duplicate of line 2 within the file → skipped
  ['4', 'Kerupuk Ikan Haruan', 'Siti', 'Samarinda', 'Palaran', 'Rawa Makmur', '10', '2', '3', '', '', ''],
  // 6: bad — 1.250 workers is not an IKM
  ['5', 'Karet Remah Marang Kayu', 'Budi', 'Kab. Kutai Kartanegara', 'Marang Kayu', 'Sebuntal', '22', '1.250', '0', '+62 812 5555', '', 'Karet'],
  // 7: good
  ['6', 'Anyaman Rotan', 'Dewi', 'Kab. Kutai Kartanegara', 'Marang Kayu', 'Sebuntal', '16', '3', '4', '', '', 'Tas rotan'],
];

async function writeList(dir: string): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Data IKM');
  sheet.addRow(HEADERS);
  for (const row of ROWS) sheet.addRow(row);
  const path = join(dir, 'daftar-ikm-samarinda.xlsx');
  await book.xlsx.writeFile(path);
  return path;
}

/**
 * A long CSV list, `count` sites spread over every desa of the province, named with random letters
 * (a fixed seed) so that none is held back as a likely duplicate of another.
 */
async function writeLongList(dir: string, count: number): Promise<string> {
  const kaltim = (await loadProvinceAreas('64'))!;
  const names = new Map([...kaltim.regencies, ...kaltim.districts].map((a) => [a.code, a.name]));
  let seed = 11;
  const letter = () => String.fromCharCode(97 + ((seed = (seed * 48271) % 2147483647) % 26));
  const word = () => Array.from({ length: 6 }, letter).join('');
  const lines = ['Nama Usaha;Kab/Kota;Kecamatan;Desa/Kel;KBLI'];
  for (let i = 0; i < count; i++) {
    const village = kaltim.villages[(i * 7) % kaltim.villages.length];
    lines.push([`${word()} ${word()} ${word()}`, names.get(village.code.slice(0, 5)), names.get(village.code.slice(0, 8)), village.name, String(10 + (i % 24))].join(';'));
  }
  const path = join(dir, 'desa-se-kaltim.csv');
  await writeFile(path, lines.join('\r\n'));
  return path;
}

async function chooseFile(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Pilih berkas…' }).click();
  await (await chooser).setFiles(path);
}

test.describe('import', () => {
  test.describe.configure({ timeout: 120_000 });

  test('an office list with good rows, bad rows and duplicates imports exactly the expected rows, and again adds nothing', async ({ ikm }) => {
    const storedId = await ikm.withDb(async (api) => {
      await setUpOffice(api);
      const [id] = await createSites(api, [aSite({ name: 'Amplang Mama Ani', phone: null, villageCode: PLACES.samarinda.village })]);
      return id;
    });
    const list = await writeList(ikm.dataDir);
    const page = await ikm.page();
    await waitForFrame(page);
    await openNav(page, 'Ekspor & Cetak');
    const wizard = page.getByRole('region', { name: 'Impor daftar usaha IKM' });
    await wizard.scrollIntoViewIfNeeded();

    // 1. The file; 2. the columns, suggested from the headers; one left unmapped is mapped by hand.
    await chooseFile(page, list);
    await expect(wizard.getByTestId('import-file')).toHaveText('daftar-ikm-samarinda.xlsx: 6 baris data, 12 kolom');
    await expect(wizard.getByText('Pemetaan kolom diusulkan dari judul kolom.', { exact: false })).toBeVisible();
    await expect(wizard.getByRole('combobox', { name: 'Kolom Nama Perusahaan/Usaha diisi ke' })).toHaveValue('name');
    await expect(wizard.getByRole('combobox', { name: 'Kolom Kab/Kota diisi ke' })).toHaveValue('regency');
    const products = wizard.getByRole('combobox', { name: 'Kolom Jenis Produk Olahan diisi ke' });
    await expect(products).toHaveValue('');
    await products.focus();
    await products.selectOption({ label: 'Produk' });
    await wizard.getByTestId('import-file').scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('impor-kolom.png') });

    // 3. The core's report, row by row, once the column left out ("No") is confirmed as not imported.
    await wizard.getByRole('checkbox', { name: 'Ya, kolom-kolom ini memang tidak diimpor' }).check();
    await wizard.getByRole('button', { name: 'Periksa baris', exact: true }).click();
    await expect(wizard.getByTestId('import-count-ok')).toHaveText('Siap diimpor: 2');
    await expect(wizard.getByTestId('import-count-error')).toHaveText('Perlu diperbaiki: 2');
    await expect(wizard.getByTestId('import-count-duplicate')).toHaveText('Kemungkinan duplikat: 2');
    // The errors first: no skip/merge column beside them (it only took width from the messages).
    await expect(wizard.getByTestId('import-rows').getByRole('columnheader')).toHaveText(['Baris', 'Nama usaha', 'Status', 'Keterangan']);
    await wizard.getByText('Semua', { exact: true }).click();
    await expect(wizard.getByTestId('import-rows').getByRole('columnheader', { name: 'Tindakan' })).toBeVisible();
    const rows = wizard.getByTestId('import-rows').locator('tbody tr');
    await expect(rows).toHaveCount(6);
    await expect(rows.nth(2)).toContainText('Desa/kelurahan "Desa Yang Tidak Ada" tidak ditemukan');
    await expect(rows.nth(4)).toContainText('Lebih dari 99 tenaga kerja bukan lagi IKM (industri besar)');
    await expect(rows.nth(1)).toContainText('Sudah ada: Amplang Mama Ani');
    await expect(rows.nth(3)).toContainText('Sama dengan baris 2 di berkas ini');
    // Merge the stored duplicate (line 3), keep skipping the one within the file (line 5); by keyboard.
    const line3 = wizard.getByRole('radiogroup', { name: 'Tindakan untuk baris 3' });
    await line3.getByRole('radio', { name: 'Lewati' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(line3.getByRole('radio', { name: 'Gabungkan' })).toBeChecked();
    await expect(wizard.getByRole('radiogroup', { name: 'Tindakan untuk baris 5' }).getByRole('radio', { name: 'Lewati' })).toBeChecked();
    await expect(wizard.getByTestId('import-plan')).toHaveText(
      'Akan ditambahkan 2 usaha baru, 1 digabung ke usaha yang ada, 1 duplikat dilewati, 2 baris yang perlu diperbaiki tidak diimpor.',
    );

    // The per-row report, saved as a workbook.
    await wizard.getByRole('button', { name: 'Simpan laporan (XLSX)' }).click();
    const reportPath = join(exportDirOf(ikm.dbFile), 'laporan-impor-daftar-ikm-samarinda.xlsx');
    await expect(wizard.getByTestId('import-report-saved')).toContainText(reportPath);
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(reportPath);
    const sheet = report.getWorksheet('Laporan impor')!;
    const reportRows = sheet.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1, 3));
    expect(reportRows).toEqual([[3, 'Kemungkinan duplikat'], [4, 'Perlu diperbaiki'], [5, 'Kemungkinan duplikat'], [6, 'Perlu diperbaiki']]);
    await wizard.getByTestId('import-counts').scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('impor-periksa.png') });

    // 4. The import, as a job.
    await wizard.getByRole('button', { name: 'Impor', exact: true }).click();
    await expect(wizard.getByTestId('import-done')).toHaveText(
      'Impor selesai2 usaha ditambahkan, 1 digabung, 1 dilewati, 2 baris yang perlu diperbaiki tidak diimpor.',
      { timeout: 30_000 },
    );
    await page.screenshot({ path: test.info().outputPath('impor-selesai.png') });

    const check = () =>
      ikm.withDb(async (api) => {
        const sites = (await call(api, 'site.list', { limit: 100 })).items;
        const stored = await call(api, 'site.get', { id: storedId });
        return {
          names: sites.map((s) => s.name).sort(),
          kerupuk: sites.find((s) => s.name === 'Kerupuk Ikan Haruan'),
          stored: { name: stored.name, phone: stored.phone, products: stored.products },
        };
      });
    const first = await check();
    expect(first.names).toEqual(['Amplang Mama Ani', 'Anyaman Rotan', 'Kerupuk Ikan Haruan']);
    expect(first.kerupuk?.products).toBe('Kerupuk');
    // Merged: the stored site keeps its name and products, and gets the phone it lacked.
    expect(first.stored).toEqual({ name: 'Amplang Mama Ani', phone: '081277778888', products: 'Amplang ikan pipih, kerupuk' });

    // The same file again: the mapping is remembered, every row is a duplicate or an error, nothing is added.
    await wizard.getByRole('button', { name: 'Impor berkas lain' }).click();
    await chooseFile(page, list);
    await expect(wizard.getByText('Pemetaan kolom diingat dari impor sebelumnya', { exact: false })).toBeVisible();
    await expect(wizard.getByRole('combobox', { name: 'Kolom Jenis Produk Olahan diisi ke' })).toHaveValue('products');
    await wizard.getByRole('checkbox', { name: 'Ya, kolom-kolom ini memang tidak diimpor' }).check();
    await wizard.getByRole('button', { name: 'Periksa baris', exact: true }).click();
    await expect(wizard.getByTestId('import-count-ok')).toHaveText('Siap diimpor: 0');
    await expect(wizard.getByTestId('import-count-duplicate')).toHaveText('Kemungkinan duplikat: 4');
    await expect(wizard.getByRole('button', { name: 'Impor', exact: true })).toBeDisabled();
    await wizard.getByRole('button', { name: 'Gabungkan semua' }).click();
    await wizard.getByRole('button', { name: 'Impor', exact: true }).click();
    await expect(wizard.getByTestId('import-done')).toHaveText(
      'Impor selesai0 usaha ditambahkan, 0 digabung, 0 dilewati, 2 baris yang perlu diperbaiki tidak diimpor.',
      { timeout: 30_000 },
    );
    expect(await check()).toEqual(first);
  });

  test('in English every row problem is said in English, on screen and in the saved report (issue 10.17)', async ({ ikm }) => {
    await ikm.withDb(async (api) => {
      await setUpOffice(api);
      await createSites(api, [aSite({ name: 'Amplang Mama Ani', phone: null, villageCode: PLACES.samarinda.village })]);
      await call(api, 'settings.setLanguage', { language: 'en' });
    });
    const list = await writeList(ikm.dataDir);
    const page = await ikm.page();
    await waitForFrame(page);
    await openNav(page, 'Export & print');
    const wizard = page.getByRole('region', { name: 'Import an IKM site list' });
    await wizard.scrollIntoViewIfNeeded();
    const chooser = page.waitForEvent('filechooser');
    await wizard.getByRole('button', { name: 'Choose a file…' }).click();
    await (await chooser).setFiles(list);
    await wizard.getByRole('checkbox', { name: 'Yes, these columns are not to be imported' }).check();
    await wizard.getByRole('button', { name: 'Check rows', exact: true }).click();
    await expect(wizard.getByTestId('import-count-error')).toHaveText('Needs fixing: 2');
    await wizard.getByText('All', { exact: true }).click();
    const rows = wizard.getByTestId('import-rows').locator('tbody tr');
    await expect(rows).toHaveCount(6);
    await expect(rows.nth(1)).toContainText('Already registered: Amplang Mama Ani');
    await expect(rows.nth(2)).toContainText('Village "Desa Yang Tidak Ada" not found; check the spelling or fill in the village code');
    await expect(rows.nth(3)).toContainText('Same as row 2 of this file');
    await expect(rows.nth(4)).toContainText('More than 99 workers is no longer an IKM (large industry)');
    // No Indonesian sentence of the core reaches the English table.
    await expect(wizard.getByTestId('import-rows')).not.toContainText(/tidak|Sudah ada|baris|bukan/);

    await wizard.getByRole('button', { name: 'Save report (XLSX)' }).click();
    const reportPath = join(exportDirOf(ikm.dbFile), 'import-report-daftar-ikm-samarinda.xlsx');
    await expect(wizard.getByTestId('import-report-saved')).toContainText(reportPath);
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(reportPath);
    const sheet = report.getWorksheet('Import report')!;
    expect(sheet.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1, 4))).toEqual([
      ['Source row', 'Status', 'Import problems'],
      [3, 'Likely duplicate', 'Already registered: Amplang Mama Ani'],
      [4, 'Needs fixing', 'Village "Desa Yang Tidak Ada" not found; check the spelling or fill in the village code'],
      [5, 'Likely duplicate', 'Same as row 2 of this file'],
      [6, 'Needs fixing', 'More than 99 workers is no longer an IKM (large industry)'],
    ]);
  });

  test('Batal while the accepted rows are being saved: the progress counts the sites as they go in, and nothing is written', async ({ ikm }) => {
    const before = await ikm.withDb(async (api) => {
      await setUpOffice(api);
      return call(api, 'sync.info');
    });
    // Long enough that the write phase is seen under way; the test shell checks the rows on this
    // test's own thread (Electron does it in the database worker), so the clicks wait for it.
    test.setTimeout(240_000);
    const list = await writeLongList(ikm.dataDir, 10_000);
    const page = await ikm.page();
    await waitForFrame(page);
    await openNav(page, 'Ekspor & Cetak');
    const wizard = page.getByRole('region', { name: 'Impor daftar usaha IKM' });
    await chooseFile(page, list);
    await expect(wizard.getByTestId('import-file')).toHaveText('desa-se-kaltim.csv: 10.000 baris data, 5 kolom');
    await wizard.getByRole('button', { name: 'Periksa baris', exact: true }).click({ timeout: 90_000 });
    await expect(wizard.getByTestId('import-plan')).toContainText('Akan ditambahkan', { timeout: 90_000 });
    await wizard.getByRole('button', { name: 'Impor', exact: true }).click();

    // The write phase shows how far it got (not only its start and its end), and Batal is heard there.
    const progress = wizard.getByTestId('import-progress');
    await expect(progress).toContainText(/Menyimpan [1-9][\d.]* dari [\d.]+ usaha/, { timeout: 60_000 });
    await progress.getByRole('button', { name: 'Batal' }).click();
    await expect(wizard.getByTestId('import-cancelled')).toHaveText('Impor dibatalkan. Tidak ada usaha yang ditambahkan atau diubah.', {
      timeout: 30_000,
    });

    // One transaction, rolled back: no site and no change message.
    const after = await ikm.withDb(async (api) => ({ sites: (await call(api, 'site.counts')).total, info: await call(api, 'sync.info') }));
    expect(after.sites).toBe(0);
    expect(after.info.lastSeq).toBe(before.lastSeq);
  });

  test('a file that is too large or not a list is refused with a clear message', async ({ ikm }) => {
    await ikm.withDb(async (api) => setUpOffice(api));
    const word = join(ikm.dataDir, 'surat.docx');
    await writeFile(word, 'bukan spreadsheet');
    const fake = join(ikm.dataDir, 'foto.xlsx');
    await writeFile(fake, 'bukan zip');
    const page = await ikm.page();
    await waitForFrame(page);
    await openNav(page, 'Ekspor & Cetak');
    const wizard = page.getByRole('region', { name: 'Impor daftar usaha IKM' });
    await chooseFile(page, word);
    await expect(wizard.getByRole('alert')).toHaveText('Pilih berkas .xlsx atau .csv');
    await chooseFile(page, fake);
    await expect(wizard.getByRole('alert')).toHaveText('Berkas ini bukan buku kerja Excel (.xlsx) yang sah');
    // Too large: refused from its size, before the window reads it.
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
      const big = new File([new Uint8Array(21 * 1024 * 1024)], 'besar.xlsx');
      const transfer = new DataTransfer();
      transfer.items.add(big);
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await expect(wizard.getByRole('alert')).toHaveText('Berkas besar.xlsx berukuran 21 MB; paling besar 20 MB. Bagi menjadi beberapa berkas.');
  });
});
