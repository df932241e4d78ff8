import { expect, test } from './fixtures';
import { call } from './support/api';
import { field } from './support/ui';
import { officeWithSite, startVisit, visitFromUrl, waitSaved } from './support/visit-ui';

test.describe.configure({ timeout: 120_000 });

test('a 25 MB camera photo is attached whole, with a small thumbnail, while the officer keeps typing', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api));
  const page = await ikm.page();
  await startVisit(page, siteId, 'Inventarisasi');

  // A 24-megapixel JPEG of noise (noise does not compress), made in the page and dropped like a
  // file from the camera's card. (How long the page's main thread is busy is not judged here: in
  // this shell Playwright's binding itself spends ~0.5 s encoding 25 MB, which Electron IPC does not.)
  const size = await page.getByTestId('drop-zone').evaluate(async (zone) => {
    const canvas = new OffscreenCanvas(6000, 4000);
    const context = canvas.getContext('2d')!;
    const image = context.createImageData(6000, 4000);
    const pixels = new Uint32Array(image.data.buffer);
    let x = 20261123;
    for (let i = 0; i < pixels.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      pixels[i] = x | 0xff000000;
    }
    context.putImageData(image, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.97 });
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], 'DSC_0042.JPG', { type: 'image/jpeg' }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    return blob.size;
  });
  expect(size).toBeGreaterThan(25 * 1024 * 1024);

  // The form stays usable meanwhile: the findings typed now are saved with the visit.
  await field(page, 'Temuan').fill('Foto produksi dari kamera');
  await expect(page.getByTestId('attachment-card').getByRole('img', { name: 'DSC_0042.JPG' })).toBeVisible({ timeout: 60_000 });
  await waitSaved(page);

  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  expect(visit.data).toMatchObject({ findings: 'Foto produksi dari kamera' });
  const [photo] = await ikm.withDb((api) => call(api, 'attachment.list', { visitId: visit.id }));
  expect(photo).toMatchObject({ kind: 'photo', fileName: 'DSC_0042.JPG', mime: 'image/jpeg', size, hasThumbnail: true });
  const stored = await ikm.withDb((api) => call(api, 'attachment.read', { id: photo.id }));
  expect(stored.byteLength).toBe(size);
});
