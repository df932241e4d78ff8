import { z } from 'zod';
import { Id } from './site';
import { requiredText } from './text';

export const ATTACHMENT_KINDS = ['photo', 'document', 'signature'] as const;
export const SIGNATURE_ROLES = ['respondent', 'officer'] as const;
export const SIGNATURE_METHODS = ['drawn', 'typed'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

/** Bigger than any phone or camera photo an officer takes (a 25 MB photo must pass). */
export const MAX_ATTACHMENT_BYTES = 60 * 1024 * 1024;
export const MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024;

const Bytes = (label: string, max: number) =>
  z
    .instanceof(Uint8Array, { error: `${label} harus berupa isi berkas` })
    .refine((b) => b.byteLength > 0, { message: `${label} kosong` })
    .refine((b) => b.byteLength <= max, { message: `${label} terlalu besar (maksimal ${Math.round(max / 1024 / 1024)} MB)` });

/**
 * What a file is stored as, from what its bytes are (never from its name): a PDF is a document,
 * a JPEG, PNG or WebP image a photo; null for anything else.
 */
export function fileAttachmentKind(mime: string | null): 'photo' | 'document' | null {
  if (mime === 'application/pdf') return 'document';
  return mime && PHOTO_MIMES.includes(mime) ? 'photo' : null;
}
const PHOTO_MIMES: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];

/** The kinds of file each attachment kind accepts, by sniffed type. */
export const ACCEPTED_MIMES: Record<(typeof ATTACHMENT_KINDS)[number], readonly string[]> = {
  photo: PHOTO_MIMES,
  signature: ['image/png'],
  document: [...PHOTO_MIMES, 'application/pdf'],
};

export const AttachmentAdd = z
  .object({
    visitId: Id,
    /** "file": a photo or a document, as the core finds the bytes to be (fileAttachmentKind). */
    kind: z.enum([...ATTACHMENT_KINDS, 'file'], { error: 'Jenis lampiran tidak dikenal' }),
    role: z.enum(SIGNATURE_ROLES).nullish().transform((v) => v ?? null),
    fileName: requiredText(1, 255, 'Nama berkas'),
    bytes: Bytes('Berkas', MAX_ATTACHMENT_BYTES),
    /** A small JPEG the renderer drew from the photo, for lists and forms. */
    thumbnail: Bytes('Gambar kecil', MAX_THUMBNAIL_BYTES).nullish(),
    /** How a signature was made: drawn on the pad, or a name the officer typed. */
    signatureMethod: z.enum(SIGNATURE_METHODS).nullish().transform((v) => v ?? null),
  })
  .refine((a) => a.kind !== 'signature' || a.role !== null, {
    path: ['role'],
    message: 'Tanda tangan milik responden atau petugas?',
  });
export type AttachmentAdd = z.input<typeof AttachmentAdd>;

/** A signature drawn or typed while amending a final visit: saved with the amendment, or not at all. */
export const AmendmentSignature = z.object({
  role: z.enum(SIGNATURE_ROLES),
  signatureMethod: z.enum(SIGNATURE_METHODS),
  bytes: Bytes('Tanda tangan', MAX_THUMBNAIL_BYTES),
});
export type AmendmentSignature = z.infer<typeof AmendmentSignature>;

export const AttachmentIdRequest = z.object({ id: Id });
export const AttachmentReadRequest = z.object({ id: Id, thumbnail: z.boolean().default(false) });
export const AttachmentListRequest = z.object({ visitId: Id });

export interface Attachment {
  id: string;
  visitId: string;
  kind: (typeof ATTACHMENT_KINDS)[number];
  role: (typeof SIGNATURE_ROLES)[number] | null;
  /** A signature's: drawn on the pad (also every signature from before this was recorded) or typed. */
  signatureMethod: SignatureMethod | null;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  hasThumbnail: boolean;
  takenAt: string | null;
  latitude: number | null;
  longitude: number | null;
  createdAt: string;
}

/** What a photo's EXIF offers to fill in the visit; the officer decides. */
export interface PhotoSuggestion {
  visitDate: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface AttachmentAddResult {
  attachment: Attachment;
  suggestion: PhotoSuggestion | null;
}
