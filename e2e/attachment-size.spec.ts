import { expect, test } from './fixtures';
import { call } from './support/api';
import { officeWithSite, startVisit, visitFromUrl } from './support/visit-ui';

test('a file larger than the limit is refused by its size, before the app reads a byte of it', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api));
  const page = await ikm.page();
  await startVisit(page, siteId, 'Inventarisasi');

  // A file that says it holds 1 GB (what the file picker reports for a video picked by mistake);
  // reading it is recorded, so a size check that comes after the read is caught.
  await page.getByTestId('drop-zone').evaluate((zone) => {
    const file = new File([new Uint8Array(16)], 'VID_0001.jpg', { type: 'image/jpeg' });
    Object.defineProperty(file, 'size', { value: 1024 ** 3 });
    const w = window as unknown as { fileReads: number };
    w.fileReads = 0;
    for (const method of ['arrayBuffer', 'bytes', 'stream', 'text', 'slice'] as const) {
      const original = (Blob.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
      Object.defineProperty(file, method, {
        value: (...args: unknown[]) => {
          w.fileReads++;
          return original.apply(file, args);
        },
      });
    }
    const transfer = new DataTransfer();
    transfer.items.add(file);
    // DataTransfer copies the File; hand the page our instrumented one instead.
    Object.defineProperty(transfer, 'files', { value: [file] });
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });

  await expect(page.getByRole('alert')).toHaveText('"VID_0001.jpg" terlalu besar (1 GB); maksimal 60 MB per berkas');
  expect(await page.evaluate(() => (window as unknown as { fileReads: number }).fileReads)).toBe(0);
  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  expect(await ikm.withDb((api) => call(api, 'attachment.list', { visitId: visit.id }))).toEqual([]);
});
