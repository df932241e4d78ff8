import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { aSite, call, createSites } from './support/api';
import { combo, pick, setUpOffice, waitForFrame } from './support/ui';

test('Pengaturan: a wilayah gets its induk, and the site form shows it', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();
  await expect(page.getByText('198703122010012003')).toBeVisible();

  const region = page.getByRole('form', { name: 'Wilayah II', exact: true });
  await pick(page, region.getByRole('combobox', { name: 'Induk', exact: true }), 'Kota Samarinda');
  await region.getByRole('button', { name: 'Simpan wilayah' }).click();
  await expect(region.getByRole('status')).toHaveText('Tersimpan');
  const wilayah = await ikm.withDb((api) => call(api, 'wilayah.list'));
  expect(wilayah.find((w) => w.name === 'Wilayah II')?.indukRegencyCode).toBe('64.72');

  await page.keyboard.press('Control+N');
  await pick(page, 'Kabupaten/kota', 'Kota Bontang');
  await expect(page.getByTestId('site-wilayah')).toHaveText('Wilayah pengembangan: Wilayah II (induk: Kota Samarinda)');
  await expect(combo(page, 'Kecamatan')).toBeEnabled();
});

test('Pengaturan shows the app version, the data folder and the database size', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();
  const about = page.getByRole('region', { name: 'Tentang aplikasi' });
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  await expect(about.getByTestId('app-version')).toHaveText(pkg.version);
  await expect(about.getByTestId('data-dir')).toHaveText(ikm.dataDir);
  await expect(about.getByTestId('database-size')).toHaveText(/^\d+(,\d)? (KB|MB)$/);
  await page.screenshot({ path: test.info().outputPath('settings-about.png') });
});

test('Pengaturan: moving a kabupaten to another wilayah says so; changing the province with sites is refused', async ({ ikm }) => {
  await ikm.withDb(async (api) => {
    await setUpOffice(api);
    await createSites(api, [aSite()]);
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();

  const region = page.getByRole('form', { name: 'Wilayah I', exact: true });
  await region.getByRole('combobox', { name: 'Kabupaten/kota anggota' }).click();
  await page.getByRole('option', { name: /^Kota Samarinda \(Wilayah II\)/ }).click();
  await page.keyboard.press('Escape');
  await expect(region.getByTestId('wilayah-moving')).toHaveText('Kota Samarinda akan dipindahkan dari Wilayah II ke wilayah ini.');

  await page.getByRole('button', { name: 'Ubah' }).first().click();
  const dialog = page.getByRole('dialog');
  await pick(page, dialog.getByRole('combobox', { name: 'Provinsi kantor' }), 'DKI Jakarta');
  await dialog.getByRole('button', { name: 'Simpan' }).click();
  await expect(dialog.getByRole('combobox', { name: 'Provinsi kantor' })).toHaveAccessibleDescription(
    /Provinsi kantor tidak dapat diganti: sudah ada 1 usaha terdaftar di Kalimantan Timur/,
  );
  await page.screenshot({ path: test.info().outputPath('province-refused.png') });
  expect((await ikm.withDb((api) => call(api, 'setup.get')))?.provinceCode).toBe('64');
});
