import { expect, test } from './fixtures';
import { aSite, call, createSites } from './support/api';
import { setUpOffice, siteRows, waitForFrame } from './support/ui';

test('archive asks first, moves the site to Arsip, and restore brings it back', async ({ ikm }) => {
  const [id] = await ikm.withDb(async (api) => {
    await setUpOffice(api);
    return createSites(api, [aSite({ name: 'Pabrik Karet Marang Kayu' }), aSite({ name: 'Amplang Mama Ani' })]);
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Usaha IKM' }).click();
  await siteRows(page).filter({ hasText: 'Pabrik Karet' }).click();

  // Batal in the confirmation leaves it alone.
  await page.getByRole('button', { name: 'Arsipkan' }).click();
  const dialog = page.getByRole('dialog', { name: 'Arsipkan usaha?' });
  await expect(dialog).toContainText('Arsipkan "Pabrik Karet Marang Kayu"?');
  await dialog.getByRole('button', { name: 'Batal' }).click();
  await expect(dialog).toBeHidden();
  // Escape closes the question and nothing more: the site stays open.
  await page.getByRole('button', { name: 'Arsipkan' }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Pabrik Karet Marang Kayu' })).toBeVisible();
  expect((await ikm.withDb((api) => call(api, 'site.get', { id }))).deleted).toBe(false);

  await page.getByRole('button', { name: 'Arsipkan' }).click();
  await dialog.getByRole('button', { name: 'Ya, arsipkan' }).click();
  await expect(page.getByText('Usaha diarsipkan.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pulihkan' })).toBeVisible();
  expect((await ikm.withDb((api) => call(api, 'site.get', { id }))).deleted).toBe(true);

  // Gone from the register, present under Arsip.
  await page.getByRole('button', { name: 'Kembali ke daftar usaha' }).click();
  await expect(siteRows(page)).toHaveText([/Amplang Mama Ani/]);
  await page.getByRole('radiogroup', { name: 'Daftar atau arsip' }).getByText('Arsip').click();
  await expect(siteRows(page)).toHaveText([/Pabrik Karet Marang Kayu.*Diarsipkan/]);

  await siteRows(page).first().click();
  await page.getByRole('button', { name: 'Pulihkan' }).click();
  await expect(page.getByText('Usaha dipulihkan ke daftar.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ubah' })).toBeVisible();
  expect((await ikm.withDb((api) => call(api, 'site.get', { id }))).deleted).toBe(false);
});
