import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { sniffMime } from './media';
import { anInventarisasi, call, createSite, setUpApi } from './test-support';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'test-fixtures', name)));
const JPEG = fixture('photo-gps.jpg');
const PNG = fixture('photo-plain.png');
/** A 1 × 1 lossless WebP. */
const WEBP = new Uint8Array(Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64'));

/** A PNG whose IHDR says `width` × `height`, its CRC made right so only the size is wrong. */
function pngSized(width: number, height: number): Uint8Array {
  const png = Buffer.from(PNG);
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

test('real photos are what their bytes say', () => {
  assert.equal(sniffMime(JPEG), 'image/jpeg');
  assert.equal(sniffMime(PNG), 'image/png');
  assert.equal(sniffMime(WEBP), 'image/webp');
  assert.equal(sniffMime(pngSized(4000, 3000)), 'image/png');
  // Bytes a camera adds after the end of the picture do not make it less of one.
  assert.equal(sniffMime(Buffer.concat([JPEG, Buffer.from('trailer')])), 'image/jpeg');
});

test('files that only start like an image are not images', () => {
  const cases: Record<string, Uint8Array> = {
    'JPEG magic, then garbage': Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(5000)]),
    'JPEG cut in half': JPEG.subarray(0, JPEG.length >> 1),
    'JPEG with no picture (ends before a frame)': Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
    'PNG magic, then garbage': Buffer.concat([PNG.subarray(0, 8), randomBytes(5000)]),
    'PNG cut short (no IEND)': PNG.subarray(0, PNG.length - 12),
    'PNG with a damaged chunk': (() => {
      const damaged = Buffer.from(PNG);
      damaged[damaged.length - 20] ^= 0xff;
      return damaged;
    })(),
    'PNG of 70,000 × 70,000 pixels': pngSized(70_000, 70_000),
    'PNG of 0 × 10 pixels': pngSized(0, 10),
    'WebP magic, then garbage': Buffer.concat([WEBP.subarray(0, 12), randomBytes(200)]),
    'WebP cut short': WEBP.subarray(0, 24),
  };
  for (const [name, bytes] of Object.entries(cases)) assert.equal(sniffMime(bytes), null, name);
});

test('a photo that is not one is refused with its clear message, and nothing is stored', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const site = await createSite(api);
    const visit = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi() });
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(5000)]);
    const result = await api.dispatch('attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'IMG_0001.jpg', bytes: new Uint8Array(fake) });
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && { reason: result.error.reason, params: result.error.params }, {
      reason: 'attachment_not_readable',
      params: { name: 'IMG_0001.jpg', kind: 'photo' },
    });
    assert.deepEqual(await call(api, 'attachment.list', { visitId: visit.id }), []);
  } finally {
    api.close();
    dispose();
  }
});
