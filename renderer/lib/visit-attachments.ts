/** The long side of the thumbnails the renderer draws for lists and forms. */
const THUMBNAIL_SIZE = 320;

/** The bytes of a picked or dropped file. */
export async function fileBytes(file: Blob): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await file.arrayBuffer());
}

/**
 * A small JPEG of a photo, or null when the browser cannot decode it (the core then says why).
 * createImageBitmap decodes off the main thread and an OffscreenCanvas scales it, so a 25 MB
 * photo does not freeze the form.
 */
export async function makeThumbnail(file: Blob): Promise<Uint8Array<ArrayBuffer> | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return null;
  }
  try {
    const scale = Math.min(1, THUMBNAIL_SIZE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
      return fileBytes(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 }));
    }
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8));
    return blob ? fileBytes(blob) : null;
  } finally {
    bitmap.close();
  }
}

/** A blob: URL for bytes the core returned (the CSP allows blob: images). */
export function bytesUrl(bytes: Uint8Array, type: string): string {
  return URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
}
