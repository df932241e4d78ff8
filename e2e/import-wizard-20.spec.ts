import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { aSite, call, createSites } from './support/api';
import { openNav, setUpOffice, waitForFrame } from './support/ui';

/**
 * Issue 20, majors 11 and 13 and the import minors, in the wizard: a title row above the header
 * is found (and the header row can be chosen); a namesake with another owner is added, not held
 * as a duplicate; a duplicate shows what merging it fills, "Tambahkan" adds it anyway and the
 * merge is counted; a misspelt regency is fixed with one press. Screens 120-123 at 1366×768.
 */
const LIST = [
  ['DAFTAR IKM KOTA SAMARINDA DAN KUTAI KARTANEGARA TAHUN 2025'],
  ['Nama Usaha', 'Pemilik', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI', 'No. HP'],
  // 3: the stored Amplang Mama Ani (same owner): a duplicate whose merge fills the phone
  ['Amplang Mama Ani', 'Ani Wulandari', 'Samarinda', 'Palaran', 'Rawa Makmur', '10', '0812 1111 2222'],
  // 4: same name, same desa, another owner: another business
  ['Amplang Mama Ani', 'Budi Santoso', 'Samarinda', 'Palaran', 'Rawa Makmur', '10', '0812 3333 4444'],
  // 5: a misspelt regency
  ['Karet Remah Sebuntal', 'Rahmat', 'Kutai Kartanegra', 'Marang Kayu', 'Sebuntal', '22', ''],
  // 6 and 7: two namesakes nothing tells apart; the officer knows they are two
  ['Roti Bakar', '', 'Samarinda', 'Palaran', 'Rawa Makmur', '10', ''],
  ['Roti Bakar', '', 'Samarinda', 'Palaran', 'Rawa Makmur', '10', ''],
];

async function chooseFile(page: Page, button: string, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button }).click();
  await (await chooser).setFiles(path);
}

test('title row, namesakes, merge changes, "Tambahkan", and a suggested area fix in the wizard, in both languages', async ({ ikm }) => {
  await ikm.withDb(async (api) => {
    await setUpOffice(api);
    await createSites(api, [aSite({ phone: null })]);
  });
  const path = join(ikm.dataDir, 'daftar-ikm-judul.csv');
  await writeFile(path, LIST.map((r) => r.join(';')).join('\r\n'));
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await openNav(page, 'Ekspor & Cetak');
  const wizard = page.getByRole('region', { name: 'Impor daftar usaha IKM' });
  await chooseFile(page, 'Pilih berkas…', path);

  // The header is row 2; the title above it is left out.
  const headerRow = wizard.getByRole('combobox', { name: 'Baris judul kolom' });
  await expect(headerRow).toHaveValue('2');
  await expect(wizard.getByTestId('import-file')).toContainText('5 baris data, 7 kolom');
  await expect(wizard.getByRole('combobox', { name: 'Kolom Nama Usaha diisi ke' })).toHaveValue('name');
  await mkdir('test-results/screens', { recursive: true });
  await wizard.getByTestId('import-file').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: 'test-results/screens/120-import-header-row-1366.png' });

  await wizard.getByRole('button', { name: 'Periksa baris', exact: true }).click();
  await expect(wizard.getByTestId('import-count-ok')).toHaveText('Siap diimpor: 2');
  await expect(wizard.getByTestId('import-count-error')).toHaveText('Perlu diperbaiki: 1');
  await expect(wizard.getByTestId('import-count-duplicate')).toHaveText('Kemungkinan duplikat: 2');
  // The misspelt regency, fixed with the suggestion.
  const line5 = wizard.locator('tr[data-line="5"]');
  await expect(line5).toContainText('Kabupaten/kota "Kutai Kartanegra" tidak dikenal; mungkin maksudnya Kabupaten Kutai Kartanegara?');
  await line5.getByRole('button', { name: 'Pakai Kabupaten Kutai Kartanegara' }).click();
  await expect(wizard.getByTestId('import-count-error')).toHaveText('Perlu diperbaiki: 0');
  await expect(wizard.getByTestId('import-count-ok')).toHaveText('Siap diimpor: 3');

  await wizard.getByRole('radiogroup', { name: 'Tampilkan' }).getByText('Semua', { exact: true }).click();
  const line3 = wizard.locator('tr[data-line="3"]');
  await expect(line3.getByTestId('import-merge-changes')).toHaveText('Jika digabung, diisi: Nomor telepon 081211112222');
  await expect(wizard.locator('tr[data-line="4"]')).toHaveAttribute('data-status', 'ok');
  await expect(wizard.locator('tr[data-line="4"]').getByTestId('import-note')).toContainText('tetapi pemilik, telepon atau alamatnya berbeda');
  await line3.getByText('Gabungkan', { exact: true }).click();
  // "Bukan duplikat, tambahkan", by keyboard.
  const line7 = wizard.getByRole('radiogroup', { name: 'Tindakan untuk baris 7' });
  await line7.getByRole('radio', { name: 'Lewati' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(line7.getByRole('radio', { name: 'Tambahkan' })).toBeChecked();
  await expect(wizard.getByTestId('import-plan')).toHaveText(
    'Akan ditambahkan 4 usaha baru, 1 digabung ke usaha yang ada, 0 duplikat dilewati, 0 baris yang perlu diperbaiki tidak diimpor.',
  );
  await line3.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/121-import-duplicates-1366.png' });

  await wizard.getByRole('button', { name: 'Impor', exact: true }).click();
  await expect(wizard.getByTestId('import-done')).toContainText('4 usaha ditambahkan, 1 digabung, 0 dilewati', { timeout: 30_000 });
  const stored = await ikm.withDb(async (api) => {
    const items = (await call(api, 'site.list', { limit: 20 })).items;
    const sites = await Promise.all(items.map((s) => call(api, 'site.get', { id: s.id })));
    return sites.map((s) => [s.name, s.ownerName, s.phone]).sort();
  });
  expect(stored).toEqual([
    ['Amplang Mama Ani', 'Ani Wulandari', '081211112222'],
    ['Amplang Mama Ani', 'Budi Santoso', '081233334444'],
    ['Karet Remah Sebuntal', 'Rahmat', null],
    ['Roti Bakar', null, null],
    ['Roti Bakar', null, null],
  ]);

  // The same steps in English.
  await page.getByRole('banner').getByText('EN', { exact: true }).click();
  const english = page.getByRole('region', { name: 'Import an IKM site list' });
  await english.getByRole('button', { name: 'Import another file' }).click();
  await chooseFile(page, 'Choose a file…', path);
  await expect(english.getByRole('combobox', { name: 'Header row' })).toHaveValue('2');
  await english.getByTestId('import-file').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: 'test-results/screens/122-import-header-row-english-1366.png' });
  await english.getByRole('button', { name: 'Check rows', exact: true }).click();
  await expect(english.getByTestId('import-count-duplicate')).toHaveText('Likely duplicate: 4');
  await english.getByRole('radiogroup', { name: 'Show' }).getByText('All', { exact: true }).click();
  await expect(english.locator('tr[data-line="5"]')).toContainText('did you mean Kabupaten Kutai Kartanegara?');
  // Row 4 is now Budi Santoso's registered site: a duplicate, without the remark that it is another business.
  await expect(english.locator('tr[data-line="4"]').getByTestId('import-note')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/123-import-duplicates-english-1366.png' });
});
