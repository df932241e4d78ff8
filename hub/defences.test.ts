import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { hubPaths, type HubLimits } from './server';
import { enrollDevice, postJson, startHub } from './test-support';

/**
 * The hub under attack (issue 21, item 8), on the real hub on loopback: wrong enrollment codes and
 * wrong tokens are rate limited per address, a half-sent request is cut off, and unfinished
 * uploads are held to a quota.
 */

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function hub(limits: Partial<HubLimits>) {
  const h = await startHub({ limits });
  cleanups.push(() => h.stop());
  return h;
}

test('repro: wrong enrollment codes from one address are answered 429 after the limit, the right one too until the minute ends', async () => {
  const h = await hub({ enrollFailuresPerMinute: 5 });
  const attempt = (code: string) =>
    postJson(`${h.url}/v1/enroll`, { code, replicaId: '00000000000000a1', deviceName: 'Laptop', publicKey: `${'A'.repeat(59)}=` });
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) statuses.push((await attempt('AAAA-BBBB-CCCC')).status);
  assert.deepEqual(statuses, [403, 403, 403, 403, 403, 429, 429, 429]);
  const limited = await attempt(h.hub.store.createEnrollment({ officerCode: 'ANS', regencies: [] }, new Date()));
  assert.equal(limited.status, 429, 'guessing stops: not even a right code gets through');
  assert.equal(limited.body.code, 'RATE_LIMITED');
  assert.equal(h.hub.store.devices().length, 0);
});

test('repro: wrong tokens from one address are answered 429 after the limit', async () => {
  const h = await hub({ authFailuresPerMinute: 4 });
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    statuses.push((await postJson(`${h.url}/v1/sync`, { replicaId: '00000000000000a1', messages: [], cursor: 0 }, `nope.${i}`)).status);
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
  const blob = await fetch(`${h.url}/v1/blobs/${'0'.repeat(64)}`, { headers: { authorization: 'Bearer x.y' } });
  assert.equal(blob.status, 429, 'every route that takes a token');
});

test('repro: a request whose body never arrives whole is cut off', async () => {
  const h = await hub({ requestTimeoutMs: 400 });
  const port = Number(new URL(h.url).port);
  const started = performance.now();
  const closed = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('POST /v1/sync HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"replicaId":');
    });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    // Far longer than the limit: the old hub kept the connection open for good.
    setTimeout(() => {
      socket.destroy();
      resolve('still open');
    }, 8_000).unref();
  });
  assert.match(closed, /^HTTP\/1\.1 408/);
  assert.ok(performance.now() - started < 5_000);
});

test('repro: unfinished uploads are held to a quota per device and in all', async () => {
  const mb = 1024 * 1024;
  const h = await hub({ uploadBytesPerDevice: 3 * mb, uploadBytesTotal: 5 * mb });
  const a = await enrollDevice(h.url, h.hub, 'ANS', '00000000000000a1');
  const b = await enrollDevice(h.url, h.hub, 'BDI', '00000000000000b2');
  const uploads = hubPaths(h.dataDir).uploads;
  const partBytes = (deviceId?: string) =>
    readdirSync(uploads)
      .filter((n) => !deviceId || n.startsWith(`${deviceId}.`))
      .reduce((sum, n) => sum + statSync(join(uploads, n)).size, 0);
  /** The first megabyte of a 4 MB file that never finishes. */
  const start = (token: string, n: number) => {
    const sha256 = createHash('sha256').update(`blob ${n}`).digest('hex');
    return fetch(`${h.url}/v1/blobs/${sha256}?offset=0&total=${4 * mb}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
      body: Buffer.alloc(mb, n),
    });
  };
  for (let n = 0; n < 6; n++) assert.equal((await start(a.token, n)).status, 200);
  assert.equal(partBytes(a.deviceId), 3 * mb, "the device's oldest unfinished uploads made room");
  assert.equal(readdirSync(uploads).length, 3);
  // Another device fills what is left of the hub's quota; beyond it the hub refuses.
  assert.equal((await start(b.token, 10)).status, 200);
  assert.equal((await start(b.token, 11)).status, 200);
  const full = await start(b.token, 12);
  assert.equal(full.status, 507);
  assert.equal(((await full.json()) as { code: string }).code, 'UPLOAD_QUOTA');
  assert.ok(partBytes() <= 5 * mb);
});
