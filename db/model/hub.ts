import { z } from 'zod';
import type { Role } from './review';
import { ChangeMessage, Hlc, MAX_BATCH, RowId } from './sync';

/**
 * The office hub's wire protocol (HTTP, JSON). The hub and the app's hub client both validate
 * with these schemas; every refusal is `{ code, message }` with an Indonesian message.
 */

export const REPLICA_ID = /^[0-9a-f]{16}$/;
export const ReplicaId = z.string().regex(REPLICA_ID, 'ID replika tidak valid');

/** A regency code such as "64.72". */
export const RegencyCode = z.string().regex(/^\d{2}\.\d{2}$/, 'Kode kabupaten/kota tidak valid (contoh: 64.72)');

/** An officer code as the setup form accepts it (letters and digits). */
export const OfficerCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2,5}$/, 'Kode petugas 2–5 huruf, mis. ANS');

/** The one-time enrollment code the office prints: 12 letters/digits, shown in groups of four. */
export const EnrollmentCode = z
  .string()
  .trim()
  .toUpperCase()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .refine((s) => /^[A-Z2-9]{12}$/.test(s), { message: 'Kode pendaftaran harus 12 huruf/angka, contoh: K7QD-M9XA-4TRB', params: { code: 'enrollment_code' } });

/** An Ed25519 public key as base64 of its SPKI DER encoding (44 bytes). */
export const PublicKeyText = z.string().regex(/^[A-Za-z0-9+/]{59}=$/, 'Kunci publik perangkat tidak valid');

export const EnrollRequest = z.object({
  code: EnrollmentCode,
  replicaId: ReplicaId,
  deviceName: z.string().trim().min(1, 'Nama perangkat wajib diisi').max(80, 'Nama perangkat paling panjang 80 karakter'),
  publicKey: PublicKeyText,
});
export type EnrollRequest = z.input<typeof EnrollRequest>;

export interface EnrollResponse {
  deviceId: string;
  /** Sent as `Authorization: Bearer <token>`; the hub keeps only its hash. */
  token: string;
  hubId: string;
  /** The hub's own device key, so the laptop can verify bundles the office hands back. */
  hubPublicKey: string;
  officerCode: string;
  /** The regencies this device receives; empty means the whole province. */
  regencies: string[];
  /** Who uses the laptop, as the office enrolled it (absent from hubs before issue 18). */
  role?: Role;
}

/** Bytes one sync request may carry; batches are bounded by count and by bytes. */
export const MAX_SYNC_BODY_BYTES = 16 * 1024 * 1024;

/**
 * What one cell's value may hold at the hub (issue 21, item 7): a larger value is refused, counted
 * and shown to the office. The largest value the app writes, a visit revision's whole form, stays
 * well under it.
 */
export const MAX_CELL_CHARS = 100_000;
/** The characters of all values one push (a sync request) may carry; the app's own batches stay under half of it. */
export const MAX_PUSH_VALUE_CHARS = 12 * 1024 * 1024;
/** About how many bytes one pull reply carries at most (values and their names): pulls page by bytes as well as by count. */
export const MAX_PULL_BYTES = 4 * 1024 * 1024;

/** Why the hub refused one change from a device (counted per device for `hub devices`). */
/** `role`: a review decision from a laptop the office did not enrol as a supervisor's (issue 18). */
export const REFUSAL_REASONS = ['scope', 'replica', 'too_large', 'role'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** The hub's mark of a re-sent site history page ("backfill id:last sequence"), echoed back once applied. */
export const BackfillToken = z.string().regex(/^\d{1,15}:\d{1,15}$/, 'Tanda pengiriman ulang tidak valid');

/** Sites one sync reply asks a device to release, and one request confirms (issue 8, item 6). */
export const MAX_RELEASE = 500;
/** The sites a scoped device should release (they left its scope): ids, bounded. */
export const SiteReleaseList = z.array(RowId).max(MAX_RELEASE, `Paling banyak ${MAX_RELEASE} usaha sekali lepas`);

export const SyncRequest = z.object({
  replicaId: ReplicaId,
  /** The client's unsent messages (it pages when it has more). */
  messages: z.array(ChangeMessage).max(MAX_BATCH, `Paling banyak ${MAX_BATCH} perubahan sekali kirim`),
  /** The last hub sequence the client has applied; 0 the first time. */
  cursor: z.number().int().min(0),
  /** Most messages to return. */
  limit: z.number().int().min(1).max(MAX_BATCH).default(MAX_BATCH),
  /**
   * The `backfill` token of the last reply this client applied (null when none). A client that
   * sends the field takes re-sent history of sites that came into its scope; one that leaves it
   * out (an older version) is never sent any.
   */
  backfill: BackfillToken.nullable().optional(),
  /**
   * Sites this client removed since its last reply, as the hub asked (`release`). A client that
   * sends the field (even empty) is asked to release sites that left its scope; one that leaves
   * it out (an older version) keeps them.
   */
  released: SiteReleaseList.optional(),
  /**
   * Said after this laptop restored a backup: it stamps with a new replica id since (the restored
   * file was behind what the old one issued), and the hub takes that id as the device's own.
   */
  restoredFromBackup: z.object({ previousReplicaId: ReplicaId.nullable(), backupCreatedAt: z.iso.datetime() }).optional(),
});
export type SyncRequest = z.input<typeof SyncRequest>;

export interface SyncResponse {
  /** Messages the hub stored for the first time from this request. */
  stored: number;
  /** Messages the hub already had. */
  duplicates: number;
  /**
   * Messages the hub refused (a site this device may not write, a replica not its own, a value
   * too large); the office sees them counted per device. Absent from older hubs.
   */
  refused?: number;
  /** Newer messages from other replicas, in hub order. */
  messages: ChangeMessage[];
  /** Pass back as `cursor` next time. */
  cursor: number;
  /** True when more messages wait after `cursor`. */
  more: boolean;
  /** The hub's clock (ISO), for the clock check. */
  hubTime: string;
  /** Set when `messages` re-send sites that came into the device's scope: keep it with the cursor, send it back. */
  backfill?: string;
  /** The regencies this device receives (empty: the whole province), as the office set them. */
  regencies: string[];
  /**
   * Sites that left this device's scope (a scope change, or the site moved): remove each once all
   * its local changes reached the hub, then name it in `released`. The hub no longer sends their
   * changes. Only for a client that sends `released`.
   */
  release?: string[];
  /**
   * The version of the release list (it grows each time the hub gives the device a site): a client
   * applies a list only if it is not older than the last it saw (issue 19, item 3).
   */
  releaseVersion?: number;
  /** Who uses the laptop as the office set it now (`hub role`); absent from hubs before issue 18. */
  role?: Role;
}

export interface HubHealth {
  ok: true;
  hubId: string;
  hubTime: string;
  version: string;
  messages: number;
}

export interface HubError {
  code: HubErrorCode;
  message: string;
  issues?: { path: string; message: string }[];
  /** The numbers and times in the message, for the app to say it in the officer's language. */
  params?: Record<string, string | number>;
}

export type HubErrorCode =
  | 'VALIDATION'
  | 'UNAUTHORIZED'
  | 'REVOKED'
  | 'ENROLLMENT_INVALID'
  | 'CLOCK_AHEAD'
  | 'BLOB_MISMATCH'
  | 'BLOB_OFFSET'
  | 'NOT_FOUND'
  | 'TOO_LARGE'
  | 'RATE_LIMITED'
  | 'TIMEOUT'
  | 'UPLOAD_QUOTA'
  | 'BUSY'
  | 'INTERNAL';

/** How much of a blob upload the hub holds (for resuming). */
export interface BlobUploadState {
  sha256: string;
  /** Bytes received so far; equals `size` of the finished blob when `complete`. */
  received: number;
  complete: boolean;
}

export const Sha256Text = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 tidak valid');

/** Largest single blob (a phone photo or a scanned PDF is far below this). */
export const MAX_BLOB_BYTES = 200 * 1024 * 1024;
/** Largest piece of one resumable upload request. */
export const MAX_BLOB_CHUNK_BYTES = 8 * 1024 * 1024;

export const BlobUploadQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  total: z.coerce.number().int().min(0).max(MAX_BLOB_BYTES, 'Berkas terlalu besar untuk dikirim ke hub'),
});

/** Sync bundles (db/sync/bundle.ts): a zip with a signed manifest, the messages and the blobs they name. */
export const BUNDLE_FORMAT = 'ikm-lapangan-paket-sinkronisasi';
export const BUNDLE_EXTENSION = '.ikmsync';
/** Entries one bundle may hold (the manifest, its signature, the messages and the blobs). */
export const MAX_BUNDLE_ENTRIES = 50_000;
/** Uncompressed bytes one bundle may unpack to (zip bombs stop here). */
export const MAX_BUNDLE_BYTES = 1536 * 1024 * 1024;

const BundlePart = z.object({ name: z.string().max(80), sha256: Sha256Text, size: z.number().int().min(0) });
export type BundlePart = z.infer<typeof BundlePart>;

/** The messages part of a bundle. */
export const BundleChangeMessages = z.array(ChangeMessage);

/** Sites one bundle may ask a laptop to release, or confirm released to the hub. */
export const MAX_BUNDLE_RELEASE = 100_000;
const BundleReleaseList = z.array(RowId).max(MAX_BUNDLE_RELEASE);

export const BundleManifest = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(1),
  fromReplica: ReplicaId,
  fromPublicKey: PublicKeyText,
  fromLabel: z.string().max(120),
  /** The peer the bundle was made for (a replica id or a hub id); null for any peer. */
  forPeer: ReplicaId.nullable(),
  createdAt: z.string().max(40),
  range: z.object({ firstHlc: Hlc.nullable(), lastHlc: Hlc.nullable(), after: z.number().int().min(0), upTo: z.number().int().min(0) }),
  counts: z.object({ messages: z.number().int().min(0), blobs: z.number().int().min(0) }),
  parts: z.array(BundlePart).max(MAX_BUNDLE_ENTRIES),
  /** From the hub, for one device: sites that left its scope, to remove once nothing of theirs waits to go to the hub (as `release` in sync). */
  release: BundleReleaseList.optional(),
  /** From the hub, for one device: the device's own log sequence up to which the hub holds everything it sent by bundle. */
  acknowledged: z.number().int().min(0).optional(),
  /** From the hub, for one device: the version of `release` (as `releaseVersion` in sync); an older list than the last the laptop saw is not applied. */
  releaseVersion: z.number().int().min(0).optional(),
  /** From the hub: the enrolment (device id) `release`, `releaseVersion` and `acknowledged` belong to; a bundle for an earlier enrolment of the laptop releases nothing. */
  forDevice: z.string().regex(/^[0-9a-f]{16}$/).optional(),
  /** From a laptop: sites it removed that the hub asked for (as `released` in sync); present when its app releases sites. */
  released: BundleReleaseList.optional(),
});
export type BundleManifest = z.infer<typeof BundleManifest>;

/** The regencies a device is enrolled for (`npm run hub -- enroll --regencies 64.72,64.02`). */
export const EnrollmentRegencies = z.array(RegencyCode);
