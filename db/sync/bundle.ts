import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { BUNDLE_FORMAT, BundleChangeMessages, BundleManifest, MAX_BUNDLE_BYTES, MAX_BUNDLE_ENTRIES, type BundlePart } from '../model/hub';
import { AppError, refuse, type ErrorReason } from '../model/result';
import type { ChangeMessage } from '../model/sync';
import { signBytes, verifyBytes, type DeviceKeyPair } from './device-key';

/**
 * A sync bundle: one zip file a USB stick or a shared folder carries between a laptop and the
 * office. It holds a signed manifest, the change messages, and the attachment blobs they name.
 * Reading treats the file as hostile: bounded entry count and sizes, only known entry names, every
 * part checked against the signed manifest, and no name from the archive ever used as a path.
 */

const MANIFEST = 'manifest.json';
const SIGNATURE = 'manifest.sig';
const MESSAGES = 'messages.json';
const BLOB_ENTRY = /^blobs\/([0-9a-f]{64})$/;


export interface BundleContents {
  fromReplica: string;
  fromPublicKey: string;
  fromLabel: string;
  forPeer: string | null;
  /** The sender's log range the messages came from (for the sender's own bookkeeping). */
  range: { after: number; upTo: number };
  messages: ChangeMessage[];
  blobs: Map<string, Uint8Array>;
  /** Scope bookkeeping (issue 8, item 6), see BundleManifest: from the hub for one device (`forDevice`) `release`, `releaseVersion` and `acknowledged`, from a laptop `released`. */
  release?: string[];
  releaseVersion?: number;
  forDevice?: string;
  acknowledged?: number;
  released?: string[];
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The SHA-256 of every attachment file (photo and thumbnail) the messages point at. */
export function referencedBlobs(messages: readonly ChangeMessage[]): Set<string> {
  const found = new Set<string>();
  for (const m of messages) {
    if (m.table !== 'attachment' || (m.column !== 'sha256' && m.column !== 'thumb_sha256')) continue;
    try {
      const value: unknown = JSON.parse(m.value);
      if (typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)) found.add(value);
    } catch {
      // Not JSON: not a reference.
    }
  }
  return found;
}

/** Writes a bundle and signs its manifest with the device key. */
export function writeBundle(contents: BundleContents, key: DeviceKeyPair, now: Date): Uint8Array {
  const messagesBytes = strToU8(JSON.stringify(contents.messages));
  const files: Zippable = { [MESSAGES]: [messagesBytes, { level: 6 }] };
  const parts: BundlePart[] = [{ name: MESSAGES, sha256: sha256Hex(messagesBytes), size: messagesBytes.byteLength }];
  for (const [sha256, bytes] of contents.blobs) {
    // Photos are compressed already: store them as they are.
    files[`blobs/${sha256}`] = [bytes, { level: 0 }];
    parts.push({ name: `blobs/${sha256}`, sha256, size: bytes.byteLength });
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: 1,
    fromReplica: contents.fromReplica,
    fromPublicKey: contents.fromPublicKey,
    fromLabel: contents.fromLabel,
    forPeer: contents.forPeer,
    createdAt: now.toISOString(),
    range: {
      firstHlc: contents.messages[0]?.hlc ?? null,
      lastHlc: contents.messages[contents.messages.length - 1]?.hlc ?? null,
      ...contents.range,
    },
    counts: { messages: contents.messages.length, blobs: contents.blobs.size },
    parts,
    release: contents.release,
    releaseVersion: contents.releaseVersion,
    forDevice: contents.forDevice,
    acknowledged: contents.acknowledged,
    released: contents.released,
  };
  const manifestBytes = strToU8(JSON.stringify(manifest, null, 1));
  files[MANIFEST] = [manifestBytes, { level: 6 }];
  files[SIGNATURE] = [strToU8(signBytes(key.privateKey, manifestBytes)), { level: 0 }];
  return zipSync(files);
}

const invalid = (reason: ErrorReason, message: string): never => {
  throw refuse('BUNDLE_INVALID', reason, message);
};

export interface ReadBundleOptions {
  /** Public keys whose bundles are accepted (enrolled devices, the hub, keys accepted once). */
  trustedKeys: readonly string[];
  /** Ids this reader answers to; a bundle made for another peer is refused. */
  selfIds: readonly string[];
  /** Accept a valid bundle from an unknown device (the office accepting a laptop once). */
  acceptUnknownSigner?: boolean;
  /** Keys of revoked devices: refused whatever `acceptUnknownSigner` says (issue 21, item 8). */
  revokedKeys?: readonly string[];
}

/**
 * Opens and checks a bundle completely before anything is applied: a truncated, altered,
 * unsigned, foreign or oversized file is refused with a clear message.
 */
export function readBundle(file: Uint8Array, options: ReadBundleOptions): BundleContents {
  if (file.byteLength > MAX_BUNDLE_BYTES) invalid('bundle_too_large', 'Berkas paket terlalu besar');
  let entries: Record<string, Uint8Array>;
  try {
    let count = 0;
    let total = 0;
    entries = unzipSync(file, {
      filter(info) {
        count++;
        total += info.originalSize;
        if (count > MAX_BUNDLE_ENTRIES) invalid('bundle_too_many_entries', 'Paket berisi terlalu banyak berkas: bukan paket sinkronisasi yang sah');
        if (total > MAX_BUNDLE_BYTES) invalid('bundle_too_large', 'Isi paket terlalu besar: bukan paket sinkronisasi yang sah');
        if (info.name !== MANIFEST && info.name !== SIGNATURE && info.name !== MESSAGES && !BLOB_ENTRY.test(info.name)) {
          invalid('bundle_unknown_entry', `Paket berisi berkas yang tidak dikenal ("${info.name.slice(0, 60)}"): paket ditolak`);
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    return invalid('bundle_damaged', 'Berkas paket rusak atau terpotong (bukan zip yang utuh). Salin ulang paket dari sumbernya.');
  }

  const manifestBytes = entries[MANIFEST];
  const signature = entries[SIGNATURE];
  if (!manifestBytes || !signature) invalid('bundle_not_a_bundle', 'Berkas ini bukan paket sinkronisasi IKM Lapangan (tidak ada manifes bertanda tangan)');
  let manifest: BundleManifest;
  try {
    manifest = BundleManifest.parse(JSON.parse(strFromU8(manifestBytes)));
  } catch {
    return invalid('bundle_manifest_unreadable', 'Manifes paket tidak terbaca: paket rusak atau dari versi lain');
  }
  if (!verifyBytes(manifest.fromPublicKey, manifestBytes, strFromU8(signature))) {
    invalid('bundle_signature_mismatch', 'Tanda tangan paket tidak cocok: paket telah diubah setelah dibuat');
  }
  if (options.revokedKeys?.includes(manifest.fromPublicKey)) {
    const device = manifest.fromLabel || manifest.fromReplica;
    throw refuse(
      'BUNDLE_UNTRUSTED',
      'bundle_untrusted',
      `Paket dari laptop yang aksesnya sudah dicabut oleh kantor (${device}): paket ditolak. Daftarkan laptop itu lagi dengan kode baru bila perlu.`,
      { device },
    );
  }
  if (!options.trustedKeys.includes(manifest.fromPublicKey) && !options.acceptUnknownSigner) {
    const device = manifest.fromLabel || manifest.fromReplica;
    throw refuse(
      'BUNDLE_UNTRUSTED',
      'bundle_untrusted',
      `Paket dari perangkat yang tidak dikenal (${device}). Hanya paket dari laptop terdaftar atau dari hub kantor yang dimuat.`,
      { device },
    );
  }
  if (manifest.forPeer && !options.selfIds.includes(manifest.forPeer)) {
    invalid('bundle_other_peer', 'Paket ini dibuat untuk perangkat lain, bukan untuk perangkat ini');
  }

  const listed = new Set(manifest.parts.map((p) => p.name));
  for (const name of Object.keys(entries)) {
    if (name !== MANIFEST && name !== SIGNATURE && !listed.has(name)) invalid('bundle_part_altered', 'Paket berisi berkas yang tidak tercatat di manifes');
  }
  const blobs = new Map<string, Uint8Array>();
  let messagesBytes: Uint8Array | null = null;
  for (const part of manifest.parts) {
    const bytes = entries[part.name];
    if (!bytes) invalid('bundle_part_missing', `Bagian paket hilang: ${part.name}. Paket terpotong.`);
    if (bytes.byteLength !== part.size || sha256Hex(bytes) !== part.sha256) {
      invalid('bundle_part_altered', `Bagian paket rusak atau diubah: ${part.name}`);
    }
    const blob = BLOB_ENTRY.exec(part.name);
    if (blob) {
      if (blob[1] !== part.sha256) invalid('bundle_part_altered', 'Lampiran di paket tidak cocok dengan namanya');
      blobs.set(part.sha256, bytes);
    } else if (part.name === MESSAGES) messagesBytes = bytes;
    else invalid('bundle_part_altered', `Bagian paket tidak dikenal: ${part.name}`);
  }
  if (!messagesBytes) return invalid('bundle_part_missing', 'Paket tidak berisi daftar perubahan');
  let messages: ChangeMessage[];
  try {
    messages = BundleChangeMessages.parse(JSON.parse(strFromU8(messagesBytes)));
  } catch {
    return invalid('bundle_messages_invalid', 'Daftar perubahan di paket tidak valid');
  }
  if (messages.length !== manifest.counts.messages || blobs.size !== manifest.counts.blobs) {
    invalid('bundle_part_altered', 'Jumlah isi paket tidak sesuai manifes');
  }
  return {
    fromReplica: manifest.fromReplica,
    fromPublicKey: manifest.fromPublicKey,
    fromLabel: manifest.fromLabel,
    forPeer: manifest.forPeer,
    range: { after: manifest.range.after, upTo: manifest.range.upTo },
    messages,
    blobs,
    release: manifest.release,
    releaseVersion: manifest.releaseVersion,
    forDevice: manifest.forDevice,
    acknowledged: manifest.acknowledged,
    released: manifest.released,
  };
}
