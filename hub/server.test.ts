import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { MAX_BATCH } from '../db/model/sync';
import { generateDeviceKey } from '../db/sync/device-key';
import { enrollDevice, message, postJson, startHub } from './test-support';
import { createHub } from './server';
import { tempDir } from '../db/test-support';

type Started = Awaited<ReturnType<typeof startHub>>;

describe('hub: enrollment and auth', () => {
  let h: Started;
  before(async () => {
    h = await startHub();
  });
  after(() => h.stop());

  test('health answers without a token', async () => {
    const response = await fetch(`${h.url}/v1/health`);
    const body = await response.json();
    assert.equal(response.status, 200);
    assert.equal(body.ok, true);
    assert.match(body.hubId, /^[0-9a-f]{16}$/);
  });

  test('no token, a bad token and a revoked token are refused with Indonesian messages', async () => {
    const request = { replicaId: '00000000000000a1', messages: [], cursor: 0 };
    const none = await postJson(`${h.url}/v1/sync`, request);
    assert.equal(none.status, 401);
    assert.equal(none.body.code, 'UNAUTHORIZED');
    assert.match(none.body.message, /belum terdaftar/);

    const device = await enrollDevice(h.url, h.hub);
    const ok = await postJson(`${h.url}/v1/sync`, request, device.token);
    assert.equal(ok.status, 200);

    const [id, secret] = device.token.split('.');
    const flipped = `${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    const bad = await postJson(`${h.url}/v1/sync`, request, flipped);
    assert.equal(bad.status, 401);
    assert.match(bad.body.message, /tidak dikenal/);
    const unknownDevice = await postJson(`${h.url}/v1/sync`, request, `ffffffffffffffff.${secret}`);
    assert.equal(unknownDevice.status, 401);

    assert.equal(h.hub.store.revoke(device.deviceId, new Date()), true);
    const revoked = await postJson(`${h.url}/v1/sync`, request, device.token);
    assert.equal(revoked.status, 403);
    assert.equal(revoked.body.code, 'REVOKED');
    assert.match(revoked.body.message, /dicabut/);
  });

  test('an enrollment code works once; the token is kept only as a hash', async () => {
    const code = h.hub.store.createEnrollment({ officerCode: 'BDI', regencies: ['64.72'] }, new Date());
    const enroll = () =>
      postJson(`${h.url}/v1/enroll`, {
        code: code.replace(/(.{4})(?=.)/g, '$1-').toLowerCase(),
        replicaId: '00000000000000b2',
        deviceName: 'Laptop Budi',
        publicKey: generateDeviceKey().publicKey,
      });
    const first = await enroll();
    assert.equal(first.status, 200);
    assert.equal(first.body.officerCode, 'BDI');
    assert.deepEqual(first.body.regencies, ['64.72']);
    const again = await enroll();
    assert.equal(again.status, 403);
    assert.equal(again.body.code, 'ENROLLMENT_INVALID');
    assert.match(again.body.message, /sudah dipakai/);

    const stored = h.hub.store.db.prepare('SELECT token_hash FROM device WHERE id = ?').get(first.body.deviceId) as { token_hash: Buffer };
    const secret = (first.body.token as string).split('.')[1];
    assert.notEqual(stored.token_hash.toString('utf8'), secret);
    assert.deepEqual(stored.token_hash, createHash('sha256').update(secret).digest());
    assert.deepEqual(h.hub.store.db.prepare('SELECT count(*) AS n FROM enrollment WHERE code_hash = ?').get(code), { n: 0 });
  });

  test('malformed requests are refused with field messages', async () => {
    const device = await enrollDevice(h.url, h.hub, 'CDE', '00000000000000c3');
    const bad = await postJson(`${h.url}/v1/sync`, { replicaId: 'x', messages: [], cursor: -1 }, device.token);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'VALIDATION');
    assert.ok(bad.body.issues.some((i: { path: string }) => i.path === 'replicaId'));
    const badEnroll = await postJson(`${h.url}/v1/enroll`, { code: 'nope' });
    assert.equal(badEnroll.status, 400);
    assert.match(badEnroll.body.message, /Kode pendaftaran/);
    const notJson = await fetch(`${h.url}/v1/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
      body: '{"replicaId":',
    });
    assert.equal(notJson.status, 400);
    assert.equal((await notJson.json()).code, 'VALIDATION');
    const tooMany = await postJson(
      `${h.url}/v1/sync`,
      { replicaId: device.replicaId, cursor: 0, messages: Array.from({ length: MAX_BATCH + 1 }, (_, i) => message(device.replicaId, i)) },
      device.token,
    );
    assert.equal(tooMany.status, 400);
    assert.match(tooMany.body.message, /Paling banyak/);
    assert.equal(h.hub.store.messageCount(), 0);
  });
});

describe('hub: messages', () => {
  let h: Started;
  before(async () => {
    h = await startHub();
  });
  after(() => h.stop());

  test('each message is stored once; others get what they lack, in bounded batches, never their own', async () => {
    const a = await enrollDevice(h.url, h.hub, 'ANS', '00000000000000a1');
    const b = await enrollDevice(h.url, h.hub, 'BDI', '00000000000000b2');
    const fromA = Array.from({ length: 25 }, (_, i) => message(a.replicaId, i));
    const first = await postJson(`${h.url}/v1/sync`, { replicaId: a.replicaId, messages: fromA, cursor: 0 }, a.token);
    assert.equal(first.status, 200);
    assert.equal(first.body.stored, 25);
    assert.deepEqual(first.body.messages, []);
    // The same messages again (a retry after a cut connection): stored once.
    const again = await postJson(`${h.url}/v1/sync`, { replicaId: a.replicaId, messages: fromA.slice(10), cursor: first.body.cursor }, a.token);
    assert.equal(again.body.stored, 0);
    assert.equal(again.body.duplicates, 15);
    assert.equal(h.hub.store.messageCount(), 25);

    const pulled = [];
    let cursor = 0;
    for (let round = 0; round < 10; round++) {
      const page = await postJson(`${h.url}/v1/sync`, { replicaId: b.replicaId, messages: [], cursor, limit: 10 }, b.token);
      assert.ok(page.body.messages.length <= 10);
      pulled.push(...page.body.messages);
      cursor = page.body.cursor;
      if (!page.body.more) break;
    }
    assert.deepEqual(pulled, fromA);
    assert.ok(Math.abs(Date.parse((await postJson(`${h.url}/v1/sync`, { replicaId: b.replicaId, messages: [], cursor }, b.token)).body.hubTime) - Date.now()) < 60_000);

    const devices = h.hub.store.devices();
    assert.ok(devices.find((d) => d.id === b.deviceId)!.lastSyncAt);
  });

  test('a message stamped more than a day ahead of the hub refuses the whole request', async () => {
    const a = await enrollDevice(h.url, h.hub, 'EFG', '00000000000000e5');
    const before = h.hub.store.messageCount();
    const ahead = new Date(Date.now() + 26 * 3_600_000);
    const batch = [message(a.replicaId, 1), message(a.replicaId, 2, ahead)];
    const refused = await postJson(`${h.url}/v1/sync`, { replicaId: a.replicaId, messages: batch, cursor: 0 }, a.token);
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'CLOCK_AHEAD');
    assert.match(refused.body.message, /lebih dari sehari di depan jam hub/);
    assert.equal(h.hub.store.messageCount(), before);
    // Twenty hours ahead is a slow hub clock, not a broken laptop: accepted.
    const near = await postJson(
      `${h.url}/v1/sync`,
      { replicaId: a.replicaId, messages: [message(a.replicaId, 3, new Date(Date.now() + 20 * 3_600_000))], cursor: 0 },
      a.token,
    );
    assert.equal(near.status, 200);
  });

  test('an oversized body is refused with TOO_LARGE', async () => {
    const a = await enrollDevice(h.url, h.hub, 'HIJ', '00000000000000f6');
    const big = Array.from({ length: 60 }, (_, i) => message(a.replicaId, i, new Date(), { value: JSON.stringify('x'.repeat(290_000)) }));
    const refused = await postJson(`${h.url}/v1/sync`, { replicaId: a.replicaId, messages: big, cursor: 0 }, a.token);
    assert.equal(refused.status, 413);
    assert.equal(refused.body.code, 'TOO_LARGE');
  });
});

describe('hub: blobs', () => {
  let h: Started;
  before(async () => {
    h = await startHub();
  });
  after(() => h.stop());

  test('a photo uploads in pieces, resumes after a cut, is verified, and downloads whole', async () => {
    const a = await enrollDevice(h.url, h.hub);
    const auth = { authorization: `Bearer ${a.token}` };
    const photo = randomBytes(3 * 1024 * 1024 + 17);
    const sha = createHash('sha256').update(photo).digest('hex');
    const put = (offset: number, end: number) =>
      fetch(`${h.url}/v1/blobs/${sha}?offset=${offset}&total=${photo.length}`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/octet-stream' },
        body: photo.subarray(offset, end),
      });
    assert.equal((await put(0, 1_000_000)).status, 200);
    // The connection dropped here; the client asks where to resume.
    const state = await (await fetch(`${h.url}/v1/blobs/${sha}/upload`, { headers: auth })).json();
    assert.deepEqual(state, { sha256: sha, received: 1_000_000, complete: false });
    const wrongOffset = await put(0, 10);
    assert.equal(wrongOffset.status, 409);
    assert.equal((await wrongOffset.json()).code, 'BLOB_OFFSET');
    assert.equal((await (await fetch(`${h.url}/v1/blobs/${sha}`, { headers: auth })).json()).code, 'NOT_FOUND');
    const done = await (await put(1_000_000, photo.length)).json();
    assert.deepEqual(done, { sha256: sha, received: photo.length, complete: true });
    assert.ok(h.hub.core.blobs.has(sha));
    const back = Buffer.from(await (await fetch(`${h.url}/v1/blobs/${sha}`, { headers: auth })).arrayBuffer());
    assert.ok(back.equals(photo));
    const noAuth = await fetch(`${h.url}/v1/blobs/${sha}`);
    assert.equal(noAuth.status, 401);
  });

  test('bytes that do not match their SHA-256 are discarded', async () => {
    const a = await enrollDevice(h.url, h.hub, 'BDI', '00000000000000b2');
    const bytes = randomBytes(1000);
    const claimed = createHash('sha256').update('something else').digest('hex');
    const response = await fetch(`${h.url}/v1/blobs/${claimed}?offset=0&total=1000`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    assert.equal(response.status, 422);
    assert.equal((await response.json()).code, 'BLOB_MISMATCH');
    assert.equal(h.hub.core.blobs.has(claimed), false);
    const state = await (await fetch(`${h.url}/v1/blobs/${claimed}/upload`, { headers: { authorization: `Bearer ${a.token}` } })).json();
    assert.equal(state.received, 0);
  });

  test('a blob damaged on the hub\'s disk is never served whole: the transfer is cut, the file removed', async () => {
    const a = await enrollDevice(h.url, h.hub, 'DMG', '00000000000000b3');
    const auth = { authorization: `Bearer ${a.token}` };
    const photo = randomBytes(200_000);
    const { sha256 } = h.hub.core.blobs.put(photo);
    const damaged = Buffer.from(photo);
    damaged[150_000] ^= 1;
    writeFileSync(h.hub.core.blobs.pathOf(sha256), damaged);
    await assert.rejects(async () => {
      const response = await fetch(`${h.url}/v1/blobs/${sha256}`, { headers: auth });
      await response.arrayBuffer();
    });
    assert.equal(h.hub.core.blobs.has(sha256), false);
    assert.equal((await fetch(`${h.url}/v1/blobs/${sha256}`, { headers: auth })).status, 404);
  });
});

describe('hub: unused files collected at start', () => {
  test('a file only a stored, not yet applied message names stays; a file nothing names goes', async () => {
    const tmp = tempDir('ikm-hub-collect-');
    try {
      const photo = randomBytes(5000);
      const orphan = randomBytes(6000);
      const first = createHub({ dataDir: tmp.dir });
      const { sha256 } = first.core.blobs.put(photo);
      const unused = first.core.blobs.put(orphan).sha256;
      // A laptop pushed the photo's row and uploaded the file; the hub stopped before applying it.
      first.store.storeMessages([message('00000000000000a1', 1, new Date(), { table: 'attachment', row: 'att-1', column: 'sha256', value: JSON.stringify(sha256) })], null);
      const paths = [first.core.blobs.pathOf(sha256), first.core.blobs.pathOf(unused)];
      await first.close();
      const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
      for (const path of paths) utimesSync(path, twoHoursAgo, twoHoursAgo);

      const second = createHub({ dataDir: tmp.dir });
      try {
        assert.ok(existsSync(paths[0]), 'the uploaded photo stays');
        assert.equal(existsSync(paths[1]), false, 'the file nothing names is collected');
      } finally {
        await second.close();
      }
    } finally {
      tmp.dispose();
    }
  });
});
