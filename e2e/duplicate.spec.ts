import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { aSite, call, createSites } from './support/api';
import { field, pick, setUpOffice, waitForFrame } from './support/ui';

/** Types a site with the same name and desa as the seeded one, and asks to save it. */
async function enterTwin(page: Page): Promise<void> {
  await page.keyboard.press('Control+N');
  await field(page, 'Nama usaha').fill('UD. Amplang Mama Ani');
  await pick(page, 'Kabupaten/kota', 'Kota Samarinda');
  await pick(page, 'Kecamatan', 'Palaran');
  await pick(page, 'Desa/kelurahan', 'Rawa Makmur');
  await pick(page, 'KBLI (golongan pokok)', '10 · Industri Makanan');
  await page.getByRole('button', { name: /^Simpan/ }).click();
}

const countAmplang = (api: Parameters<typeof call>[0]) => call(api, 'site.list', { text: 'amplang mama' }).then((r) => r.total);

test('duplicate warning: cancel saves nothing, the link shows the existing site, confirm saves', async ({ ikm }) => {
  await ikm.withDb(async (api) => {
    await setUpOffice(api);
    await createSites(api, [aSite({ ownerName: 'Ani Wulandari' })]);
  });
  const page = await ikm.page();
  await waitForFrame(page);

  await enterTwin(page);
  const dialog = page.getByRole('dialog', { name: 'Periksa sebelum menyimpan' });
  await expect(dialog).toContainText('Sudah ada usaha bernama "Amplang Mama Ani" di desa/kelurahan yang sama');

  // Batal: back to the form, nothing written.
  await dialog.getByRole('button', { name: 'Batal' }).click();
  await expect(dialog).toBeHidden();
  await expect(field(page, 'Nama usaha')).toHaveValue('UD. Amplang Mama Ani');
  expect(await ikm.withDb(countAmplang)).toBe(1);

  // Escape closes the warning the same way.
  await page.getByRole('button', { name: /^Simpan/ }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await ikm.withDb(countAmplang)).toBe(1);

  // The link shows the site that already exists, without losing what was typed.
  await page.getByRole('button', { name: /^Simpan/ }).click();
  await dialog.getByRole('button', { name: 'Lihat usaha yang sudah ada' }).click();
  const preview = page.getByRole('dialog', { name: 'Amplang Mama Ani' });
  await expect(preview).toContainText('Ani Wulandari');
  await preview.getByRole('button', { name: 'Kembali ke peringatan' }).click();

  // Tetap simpan: the officer knows it is a second unit; now there are two.
  await dialog.getByRole('button', { name: 'Tetap simpan' }).click();
  await expect(page.getByText('Usaha baru tersimpan.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'UD. Amplang Mama Ani' })).toBeVisible();
  expect(await ikm.withDb(countAmplang)).toBe(2);
});
