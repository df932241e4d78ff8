import { expect, test } from './fixtures';
import { call } from './support/api';
import { field, pick, setUpOffice, waitForFrame } from './support/ui';

test('bad input shows the Indonesian message next to the field and saves nothing', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await waitForFrame(page);
  await page.keyboard.press('Control+N');

  await field(page, 'Nama usaha').fill('Kerupuk Ikan Pak Budi');
  await pick(page, 'Kabupaten/kota', 'Kota Samarinda');
  await pick(page, 'Kecamatan', 'Palaran');
  await pick(page, 'Desa/kelurahan', 'Rawa Makmur');
  await pick(page, 'KBLI (golongan pokok)', '10 · Industri Makanan');
  await field(page, 'Lintang').fill('abc');
  await field(page, 'Bujur').fill('117,15');
  await field(page, 'NIB').fill('12345abc');
  await page.getByRole('button', { name: /^Simpan/ }).click();

  await expect(field(page, 'Lintang')).toHaveAccessibleDescription(/Lintang harus berupa angka desimal, mis. -0,5021/);
  await expect(field(page, 'NIB')).toHaveAccessibleDescription(/NIB terdiri dari 13 digit angka/);
  await expect(page.getByTestId('form-failure')).toHaveText('Periksa kembali isian yang ditandai merah.');
  // The cursor goes to the first field to fix.
  await expect(field(page, 'NIB')).toBeFocused();
  expect((await ikm.withDb((api) => call(api, 'site.list', {}))).total).toBe(0);

  // Fixing a field clears its message at once; the form then saves.
  await field(page, 'NIB').fill('1234567890123');
  await expect(field(page, 'NIB')).not.toHaveAccessibleDescription(/NIB terdiri/);
  await field(page, 'Lintang').fill('-0,61');
  await page.getByRole('button', { name: /^Simpan/ }).click();
  await expect(page.getByText('Usaha baru tersimpan.')).toBeVisible();
  expect((await ikm.withDb((api) => call(api, 'site.list', {}))).total).toBe(1);
});
