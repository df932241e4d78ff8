import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { call } from './support/api';
import { combo, field, setUpOffice, waitForFrame } from './support/ui';

/** Types into a searchable pick list and takes the first match, keyboard only. */
async function choose(page: Page, typed: string, expected: string): Promise<void> {
  await page.keyboard.type(typed);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.locator(':focus')).toHaveValue(expected);
}

test('a site can be registered without the mouse', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await waitForFrame(page);

  await page.keyboard.press('Control+N');
  // The cursor starts in the first field, and Tab follows the form's reading order.
  await expect(field(page, 'Nama usaha')).toBeFocused();
  await page.keyboard.type('Keripik Pisang Bu Sri');
  await page.keyboard.press('Tab');
  await expect(field(page, 'Nama pemilik')).toBeFocused();
  await page.keyboard.type('Sri Lestari');

  await combo(page, 'Kabupaten/kota').focus();
  await choose(page, 'Samar', 'Kota Samarinda');
  await page.keyboard.press('Tab');
  await expect(combo(page, 'Kecamatan')).toBeFocused();
  await choose(page, 'Palar', 'Palaran');
  await page.keyboard.press('Tab');
  await expect(combo(page, 'Desa/kelurahan')).toBeFocused();
  await choose(page, 'Rawa M', 'Rawa Makmur');

  await combo(page, 'KBLI (golongan pokok)').focus();
  await choose(page, 'Makanan', '10 · Industri Makanan');

  // Enter in a text field saves, as in any form.
  await field(page, 'Nama pemilik').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Keripik Pisang Bu Sri' })).toBeVisible();
  // On the detail page, Enter opens the editor (its button has the focus).
  await expect(page.getByRole('button', { name: 'Ubah' })).toBeFocused();
  expect((await ikm.withDb((api) => call(api, 'site.list', { text: 'keripik' }))).total).toBe(1);
});

test('a coordinate outside the province must be confirmed', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await waitForFrame(page);
  await page.keyboard.press('Control+N');
  await page.keyboard.type('Dodol Rumput Laut');
  await combo(page, 'Kabupaten/kota').focus();
  await choose(page, 'Samar', 'Kota Samarinda');
  await page.keyboard.press('Tab');
  await choose(page, 'Palar', 'Palaran');
  await page.keyboard.press('Tab');
  await choose(page, 'Rawa M', 'Rawa Makmur');
  await combo(page, 'KBLI (golongan pokok)').focus();
  await choose(page, 'Makanan', '10 · Industri Makanan');
  // Latitude and longitude swapped: a classic slip with a phone's GPS reading.
  await field(page, 'Lintang').fill('117,15');
  await field(page, 'Bujur').fill('-0,5');
  await page.keyboard.press('Enter');
  await expect(field(page, 'Lintang')).toHaveAccessibleDescription(/Lintang harus di antara -90 dan 90/);

  // Medan, North Sumatra: a valid coordinate, but not in Kalimantan Timur.
  await field(page, 'Lintang').fill('3,59');
  await field(page, 'Bujur').fill('98,67');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Periksa sebelum menyimpan' });
  await expect(dialog).toContainText('berada di luar provinsi');
  expect((await ikm.withDb((api) => call(api, 'site.list', {}))).total).toBe(0);
  await dialog.getByRole('button', { name: 'Tetap simpan' }).click();
  await expect(page.getByText('Usaha baru tersimpan.')).toBeVisible();
  expect((await ikm.withDb((api) => call(api, 'site.list', {}))).total).toBe(1);
});
