import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { officeWithSite, startVisit } from './support/visit-ui';

const fixture = (name: string) => fileURLToPath(new URL(`../db/test-fixtures/${name}`, import.meta.url));

test('a photo opens large on click; ← → and the buttons go through the photos; Esc closes', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api));
  const page = await ikm.page();
  await startVisit(page, siteId, 'Pembinaan');
  await page.getByTestId('file-input').setInputFiles([fixture('photo-gps.jpg'), fixture('photo-plain.png')]);
  await expect(page.getByTestId('attachment-card')).toHaveCount(2);

  await page.getByRole('button', { name: 'Buka foto photo-gps.jpg' }).click();
  const viewer = page.getByRole('dialog');
  await expect(viewer).toContainText('Foto 1 dari 2 · photo-gps.jpg');
  const large = viewer.getByTestId('photo-large');
  await expect(large).toHaveAttribute('alt', 'photo-gps.jpg');
  await expect.poll(() => large.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  // Large: most of a 1366×768 screen, not a 120-pixel thumbnail.
  expect((await large.boundingBox())!.height).toBeGreaterThan(300);
  await page.screenshot({ path: test.info().outputPath('photo-viewer.png') });

  await page.keyboard.press('ArrowRight');
  await expect(viewer).toContainText('Foto 2 dari 2 · photo-plain.png');
  await expect(large).toHaveAttribute('alt', 'photo-plain.png');
  await page.keyboard.press('ArrowRight');
  await expect(viewer).toContainText('Foto 1 dari 2');
  await viewer.getByRole('button', { name: 'Foto sebelumnya' }).click();
  await expect(viewer).toContainText('Foto 2 dari 2');
  await viewer.getByRole('button', { name: 'Foto berikutnya' }).click();
  await expect(viewer).toContainText('Foto 1 dari 2');
  await page.keyboard.press('ArrowLeft');
  await expect(viewer).toContainText('Foto 2 dari 2');

  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
});
