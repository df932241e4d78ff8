import { crc32 } from 'node:zlib';
import exifr from 'exifr';
import type { PhotoSuggestion } from './model/attachment';

export type KnownMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

/**
 * Pixels an image may have: a 100-megapixel photo is more than any camera an officer carries
 * takes by default, and decoding one takes 400 MB; a "photo" of 65,535 × 65,535 is a trap.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

/**
 * The type a file really is, from its bytes (never trust a file name). An image counts as one only
 * when its structure holds: the first bytes of a JPEG, PNG or WebP followed by garbage, a file cut
 * short, or an image of absurd dimensions is not one.
 */
export function sniffMime(bytes: Uint8Array): KnownMime | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return wholeJpeg(bytes) ? 'image/jpeg' : null;
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return wholePng(bytes) ? 'image/png' : null;
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) {
    return wholeWebp(bytes) ? 'image/webp' : null;
  }
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return null;
}

const be16 = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const be32 = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const le16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const le24 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const le32 = (b: Uint8Array, i: number) => (le24(b, i) | (b[i + 3] << 24)) >>> 0;
const sizeFits = (width: number, height: number) => width > 0 && height > 0 && width * height <= MAX_IMAGE_PIXELS;

/** JPEG: segments that fit the file up to the first scan, a frame with its size before it, and an end marker after. */
function wholeJpeg(b: Uint8Array): boolean {
  let i = 2;
  let frame = false;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return false;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9) return false; // the end before any picture
    const length = be16(b, i + 2);
    if (length < 2 || i + 2 + length > b.length) return false;
    // Start of frame (every kind but DHT C4, JPG C8, DAC CC): precision, height, width.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8 || !sizeFits(be16(b, i + 7), be16(b, i + 5))) return false;
      frame = true;
    }
    if (marker === 0xda) {
      // The scan's data runs to an end-of-image marker (cameras may add bytes after it).
      const end = Buffer.from(b.buffer, b.byteOffset, b.byteLength).lastIndexOf(Buffer.from([0xff, 0xd9]));
      return frame && end >= i + 2 + length;
    }
    i += 2 + length;
  }
  return false;
}

/** PNG: chunks that fit the file with their CRCs right, IHDR first with a sane size, image data, and IEND. */
function wholePng(b: Uint8Array): boolean {
  let i = 8;
  let data = false;
  while (i + 12 <= b.length) {
    const length = be32(b, i);
    if (i + 12 + length > b.length) return false;
    if (crc32(b.subarray(i + 4, i + 8 + length)) !== be32(b, i + 8 + length)) return false;
    const type = String.fromCharCode(b[i + 4], b[i + 5], b[i + 6], b[i + 7]);
    if (i === 8 && (type !== 'IHDR' || length !== 13 || !sizeFits(be32(b, i + 8), be32(b, i + 12)))) return false;
    if (type === 'IDAT') data = true;
    if (type === 'IEND') return data;
    i += 12 + length;
  }
  return false;
}

/** WebP: a RIFF that fits the file, and a first chunk (lossy, lossless or extended) with its signature and a sane size. */
function wholeWebp(b: Uint8Array): boolean {
  if (b.length < 30 || le32(b, 4) + 8 > b.length) return false;
  const chunk = String.fromCharCode(b[12], b[13], b[14], b[15]);
  if (20 + le32(b, 16) > le32(b, 4) + 8) return false;
  if (chunk === 'VP8 ') return b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a && sizeFits(le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff);
  if (chunk === 'VP8L') return b[20] === 0x2f && sizeFits((le32(b, 21) & 0x3fff) + 1, ((le32(b, 21) >>> 14) & 0x3fff) + 1);
  if (chunk === 'VP8X') return sizeFits(le24(b, 24) + 1, le24(b, 27) + 1);
  return false;
}

/**
 * The time and place a camera wrote into a photo, if any. EXIF times carry no zone: they are
 * the camera's wall clock, which is what the officer means by the visit date.
 */
export async function readPhotoMetadata(bytes: Uint8Array): Promise<PhotoSuggestion | null> {
  let exif: Record<string, unknown> | undefined;
  try {
    exif = await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      gps: true,
      reviveValues: false,
      pick: ['DateTimeOriginal', 'CreateDate', 'GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef'],
    });
  } catch {
    return null; // damaged or missing EXIF: the photo itself is still fine
  }
  if (!exif) return null;
  const stamp = String(exif.DateTimeOriginal ?? exif.CreateDate ?? '');
  const date = /^(\d{4}):(\d{2}):(\d{2})/.exec(stamp);
  const latitude = typeof exif.latitude === 'number' && Number.isFinite(exif.latitude) ? Number(exif.latitude.toFixed(6)) : null;
  const longitude = typeof exif.longitude === 'number' && Number.isFinite(exif.longitude) ? Number(exif.longitude.toFixed(6)) : null;
  const suggestion = {
    visitDate: date ? `${date[1]}-${date[2]}-${date[3]}` : null,
    latitude: latitude !== null && longitude !== null ? latitude : null,
    longitude: latitude !== null && longitude !== null ? longitude : null,
  };
  return suggestion.visitDate || suggestion.latitude !== null ? suggestion : null;
}
