import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { call } from './support/api';
import { field } from './support/ui';
import { officeWithSite, startVisit } from './support/visit-ui';

const PHOTO = fileURLToPath(new URL('../db/test-fixtures/photo-gps.jpg', import.meta.url));

test("a photo's coordinates are shown with their distance from the site's, and the site's own are kept", async ({ ikm }) => {
  // The site sits at -0,5921; 117,1836; the photo was taken at -0,5021; 117,1536: about 10,5 km away.
  const siteId = await ikm.withDb((api) => officeWithSite(api, { latitude: -0.5921, longitude: 117.1836 }));
  const page = await ikm.page();
  await startVisit(page, siteId, 'Pembinaan');
  await page.getByTestId('file-input').setInputFiles(PHOTO);
  const panel = page.getByTestId('photo-suggestion');
  await expect(panel).toContainText('Gunakan tanggal 20 November 2026 dan koordinat -0,5021; 117,1536 dari foto?');
  await expect(panel.getByTestId('photo-distance')).toHaveText(/^Titik foto berjarak 1[01] km dari koordinat usaha\.$/);
  // The site has coordinates: nothing offers to overwrite them.
  await expect(panel.getByRole('checkbox')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('photo-suggestion.png') });
  await panel.getByRole('button', { name: 'Gunakan', exact: true }).click();
  await expect(field(page, 'Lintang')).toHaveValue('-0,5021');
  expect(await ikm.withDb((api) => call(api, 'site.get', { id: siteId }))).toMatchObject({ latitude: -0.5921, longitude: 117.1836 });
});
