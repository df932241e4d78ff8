import { expect, test } from './fixtures';
import { aSite, call, createSites } from './support/api';
import { combo, field, pick, setUpOffice, siteRows, waitForFrame } from './support/ui';

test('edit a site: the form opens with its values, changes are saved', async ({ ikm }) => {
  const [id] = await ikm.withDb(async (api) => {
    await setUpOffice(api);
    return createSites(api, [aSite({ workers: 3, latitude: -0.5921, longitude: 117.1836 })]);
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Usaha IKM' }).click();
  await siteRows(page).first().click();
  await page.getByRole('button', { name: 'Ubah' }).click();

  await expect(page.getByRole('heading', { name: 'Ubah: Amplang Mama Ani' })).toBeVisible();
  await expect(field(page, 'Nama pemilik')).toHaveValue('Ani Wulandari');
  await expect(combo(page, 'Desa/kelurahan')).toHaveValue('Rawa Makmur');
  await expect(field(page, 'Lintang')).toHaveValue('-0,5921');

  await field(page, 'Jumlah tenaga kerja').fill('25');
  await expect(combo(page, 'Skala usaha')).toHaveValue('Menengah (20–99 tenaga kerja)');
  await pick(page, 'Status operasi', 'Berhenti sementara');
  await combo(page, 'Izin dan sertifikat').click();
  await page.getByRole('option', { name: 'Sertifikat Halal', exact: true }).click();
  await page.keyboard.press('Escape');
  await field(page, 'Produk').fill('Amplang ikan pipih, stik ikan');
  // Ctrl+S saves from any field.
  await field(page, 'Produk').press('Control+S');

  await expect(page.getByText('Perubahan tersimpan.')).toBeVisible();
  await expect(page.getByText('Berhenti sementara').first()).toBeVisible();
  const site = await ikm.withDb((api) => call(api, 'site.get', { id }));
  expect(site).toMatchObject({
    workers: 25,
    sizeClass: 'menengah',
    operatingStatus: 'berhenti_sementara',
    certificates: ['HALAL'],
    products: 'Amplang ikan pipih, stik ikan',
    latitude: -0.5921,
  });
});
