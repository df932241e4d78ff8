import { readFileSync, writeFileSync } from 'node:fs';
import { refuse } from '../db/model/result';
import { MAX_BUNDLE_RELEASE } from '../db/model/hub';
import { MAX_BATCH, type ChangeMessage } from '../db/model/sync';
import { readBundle, referencedBlobs, writeBundle } from '../db/sync/bundle';
import { replicaSyncOf } from '../db/sync/replica-sync';
import { MAX_AHEAD_MS, createHub, type Hub } from './server';
import type { DbKey } from '../db/db-key';

export interface HubBundleImport {
  fromLabel: string;
  messages: number;
  stored: number;
  duplicates: number;
  /** Messages refused (a site the laptop may not write, a replica not its own, a value too large). */
  refused: number;
  blobs: number;
}

/**
 * A bundle from the hub, with the blobs its messages name. For one device (`deviceId`): what hub
 * sync would bring it from the start (its scope, chosen by the same store query), its own messages
 * too (it may have released some of its sites), the sites it should release, and how far its own
 * bundles reached the hub; only that device can load it. Without a device: every message the hub
 * holds, for any laptop.
 */
export function exportHubBundle(hub: Hub, options: { deviceId?: string; now?: Date } = {}): Uint8Array {
  const device = options.deviceId ? hub.store.device(options.deviceId) : null;
  if (options.deviceId && (!device || device.revokedAt)) throw new Error(`Perangkat ${options.deviceId} tidak dikenal atau aksesnya sudah dicabut`);
  const messages: ChangeMessage[] = [];
  let after = 0;
  for (;;) {
    const all = device ? null : hub.store.messagesAfter(after, MAX_BATCH, null);
    const page = all ? { messages: all, more: all.length === MAX_BATCH } : hub.store.messagesFor(device!, after, MAX_BATCH, null);
    for (const { seq: _seq, ...m } of page.messages) messages.push(m);
    if (!page.more) break;
    after = page.messages[page.messages.length - 1].seq;
  }
  const blobs = new Map<string, Uint8Array>();
  for (const sha256 of referencedBlobs(messages)) if (hub.core.blobs.has(sha256)) blobs.set(sha256, hub.core.blobs.read(sha256));
  return writeBundle(
    {
      fromReplica: hub.store.hubId,
      fromPublicKey: hub.store.hubKey.publicKey,
      fromLabel: 'Hub kantor',
      forPeer: device?.replicaId ?? null,
      range: { after: 0, upTo: hub.store.lastSeq() },
      messages,
      blobs,
      ...(device
        ? { release: hub.store.releaseList(device.id, MAX_BUNDLE_RELEASE), releaseVersion: device.releaseVersion, forDevice: device.id, acknowledged: device.bundleAck }
        : {}),
    },
    hub.store.hubKey,
    options.now ?? new Date(),
  );
}

/**
 * Checks a bundle completely, then stores its blobs and its messages (one transaction) and applies
 * them to the hub's copy. A refused bundle changes nothing; the same bundle twice stores nothing new.
 */
export function importHubBundle(hub: Hub, file: Uint8Array, options: { acceptNewDevice?: boolean; now?: Date } = {}): HubBundleImport {
  const now = options.now ?? new Date();
  const own = replicaSyncOf(hub.core).replicaId();
  const bundle = readBundle(file, {
    trustedKeys: hub.store.trustedKeys(),
    selfIds: [hub.store.hubId, own],
    acceptUnknownSigner: options.acceptNewDevice,
    revokedKeys: hub.store.revokedKeys(),
  });
  const limit = new Date(now.getTime() + MAX_AHEAD_MS).toISOString();
  if (bundle.messages.some((m) => m.hlc.slice(0, 24) > limit)) {
    throw refuse(
      'BUNDLE_INVALID',
      'bundle_clock_ahead',
      'Paket berisi perubahan bercap waktu lebih dari sehari di depan jam hub: periksa tanggal dan jam laptop pengirim',
    );
  }
  if (options.acceptNewDevice) hub.store.trustKey(bundle.fromPublicKey, bundle.fromLabel, now);
  for (const bytes of bundle.blobs.values()) hub.core.blobs.put(bytes);
  // An enrolled laptop's bundle counts as its sync: what it wrote it holds, what it passed on from
  // outside its scope it is asked to release, and the sites it says it released are confirmed.
  const device = hub.store.deviceByKey(bundle.fromPublicKey);
  // The releases first, as in sync: what the laptop took again after releasing it comes after.
  if (device && bundle.released !== undefined) {
    hub.store.noteReleases(device.id);
    hub.store.confirmReleased(device.id, bundle.released);
  }
  // The same rules as sync: what the device may not write is refused, counted for `hub devices`.
  const { stored, duplicates, refused } = hub.store.storeMessages(bundle.messages, device?.id ?? null, now);
  if (device) hub.store.noteBundle(device.id, bundle.range);
  hub.settle();
  return { fromLabel: bundle.fromLabel, messages: bundle.messages.length, stored, duplicates, refused, blobs: bundle.blobs.size };
}

/** `npm run hub -- bundle export --out FILE` / `bundle import FILE [--accept-new-device]`. */
export async function runBundleCommand(
  dataDir: string,
  args: string[],
  options: { out?: string; device?: string; acceptNewDevice: boolean; dbKey?: DbKey | null },
): Promise<void> {
  const [action, file] = args;
  const hub = createHub({ dataDir, dbKey: options.dbKey });
  try {
    if (action === 'export') {
      if (!options.out) throw new Error('Sebutkan berkas tujuan: npm run hub -- bundle export --out paket.ikmsync [--device ID]');
      const bytes = exportHubBundle(hub, { deviceId: options.device });
      writeFileSync(options.out, bytes);
      console.log(`Paket disimpan: ${options.out} (${(bytes.byteLength / 1024).toFixed(0)} KB)`);
    } else if (action === 'import') {
      if (!file) throw new Error('Sebutkan berkas paket: npm run hub -- bundle import paket.ikmsync');
      const report = importHubBundle(hub, new Uint8Array(readFileSync(file)), { acceptNewDevice: options.acceptNewDevice });
      console.log(
        `Paket dari ${report.fromLabel} dimuat: ${report.stored} perubahan baru, ${report.duplicates} sudah ada, ` +
          `${report.blobs} lampiran.${report.refused ? ` ${report.refused} perubahan ditolak (lihat npm run hub -- devices).` : ''}`,
      );
    } else {
      throw new Error('Gunakan: npm run hub -- bundle export --out FILE [--device ID] | bundle import FILE');
    }
  } finally {
    await hub.close();
  }
}
