import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { unzipSync, zipSync } from 'fflate';
import { AppError } from '../db/model/result';
import { readBundle, writeBundle } from '../db/sync/bundle';
import { generateDeviceKey } from '../db/sync/device-key';
import { exportHubBundle, importHubBundle } from './bundle-command';
import { enrollDevice, message, startHub } from './test-support';

describe('hub bundles', () => {
  let h: Awaited<ReturnType<typeof startHub>>;
  before(async () => {
    h = await startHub();
  });
  after(() => h.stop());

  const stamped = new Date();
  function laptopBundle(key: { publicKey: string; privateKey: string }, replica: string, count: number) {
    const photo = randomBytes(2048);
    const sha = createHash('sha256').update(photo).digest('hex');
    const messages = Array.from({ length: count }, (_, i) => message(replica, i, stamped));
    messages.push(message(replica, count, stamped, { table: 'attachment', row: 'att-1', column: 'sha256', value: JSON.stringify(sha) }));
    return {
      sha,
      file: writeBundle(
        { fromReplica: replica, fromPublicKey: key.publicKey, fromLabel: 'Laptop ANS', forPeer: h.hub.store.hubId, range: { after: 0, upTo: count + 1 }, messages, blobs: new Map([[sha, photo]]) },
        key,
        new Date(),
      ),
    };
  }

  test('an enrolled laptop\'s bundle imports once; twice changes nothing; tampered or foreign ones change nothing', async () => {
    const device = await enrollDevice(h.url, h.hub);
    const { file, sha } = laptopBundle(device.key, device.replicaId, 300);
    const first = importHubBundle(h.hub, file);
    assert.deepEqual({ stored: first.stored, duplicates: first.duplicates, blobs: first.blobs }, { stored: 301, duplicates: 0, blobs: 1 });
    assert.ok(h.hub.core.blobs.has(sha));
    const twice = importHubBundle(h.hub, file);
    assert.equal(twice.stored, 0);
    assert.equal(h.hub.store.messageCount(), 301);

    const entries = unzipSync(laptopBundle(device.key, device.replicaId, 50).file);
    const msgs = JSON.parse(new TextDecoder().decode(entries['messages.json']));
    msgs[3].value = '"diubah"';
    entries['messages.json'] = new TextEncoder().encode(JSON.stringify(msgs));
    const refusedFor = (code: string, reason: string) => (e: unknown) => e instanceof AppError && e.code === code && e.detail?.reason === reason;
    assert.throws(() => importHubBundle(h.hub, zipSync(entries)), refusedFor('BUNDLE_INVALID', 'bundle_part_altered'));
    // Stamped more than a day ahead of the hub's clock.
    const twoDaysBefore = new Date(stamped.getTime() - 2 * 86_400_000);
    const early = laptopBundle(device.key, device.replicaId, 5).file;
    assert.throws(() => importHubBundle(h.hub, early, { now: twoDaysBefore }), refusedFor('BUNDLE_INVALID', 'bundle_clock_ahead'));

    const stranger = generateDeviceKey();
    const foreign = laptopBundle(stranger, '00000000000000d4', 10);
    assert.throws(() => importHubBundle(h.hub, foreign.file), refusedFor('BUNDLE_UNTRUSTED', 'bundle_untrusted'));
    assert.equal(h.hub.core.blobs.has(foreign.sha), false);
    assert.equal(h.hub.store.messageCount(), 301);

    // The office accepts the unknown laptop once; from then on its bundles load.
    assert.equal(importHubBundle(h.hub, foreign.file, { acceptNewDevice: true }).stored, 11);
    // New: messages 11 and 12; message 10 carries the HLC the first bundle's attachment message had (one HLC, stored once).
    assert.equal(importHubBundle(h.hub, laptopBundle(stranger, '00000000000000d4', 12).file).stored, 2);
  });

  test('the hub hands back everything it holds, signed with its key, with the blobs it has', async () => {
    const file = exportHubBundle(h.hub);
    const read = readBundle(file, { trustedKeys: [h.hub.store.hubKey.publicKey], selfIds: [] });
    assert.equal(read.messages.length, h.hub.store.messageCount());
    assert.ok(read.blobs.size >= 1);
    // For one device: only that device loads it.
    const device = await enrollDevice(h.url, h.hub, 'BDI', '00000000000000e5');
    const forLaptop = exportHubBundle(h.hub, { deviceId: device.deviceId });
    assert.equal(readBundle(forLaptop, { trustedKeys: [h.hub.store.hubKey.publicKey], selfIds: [device.replicaId] }).messages.length, h.hub.store.messageCount());
    assert.throws(() => readBundle(forLaptop, { trustedKeys: [h.hub.store.hubKey.publicKey], selfIds: ['00000000000000d4'] }));
  });
});
