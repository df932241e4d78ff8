import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { call } from './support/api';
import { field } from './support/ui';
import { officeWithSite, startVisit, waitSaved } from './support/visit-ui';

const PHOTO = fileURLToPath(new URL('../db/test-fixtures/photo-gps.jpg', import.meta.url));
const SITE = { latitude: -0.5921, longitude: 117.1836 };

test.describe.configure({ timeout: 150_000 });

test("a draft's photo leaves the site's coordinates; discarding it too; finalizing warns that the point is far, then moves the site", async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api, SITE));
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  const siteNow = () => ikm.withDb((api) => call(api, 'site.get', { id: siteId })).then((s) => ({ latitude: s.latitude, longitude: s.longitude }));

  // A first draft takes the photo's point, then is discarded: the site never moved.
  await startVisit(page, siteId, 'Pembinaan');
  await page.getByTestId('file-input').setInputFiles(PHOTO);
  await expect(page.getByTestId('photo-site-note')).toHaveText(/Koordinat usaha tidak berubah sekarang/);
  await page.getByRole('button', { name: 'Gunakan', exact: true }).click();
  await expect(field(page, 'Lintang')).toHaveValue('-0,5021');
  await waitSaved(page);
  expect(await siteNow()).toEqual(SITE);
  await page.getByRole('button', { name: 'Hapus draf' }).click();
  await page.getByRole('dialog', { name: 'Hapus draf?' }).getByRole('button', { name: 'Hapus', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Amplang Mama Ani' })).toBeVisible();
  expect(await siteNow()).toEqual(SITE);

  // A second draft with the same point: Finalisasi says the site will move about 10 km, and why to look.
  await startVisit(page, siteId, 'Pembinaan');
  await page.getByTestId('file-input').setInputFiles(PHOTO);
  await page.getByRole('button', { name: 'Gunakan', exact: true }).click();
  await field(page, 'Nama responden').fill('Pak Rahmat');
  await waitSaved(page);
  await page.getByRole('button', { name: 'Finalisasi', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Finalisasi kunjungan?' });
  await expect(dialog.getByTestId('finalize-site-coords')).toContainText(/Titik kunjungan berjarak 1[01](,\d)? km dari koordinat usaha/);
  expect(await siteNow()).toEqual(SITE);
  await mkdir('test-results/screens', { recursive: true });
  await page.screenshot({ path: 'test-results/screens/110-finalize-site-coords-1366.png' });
  await dialog.getByRole('button', { name: 'Kembali ke formulir' }).click();

  // The same in English, then finalized: the site takes the visit's point.
  await ikm.withDb((api) => call(api, 'settings.setLanguage', { language: 'en' }));
  await page.reload();
  await page.getByRole('button', { name: 'Finalize', exact: true }).click();
  const english = page.getByRole('dialog', { name: 'Finalize the visit?' });
  await expect(english.getByTestId('finalize-site-coords')).toContainText(/The visit's point is 1[01](\.\d)? km from the business's coordinates/);
  await page.screenshot({ path: 'test-results/screens/110-finalize-site-coords-english-1366.png' });
  await english.getByRole('button', { name: 'Finalize now' }).click();
  await expect(page.getByTestId('visit-status')).toHaveText('Final');
  expect(await siteNow()).toEqual({ latitude: -0.5021, longitude: 117.1536 });
});
