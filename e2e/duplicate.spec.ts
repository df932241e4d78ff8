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

test('a very similar name in the same kecamatan, or within a few hundred metres, is warned about too', async ({ ikm }) => {
  await ikm.withDb(async (api) => {
    await setUpOffice(api);
    await createSites(api, [aSite({ name: 'Amplang Mama Ani', latitude: -0.58, longitude: 117.2 })]);
  });
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);

  // A typo of the name, in Handil Bakti: another desa of the same kecamatan (Palaran).
  await page.keyboard.press('Control+N');
  await field(page, 'Nama usaha').fill('Amplang Mama Any');
  await pick(page, 'Kabupaten/kota', 'Kota Samarinda');
  await pick(page, 'Kecamatan', 'Palaran');
  await pick(page, 'Desa/kelurahan', 'Handil Bakti');
  await pick(page, 'KBLI (golongan pokok)', '10 · Industri Makanan');
  await page.getByRole('button', { name: /^Simpan/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Periksa sebelum menyimpan' });
  await expect(dialog).toContainText('Sudah ada usaha dengan nama mirip, "Amplang Mama Ani", di kecamatan yang sama (Rawa Makmur).');
  await page.screenshot({ path: 'test-results/duplicate-similar-district.png' });
  await dialog.getByRole('button', { name: 'Batal' }).click();

  // The same name with a point ~110 m from the other one: the distance is said.
  await field(page, 'Lintang').fill('-0,579');
  await field(page, 'Bujur').fill('117,2');
  await page.getByRole('button', { name: /^Simpan/ }).click();
  await expect(dialog).toContainText('Sudah ada usaha dengan nama mirip, "Amplang Mama Ani", sekitar 111 m dari titik ini.');
  await dialog.getByRole('button', { name: 'Batal' }).click();
  expect(await ikm.withDb(countAmplang)).toBe(1);

  // In English, from the warning's reason and parameters.
  await page.getByRole('banner').getByText('EN', { exact: true }).click();
  await page.getByRole('button', { name: /^Save/ }).click();
  const english = page.getByRole('dialog', { name: 'Check before saving' });
  await expect(english).toContainText('A business with a similar name, "Amplang Mama Ani", is about 111 m from this point.');
  await page.screenshot({ path: 'test-results/duplicate-similar-nearby-en.png' });
  await english.getByRole('button', { name: 'Save anyway' }).click();
  await expect(page.getByRole('heading', { name: 'Amplang Mama Any' })).toBeVisible();
  expect(await ikm.withDb(countAmplang)).toBe(2);
});
