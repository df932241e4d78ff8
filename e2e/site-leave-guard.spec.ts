import { expect, test } from './fixtures';
import { aSite, call, createSites } from './support/api';
import { field, openNav, setUpOffice, waitForFrame } from './support/ui';

test('leaving the site form with unsaved changes asks first; staying keeps them, leaving drops them', async ({ ikm }) => {
  const [id] = await ikm.withDb(async (api) => {
    await setUpOffice(api);
    return createSites(api, [aSite()]);
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await page.evaluate((siteId) => (window.location.hash = `#/usaha/${siteId}/ubah`), id);
  await expect(field(page, 'Nama pemilik')).toHaveValue('Ani Wulandari');

  // Untouched: leaving needs no question.
  await openNav(page, 'Kunjungan');
  await expect(page.getByTestId('visit-count')).toBeVisible();
  await page.goBack();
  await field(page, 'Nama pemilik').fill('Ani W.');

  // A link in the navigation: asked, and "Tetap di sini" keeps the form and what was typed.
  await openNav(page, 'Usaha IKM');
  const dialog = page.getByRole('dialog', { name: 'Tinggalkan formulir?' });
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('leave-guard.png') });
  await dialog.getByRole('button', { name: 'Tetap di sini' }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/ubah$/);
  await expect(field(page, 'Nama pemilik')).toHaveValue('Ani W.');

  // Back (Alt+←) is asked too; "Buang perubahan" goes on and saves nothing.
  await page.getByRole('button', { name: 'Batal' }).click();
  await dialog.getByRole('button', { name: 'Buang perubahan' }).click();
  await expect(page.getByRole('heading', { name: 'Amplang Mama Ani' })).toBeVisible();
  expect((await ikm.withDb((api) => call(api, 'site.get', { id }))).ownerName).toBe('Ani Wulandari');

  // A save leaves without a question.
  await page.evaluate((siteId) => (window.location.hash = `#/usaha/${siteId}/ubah`), id);
  await field(page, 'Nama pemilik').fill('Ani W.');
  await page.getByRole('button', { name: /^Simpan/ }).click();
  await expect(page.getByText('Perubahan tersimpan.')).toBeVisible();
  await expect(dialog).toBeHidden();
});
