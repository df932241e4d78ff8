import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openApi } from '../db/api';
import { keyFromPassphrase, newDbKey } from '../db/db-key';
import { AppError } from '../db/model/result';
import { anInventarisasi, call, createSite, KALTIM_SETUP, tempDir } from '../db/test-support';
import { createHub } from './server';
import { startHub } from './test-support';

const PNG = new Uint8Array(readFileSync(new URL('../db/test-fixtures/photo-plain.png', import.meta.url)));
const SITE = 'Anyaman Manik Dayak Kenyah';
const PHONE = '081347651234';
const PASSPHRASE = 'kantor disperindagkop kaltim 2026';

function filesUnder(dir: string) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ path: join(e.parentPath, e.name), bytes: readFileSync(join(e.parentPath, e.name)) }));
}
const digest = (dir: string) => filesUnder(dir).map((f) => [f.path, createHash('sha256').update(f.bytes).digest('hex')]);

test('the hub with a key keeps its store, its core copy and the files it received encrypted; a wrong key is refused; it restarts with the key and has what it had', async () => {
  const data = tempDir('ikm-hub-enc-');
  const laptopDir = tempDir('ikm-laptop-enc-');
  const key = keyFromPassphrase(PASSPHRASE);
  let hub = await startHub({ dataDir: data.dir, dbKey: key });
  const api = openApi({ dbFile: join(laptopDir.dir, 'ikm.sqlite'), key: newDbKey(), hubClient: { autoTimers: false } });
  try {
    await call(api, 'setup.save', KALTIM_SETUP);
    await call(api, 'settings.setOffice', { signaturesRequired: false });
    await call(api, 'hubSync.enroll', { url: hub.url, code: hub.hub.store.createEnrollment({ officerCode: 'ANS', regencies: [] }, new Date()) });
    const site = await createSite(api, { name: SITE, phone: PHONE });
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi() });
    await call(api, 'attachment.add', { visitId: draft.id, kind: 'photo', fileName: 'depan.png', bytes: PNG });
    await call(api, 'hubSync.now');
    const sha = createHash('sha256').update(PNG).digest('hex');
    assert.ok(hub.hub.core.blobs.has(sha), 'the photo reached the hub');
    await hub.stop();

    const files = filesUnder(data.dir);
    assert.ok(files.some((f) => f.path.endsWith('hub.sqlite')) && files.some((f) => f.path.endsWith(sha)));
    for (const f of files) {
      assert.ok(!f.bytes.includes(SITE), `${f.path} holds the site name`);
      assert.ok(!f.bytes.includes(PHONE), `${f.path} holds the phone number`);
      assert.ok(!f.bytes.includes(Buffer.from(PNG.subarray(0, 64))), `${f.path} holds the photo`);
    }

    // A wrong passphrase: refused, and the folder is as it was.
    const before = digest(data.dir);
    assert.throws(
      () => createHub({ dataDir: data.dir, dbKey: keyFromPassphrase('bukan frasa sandinya') }),
      (e: unknown) => e instanceof AppError && e.code === 'DB_WRONG_KEY',
    );
    assert.deepEqual(digest(data.dir), before);

    // The hub command with IKM_DB_PASSPHRASE reads the encrypted store.
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'hub/main.ts', 'devices', '--data', data.dir], {
      env: { ...process.env, IKM_DB_PASSPHRASE: PASSPHRASE },
    });
    assert.match(stdout, /ANS/);

    // Restarted with the key: the laptop's device is known, and sync goes on both ways.
    hub = await startHub({ dataDir: data.dir, dbKey: key });
    assert.equal(hub.hub.store.devices().length, 1);
    assert.deepEqual(new Uint8Array(hub.hub.core.blobs.read(sha)), PNG);
    assert.deepEqual(hub.hub.core.db.prepare('SELECT name FROM site').pluck().all(), [SITE]);
  } finally {
    api.close();
    await hub.stop();
    data.dispose();
    laptopDir.dispose();
  }
});
