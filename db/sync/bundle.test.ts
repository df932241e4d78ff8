import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { AppError } from '../model/result';
import type { ChangeMessage } from '../model/sync';
import { readBundle, referencedBlobs, writeBundle, type BundleContents } from './bundle';
import { generateDeviceKey } from './device-key';

const laptop = generateDeviceKey();
const stranger = generateDeviceKey();
const REPLICA = '00000000000000a1';
const HUB = '00000000000000ff';

function sample(): BundleContents {
  const photo = randomBytes(5000);
  const sha = createHash('sha256').update(photo).digest('hex');
  const messages: ChangeMessage[] = [
    { hlc: `2026-11-20T08:00:00.000Z-0000-${REPLICA}`, table: 'site', row: 's1', column: 'name', value: '"UD Amplang Sari"', prevHlc: null, schema: 5 },
    { hlc: `2026-11-20T08:00:00.000Z-0001-${REPLICA}`, table: 'attachment', row: 'a1', column: 'sha256', value: JSON.stringify(sha), prevHlc: null, schema: 5 },
  ];
  return { fromReplica: REPLICA, fromPublicKey: laptop.publicKey, fromLabel: 'Laptop ANS', forPeer: HUB, range: { after: 0, upTo: 2 }, messages, blobs: new Map([[sha, photo]]) };
}

const trusted = { trustedKeys: [laptop.publicKey], selfIds: [HUB] };

function refusedWith(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

/** Rebuilds the zip with one entry replaced (the signature left as it was). */
function replaceEntry(file: Uint8Array, name: string, bytes: Uint8Array): Uint8Array {
  const entries = unzipSync(file);
  entries[name] = new Uint8Array(bytes);
  return zipSync(entries);
}

describe('sync bundles', () => {
  test('a bundle round-trips its messages and blobs', () => {
    const contents = sample();
    const file = writeBundle(contents, laptop, new Date());
    const read = readBundle(file, trusted);
    assert.deepEqual(read.messages, contents.messages);
    assert.deepEqual([...read.blobs.keys()], [...contents.blobs.keys()]);
    assert.deepEqual(referencedBlobs(read.messages), new Set(contents.blobs.keys()));
    assert.equal(read.fromReplica, REPLICA);
  });

  test('a truncated file is refused', () => {
    const file = writeBundle(sample(), laptop, new Date());
    refusedWith(() => readBundle(file.subarray(0, file.length - 200), trusted), 'BUNDLE_INVALID', /rusak atau terpotong/);
    refusedWith(() => readBundle(strToU8('not a zip at all'), trusted), 'BUNDLE_INVALID', /rusak atau terpotong/);
  });

  test('altered messages, an altered manifest or a swapped photo are refused', () => {
    const contents = sample();
    const file = writeBundle(contents, laptop, new Date());
    const messages = JSON.parse(new TextDecoder().decode(unzipSync(file)['messages.json']));
    messages[0].value = '"UD Amplang Palsu"';
    refusedWith(() => readBundle(replaceEntry(file, 'messages.json', strToU8(JSON.stringify(messages))), trusted), 'BUNDLE_INVALID', /rusak atau diubah: messages.json/);

    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(file)['manifest.json']));
    manifest.parts[0].sha256 = createHash('sha256').update('forged').digest('hex');
    refusedWith(() => readBundle(replaceEntry(file, 'manifest.json', strToU8(JSON.stringify(manifest))), trusted), 'BUNDLE_INVALID', /Tanda tangan paket tidak cocok/);

    const sha = [...contents.blobs.keys()][0];
    refusedWith(() => readBundle(replaceEntry(file, `blobs/${sha}`, randomBytes(5000)), trusted), 'BUNDLE_INVALID', /rusak atau diubah: blobs/);
  });

  test('a bundle from an unknown device, or signed again by one, is refused as foreign', () => {
    const contents = sample();
    refusedWith(() => readBundle(writeBundle({ ...contents, fromPublicKey: stranger.publicKey }, stranger, new Date()), trusted), 'BUNDLE_UNTRUSTED', /tidak dikenal/);
    // Claiming the trusted laptop's key but signing with another key fails the signature.
    refusedWith(() => readBundle(writeBundle(contents, stranger, new Date()), trusted), 'BUNDLE_INVALID', /Tanda tangan/);
    // The office may accept a new device once.
    const accepted = readBundle(writeBundle({ ...contents, fromPublicKey: stranger.publicKey }, stranger, new Date()), { ...trusted, acceptUnknownSigner: true });
    assert.equal(accepted.messages.length, 2);
  });

  test('a bundle made for another peer is refused', () => {
    const file = writeBundle({ ...sample(), forPeer: '0000000000000abc' }, laptop, new Date());
    refusedWith(() => readBundle(file, trusted), 'BUNDLE_INVALID', /perangkat lain/);
  });

  test('hostile archives: unknown entry names, path tricks and zip bombs stop before anything is read', () => {
    const file = writeBundle(sample(), laptop, new Date());
    const entries = unzipSync(file);
    refusedWith(() => readBundle(zipSync({ ...entries, '../../etc/passwd': strToU8('x') }), trusted), 'BUNDLE_INVALID', /tidak dikenal/);
    refusedWith(() => readBundle(zipSync({ ...entries, 'blobs/../manifest.json': strToU8('x') }), trusted), 'BUNDLE_INVALID', /tidak dikenal/);
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 50_001; i++) many[`blobs/${createHash('sha256').update(String(i)).digest('hex')}`] = new Uint8Array(0);
    refusedWith(() => readBundle(zipSync(many, { level: 0 }), trusted), 'BUNDLE_INVALID', /terlalu banyak/);
    // An entry not listed in the signed manifest is refused even with a valid name.
    const extra = createHash('sha256').update('extra').digest('hex');
    refusedWith(() => readBundle(zipSync({ ...entries, [`blobs/${extra}`]: strToU8('extra') }), trusted), 'BUNDLE_INVALID', /tidak tercatat/);
  });
});
