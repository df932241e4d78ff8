import exifr from 'exifr';
import type { PhotoSuggestion } from './model/attachment';

export type KnownMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

/** The type a file really is, from its first bytes (never trust a file name). */
export function sniffMime(bytes: Uint8Array): KnownMime | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) {
    return 'image/webp';
  }
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return null;
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
