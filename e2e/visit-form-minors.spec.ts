import { mkdir } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { call } from './support/api';
import { field, setUpOffice, waitForFrame } from './support/ui';
import { officeWithSite, startVisit } from './support/visit-ui';

test.describe.configure({ timeout: 150_000 });

test("a new visit shows the site's known workforce beside the empty fields; an empty Temuan has no ✓; the section list follows the scroll", async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api, { workers: 65 }));
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await startVisit(page, siteId, 'Inventarisasi');

  // No visit has counted men and women yet: the site's 65 workers stand beside the empty fields.
  const known = page.getByTestId('workforce-known');
  await expect(known).toHaveText(/Tercatat di data usaha\s*65 orang/);
  await known.scrollIntoViewIfNeeded();
  await mkdir('test-results/screens', { recursive: true });
  await page.screenshot({ path: 'test-results/screens/115-visit-workforce-known-1366.png' });
  await ikm.withDb((api) => call(api, 'settings.setLanguage', { language: 'en' }));
  await page.reload();
  await expect(known).toHaveText(/On the business record\s*65 people/);
  await known.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/115-visit-workforce-known-english-1366.png' });
  await ikm.withDb((api) => call(api, 'settings.setLanguage', { language: 'id' }));
  await page.reload();
  await expect(known).toHaveText(/Tercatat di data usaha\s*65 orang/);
  await field(page, 'Tenaga kerja laki-laki').fill('30');
  await expect(known).toBeHidden();
  await expect(page.getByTestId('workforce-total')).toHaveText('30');

  // Temuan & rekomendasi is optional: empty, it is not ticked; written, it is.
  const temuan = page.getByTestId('section-link-temuan');
  await expect(temuan.getByLabel('belum lengkap')).toBeVisible();
  await field(page, 'Temuan').fill('Kemasan belum berlabel');
  await expect(temuan.getByLabel('lengkap', { exact: true })).toBeVisible();

  // Scrolling the page moves the highlight; back at the top it is Umum again.
  await page.locator('#bagian-temuan').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expect(temuan).toHaveAttribute('aria-current', 'true');
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(page.getByTestId('section-link-umum')).toHaveAttribute('aria-current', 'true');
  await expect(temuan).not.toHaveAttribute('aria-current', 'true');
});

test('the missing-desa message sits under Desa/kelurahan; the level to fix first is marked', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await page.evaluate(() => (window.location.hash = '#/usaha/baru'));
  await field(page, 'Nama usaha').fill('Kerupuk Amplang Bu Sari');
  await page.getByRole('button', { name: /^Simpan/ }).click();
  const village = page.getByRole('combobox', { name: 'Desa/kelurahan' });
  await expect(village).toHaveAccessibleDescription(/Desa\/kelurahan wajib dipilih/);
  const regency = page.getByRole('combobox', { name: 'Kabupaten/kota' });
  await expect(regency).toHaveAttribute('aria-invalid', 'true');
  await expect(regency).not.toHaveAccessibleDescription(/wajib dipilih/);
  await village.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/116-site-form-desa-message-1366.png' });

  await ikm.withDb((api) => call(api, 'settings.setLanguage', { language: 'en' }));
  await page.reload();
  await field(page, 'Business name').fill('Kerupuk Amplang Bu Sari');
  await page.getByRole('button', { name: /^Save/ }).click();
  const englishVillage = page.getByRole('combobox', { name: 'Village (desa/kelurahan)' });
  await expect(englishVillage).toHaveAccessibleDescription(/.+/);
  await expect(page.getByRole('combobox', { name: 'Regency/city' })).not.toHaveAccessibleDescription(/.+/);
  await englishVillage.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/116-site-form-desa-message-english-1366.png' });
});
