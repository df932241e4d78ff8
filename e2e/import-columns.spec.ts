import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { call } from './support/api';
import { openNav, setUpOffice, waitForFrame } from './support/ui';

/**
 * Issue 20, items 10 and 12, in the wizard: an office list's Status and Sertifikat columns are
 * mapped, every column left unmapped is listed as not imported and must be confirmed before the
 * rows are checked, and a numeric phone cell arrives with its 0. Screenshots of the mapping step
 * at 1366×768 in Indonesian and English go to test-results/screens.
 */
const HEADERS = ['No', 'Nama Usaha', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI', 'No. HP', 'Status', 'Sertifikat', 'Catatan Petugas Lapangan'];
const ROWS: unknown[][] = [
  ['1', 'Amplang Kolom Satu', 'Kota Samarinda', 'Palaran', 'Rawa Makmur', '10', 81234567890, 'Aktif', 'PIRT, Halal', 'dikunjungi 2025'],
  ['2', 'Karet Kolom Dua', 'Kab. Kutai Kartanegara', 'Marang Kayu', 'Sebuntal', '22', 6281255550000, 'TUTUP SEMENTARA', 'SNI/ISO', ''],
  ['3', 'Tenun Kolom Tiga', 'Kutai Kartanegara', 'Marang Kayu', 'Sebuntal', '13', '0812 7777 8888', 'Tutup', '', 'pindah'],
];

async function writeList(dir: string): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Data IKM');
  sheet.addRow(HEADERS);
  for (const row of ROWS) sheet.addRow(row);
  // The first phone is a number shown with its 0 by the cell's format; the second a bare number (General).
  sheet.getRow(2).getCell(7).numFmt = '"0"#';
  const path = join(dir, 'daftar-ikm-status.xlsx');
  await book.xlsx.writeFile(path);
  return path;
}

async function chooseFile(page: Page, button: string, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button }).click();
  await (await chooser).setFiles(path);
}

test('the mapping step maps Status and Sertifikat, lists the other columns as not imported and asks to confirm them', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const list = await writeList(ikm.dataDir);
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await openNav(page, 'Ekspor & Cetak');
  const wizard = page.getByRole('region', { name: 'Impor daftar usaha IKM' });
  await chooseFile(page, 'Pilih berkas…', list);

  await expect(wizard.getByRole('combobox', { name: 'Kolom Status diisi ke' })).toHaveValue('operatingStatus');
  await expect(wizard.getByRole('combobox', { name: 'Kolom Sertifikat diisi ke' })).toHaveValue('certificates');
  // The sample shows the phone as the sheet shows it: with the 0 its format adds.
  await expect(wizard.getByRole('row', { name: /No\. HP/ })).toContainText('081234567890 · 6281255550000');

  const unmapped = wizard.getByTestId('import-unmapped');
  await expect(unmapped).toContainText('Kolom yang tidak diimpor (2)');
  await expect(unmapped.getByRole('listitem')).toHaveText(['No', 'Catatan Petugas Lapangan']);
  const check = wizard.getByRole('button', { name: 'Periksa baris', exact: true });
  await expect(check).toBeDisabled();
  await expect(wizard.getByText('Pastikan dulu kolom yang tidak diimpor, lalu periksa baris.')).toBeVisible();
  await mkdir('test-results/screens', { recursive: true });
  await unmapped.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/41-import-unmapped-columns-1366.png' });

  // Confirmed by keyboard; a change of the mapping asks again.
  const confirm = unmapped.getByRole('checkbox', { name: 'Ya, kolom-kolom ini memang tidak diimpor' });
  await confirm.focus();
  await page.keyboard.press('Space');
  await expect(confirm).toBeChecked();
  await expect(check).toBeEnabled();
  await wizard.getByRole('combobox', { name: 'Kolom Catatan Petugas Lapangan diisi ke' }).selectOption({ label: 'Catatan' });
  await expect(unmapped.getByRole('listitem')).toHaveText(['No']);
  await expect(unmapped).toContainText('Kolom yang tidak diimpor (1)');
  await expect(confirm).not.toBeChecked();
  await expect(check).toBeDisabled();
  await confirm.check();

  await check.click();
  await expect(wizard.getByTestId('import-count-ok')).toHaveText('Siap diimpor: 3');
  await wizard.getByRole('button', { name: 'Impor', exact: true }).click();
  await expect(wizard.getByTestId('import-done')).toContainText('3 usaha ditambahkan', { timeout: 30_000 });

  const stored = await ikm.withDb(async (api) => {
    const items = (await call(api, 'site.list', { limit: 10 })).items;
    const sites = await Promise.all(items.map((s) => call(api, 'site.get', { id: s.id })));
    return sites.map((s) => [s.name, s.operatingStatus, s.certificates, s.phone, s.notes]).sort();
  });
  expect(stored).toEqual([
    ['Amplang Kolom Satu', 'aktif', ['HALAL', 'PIRT'], '081234567890', 'dikunjungi 2025'],
    ['Karet Kolom Dua', 'berhenti_sementara', ['ISO9001', 'SNI'], '+6281255550000', null],
    ['Tenun Kolom Tiga', 'tutup', [], '081277778888', 'pindah'],
  ]);

  // The same step in English.
  await page.getByRole('banner').getByText('EN', { exact: true }).click();
  const english = page.getByRole('region', { name: 'Import an IKM site list' });
  await english.getByRole('button', { name: 'Import another file' }).click();
  await chooseFile(page, 'Choose a file…', list);
  const unmappedEn = english.getByTestId('import-unmapped');
  await expect(unmappedEn).toContainText('Columns not imported (1)');
  await expect(unmappedEn.getByRole('listitem')).toHaveText(['No']);
  await expect(english.getByRole('button', { name: 'Check rows', exact: true })).toBeDisabled();
  await expect(english.getByRole('combobox', { name: /Status/ })).toHaveValue('operatingStatus');
  await unmappedEn.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/42-import-unmapped-columns-english-1366.png' });
});
