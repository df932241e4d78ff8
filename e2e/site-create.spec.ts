import { expect, test } from './fixtures';
import { call } from './support/api';
import { combo, field, pick, setUpOffice, waitForFrame } from './support/ui';

test('create a site: cascading area selects, wilayah shown, KBLI fills the sector, workers fill the size', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await waitForFrame(page);

  await page.keyboard.press('Control+N');
  await expect(page.getByRole('heading', { name: 'Tambah usaha IKM' })).toBeVisible();
  await field(page, 'Nama usaha').fill('Amplang Mama Ani');
  await field(page, 'Nama pemilik').fill('Ani Wulandari');

  // Kecamatan and desa stay closed until the level above is chosen.
  await expect(combo(page, 'Kecamatan')).toBeDisabled();
  await pick(page, 'Kabupaten/kota', 'Kota Samarinda');
  await expect(page.getByTestId('site-wilayah')).toContainText('Wilayah II');
  await expect(combo(page, 'Desa/kelurahan')).toBeDisabled();
  await pick(page, 'Kecamatan', 'Palaran');
  await pick(page, 'Desa/kelurahan', 'Rawa Makmur');
  await field(page, 'Lintang').fill('-0,5921');
  await field(page, 'Bujur').fill('117,1836');

  await pick(page, 'KBLI (golongan pokok)', '10 · Industri Makanan');
  await expect(combo(page, 'Kelompok sektor')).toHaveValue('Pangan');
  await field(page, 'Produk').fill('Amplang ikan pipih');
  await field(page, 'Jumlah tenaga kerja').fill('7');
  await expect(combo(page, 'Skala usaha')).toHaveValue('Kecil (5–19 tenaga kerja)');

  await page.getByRole('button', { name: /^Simpan/ }).click();
  await expect(page.getByRole('heading', { name: 'Amplang Mama Ani' })).toBeVisible();
  await expect(page.getByText('Usaha baru tersimpan.')).toBeVisible();
  await expect(page.getByText('Rawa Makmur, Palaran, Kota Samarinda')).toBeVisible();

  const list = await ikm.withDb((api) => call(api, 'site.list', { text: 'amplang' }));
  expect(list.total).toBe(1);
  const site = await ikm.withDb((api) => call(api, 'site.get', { id: list.items[0].id }));
  expect(site).toMatchObject({
    villageCode: '64.72.01.1001',
    regencyCode: '64.72',
    wilayahName: 'Wilayah II',
    kbliCode: '10',
    sectorGroup: 'pangan',
    workers: 7,
    sizeClass: 'kecil',
    latitude: -0.5921,
    longitude: 117.1836,
  });
});
