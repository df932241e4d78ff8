import { expect, test } from './fixtures';
import { aSite, call, createSites } from './support/api';
import { combo, setUpOffice, waitForFrame } from './support/ui';

test('KBLI: a 5-digit code from an NIB is accepted as typed and shown with its division', async ({ ikm }) => {
  const [id] = await ikm.withDb(async (api) => {
    await setUpOffice(api);
    return createSites(api, [aSite()]);
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await page.evaluate((siteId) => (window.location.hash = `#/usaha/${siteId}/ubah`), id);
  const kbli = combo(page, 'KBLI (golongan pokok)');
  await kbli.click();
  await kbli.fill('10794');
  await page.getByRole('option', { name: '10794 · Industri Makanan', exact: true }).click();
  await expect(kbli).toHaveValue('10794 · Industri Makanan');
  await page.getByRole('button', { name: /^Simpan/ }).click();
  await expect(page.getByText('Perubahan tersimpan.')).toBeVisible();
  expect(await ikm.withDb((api) => call(api, 'site.get', { id }))).toMatchObject({ kbliCode: '10794' });
  await expect(page.getByRole('region', { name: 'Usaha' }).getByText('10794 · Industri Makanan')).toBeVisible();

  // Not a manufacturing division: not offered.
  await page.evaluate((siteId) => (window.location.hash = `#/usaha/${siteId}/ubah`), id);
  await kbli.click();
  await kbli.fill('47111');
  await expect(page.getByText('Tidak ditemukan')).toBeVisible();
});

test('certificates show by their names on the site page, never as codes', async ({ ikm }) => {
  const [id] = await ikm.withDb(async (api) => {
    await setUpOffice(api);
    return createSites(api, [aSite({ certificates: ['NIB', 'PIRT', 'HALAL'] })]);
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await page.evaluate((siteId) => (window.location.hash = `#/usaha/${siteId}`), id);
  const business = page.getByRole('region', { name: 'Usaha' });
  for (const name of ['NIB (Nomor Induk Berusaha)', 'SPP-IRT (PIRT)', 'Sertifikat Halal']) {
    // Shown in the details and in the current facts: by name in both.
    await expect(business.getByText(name, { exact: true }).first()).toBeVisible();
  }
  await expect(business.getByText('HALAL', { exact: true })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('site-certificates.png') });
});
