import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { tempDir } from '../db/test-support';
import { enrollDevice, startHub } from './test-support';

const run = promisify(execFile);
const tmp = tempDir('ikm-hub-cli-');
after(() => tmp.dispose());

/** Runs `npm run hub -- <args>` the way the office does (the real CLI in a child process). */
async function hubCli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    // The office computer's zone: Samarinda (WITA).
    const env = { ...process.env, TZ: 'Asia/Makassar' };
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'hub/main.ts', ...args, '--data', tmp.dir], { env });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

test('hub CLI: enroll prints a one-time code, devices lists laptops, scope changes their regencies, revoke ends one', async () => {
  const printed = await hubCli('enroll', '--officer', 'ans', '--regencies', '64.72,64.02');
  assert.equal(printed.code, 0);
  const code = /([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/.exec(printed.out)?.[1];
  assert.ok(code, printed.out);

  const bad = await hubCli('enroll', '--officer', 'A1');
  assert.notEqual(bad.code, 0);
  assert.match(bad.out, /Kode petugas/);
  assert.match((await hubCli('enroll', '--officer', 'ANS', '--regencies', '6472')).out, /Kode kabupaten/);

  // A laptop enrolls over HTTP with the printed code.
  const h = await startHub({ dataDir: tmp.dir });
  const response = await fetch(`${h.url}/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, replicaId: '00000000000000a1', deviceName: 'Laptop Ani', publicKey: (await enrollDevice(h.url, h.hub)).key.publicKey }),
  });
  const enrolled = (await response.json()) as { deviceId: string; regencies: string[] };
  assert.deepEqual(enrolled.regencies, ['64.72', '64.02']);
  await h.stop();

  const listed = await hubCli('devices');
  assert.match(listed.out, /Laptop Ani/);
  assert.match(listed.out, /64\.72,64\.02\taktif/);
  // Enrolled and last synced as the office reads them: local date and time with its zone, not UTC ISO.
  assert.doesNotMatch(listed.out, /\d{4}-\d{2}-\d{2}T/);
  assert.match(listed.out, /\tLaptop Ani\t\d{1,2} \w{3} \d{4} \d{2}\.\d{2} WITA\tbelum pernah\t/);

  // The office changes the laptop's regencies; a malformed or unknown code changes nothing.
  assert.match((await hubCli('scope', enrolled.deviceId, '--regencies', '64.72,64.99')).out, /tidak dikenal: 64\.99/);
  assert.match((await hubCli('scope', enrolled.deviceId)).out, /--regencies 64\.72,64\.02 atau --all-regencies/);
  const scoped = await hubCli('scope', enrolled.deviceId, '--regencies', '64.72, 64.01');
  assert.equal(scoped.code, 0, scoped.out);
  assert.match(scoped.out, /Wilayah kerja Laptop Ani \(ANS\): 64\.72, 64\.01/);
  assert.match((await hubCli('devices')).out, /64\.72,64\.01\taktif/);
  assert.match((await hubCli('scope', enrolled.deviceId, '--all-regencies')).out, /seluruh provinsi/);
  assert.match((await hubCli('devices')).out, /seluruh provinsi\taktif/);
  assert.notEqual((await hubCli('scope', 'ffffffffffffffff', '--all-regencies')).code, 0);

  const revoked = await hubCli('revoke', enrolled.deviceId);
  assert.match(revoked.out, /Akses Laptop Ani \(ANS\) dicabut/);
  assert.match((await hubCli('devices')).out, /dicabut \d{1,2} \w{3} \d{4} \d{2}\.\d{2} WITA/);
  assert.notEqual((await hubCli('revoke', 'ffffffffffffffff')).code, 0);
});
