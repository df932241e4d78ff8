import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { buffer } from 'node:stream/consumers';
import { basename, dirname, join } from 'node:path';
import { createBlobStore } from './blob-store';
import { openApi } from './api';
import { openCore } from './core';
import type { AppError } from './model/result';
import { replicaSyncOf } from './sync/replica-sync';
import { call, createSite, KALTIM_SETUP, setUpApi, tempDir } from './test-support';

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as AppError).detail?.reason;
  }
  return 'no error';
};
/** Puts a file at `path` (its folder made) and makes it look `hours` old. */
function plant(path: string, bytes: Uint8Array | string, hours = 0): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  if (hours) age(path, hours);
}
function age(path: string, hours: number): void {
  const then = new Date(Date.now() - hours * 3_600_000);
  utimesSync(path, then, then);
}

describe('blob store: a name is never trusted for its content', () => {
  let tmp: ReturnType<typeof tempDir>;
  before(() => {
    tmp = tempDir('ikm-blobs-');
  });
  after(() => tmp.dispose());

  test('a wrong file of the right size under a blob\'s name is replaced when the blob is stored', () => {
    const store = createBlobStore(join(tmp.dir, 'planted'));
    const photo = randomBytes(4096);
    const sha = sha256Of(photo);
    plant(store.pathOf(sha), randomBytes(photo.length));
    assert.deepEqual(store.put(photo), { sha256: sha, size: photo.length });
    assert.ok(readFileSync(store.pathOf(sha)).equals(photo));
    assert.ok(Buffer.from(store.read(sha)).equals(photo));
  });

  test('a symlink in a blob\'s place is refused on read (even to the right bytes) and replaced, not followed, on store', () => {
    const store = createBlobStore(join(tmp.dir, 'linked'));
    const photo = randomBytes(2048);
    const sha = sha256Of(photo);
    const elsewhere = join(tmp.dir, 'elsewhere.bin');
    writeFileSync(elsewhere, photo);
    mkdirSync(dirname(store.pathOf(sha)), { recursive: true });
    symlinkSync(elsewhere, store.pathOf(sha));
    assert.equal(store.has(sha), false);
    assert.equal(reasonOf(() => store.read(sha)), 'attachment_file_not_regular');
    store.put(photo);
    assert.ok(lstatSync(store.pathOf(sha)).isFile());
    assert.ok(readFileSync(elsewhere).equals(photo), 'the link\'s target is untouched');
    // A folder in a blob's place is not a file either, and is left for IT rather than removed.
    const other = randomBytes(100);
    mkdirSync(store.pathOf(sha256Of(other)), { recursive: true });
    assert.equal(store.has(sha256Of(other)), false);
    assert.equal(reasonOf(() => store.read(sha256Of(other))), 'attachment_file_not_regular');
    assert.equal(reasonOf(() => store.put(other)), 'attachment_file_not_regular');
  });

  test('a damaged blob is refused on read and removed, so it counts as missing', () => {
    const store = createBlobStore(join(tmp.dir, 'damaged'));
    const photo = randomBytes(5000);
    const { sha256 } = store.put(photo);
    const damaged = Buffer.from(photo);
    damaged[1234] ^= 0xff;
    writeFileSync(store.pathOf(sha256), damaged);
    assert.equal(reasonOf(() => store.read(sha256)), 'attachment_file_corrupt');
    assert.equal(store.has(sha256), false);
    assert.equal(reasonOf(() => store.read(sha256)), 'attachment_file_missing');
  });

  test('a streamed blob is hashed on the way: a damaged one fails the stream and is removed', async () => {
    const store = createBlobStore(join(tmp.dir, 'streamed'));
    const photo = randomBytes(300_000);
    const { sha256 } = store.put(photo);
    assert.ok((await buffer(store.stream(sha256))).equals(photo));
    const damaged = Buffer.from(photo);
    damaged[250_000] ^= 1;
    writeFileSync(store.pathOf(sha256), damaged);
    await assert.rejects(buffer(store.stream(sha256)), (error: AppError) => error.detail?.reason === 'attachment_file_corrupt');
    assert.equal(store.has(sha256), false);
  });

  test('files are 0600 and folders 0700', { skip: process.platform === 'win32' }, () => {
    const root = join(tmp.dir, 'modes');
    const store = createBlobStore(root);
    const { sha256 } = store.put(randomBytes(10));
    assert.equal(statSync(store.pathOf(sha256)).mode & 0o777, 0o600);
    assert.equal(statSync(dirname(store.pathOf(sha256))).mode & 0o777, 0o700);
    assert.equal(statSync(root).mode & 0o777, 0o700);
  });
});

describe('blob store: collected at start', () => {
  test('leftover temp files and files no record names are removed at open; named, young and unknown files stay', async () => {
    const { api, dbFile, dispose } = await setUpApi();
    try {
      const site = await createSite(api);
      const visit = await call(api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'identifikasi' } });
      const photo = readFileSync(join(import.meta.dirname, 'test-fixtures', 'photo-gps.jpg'));
      const thumbnail = readFileSync(join(import.meta.dirname, 'test-fixtures', 'photo-plain.png'));
      const kept = await call(api, 'attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'a.jpg', bytes: photo, thumbnail });
      const removedRow = await call(api, 'attachment.add', { visitId: visit.id, kind: 'document', fileName: 'b.pdf', bytes: Buffer.from('%PDF-1.4 b') });
      await call(api, 'attachment.remove', { id: removedRow.attachment.id });

      // A photo only a change message names: its row waits here for a visit that has not come.
      const peer = tempDir('ikm-blobs-peer-');
      const peerApi = openApi({ dbFile: join(peer.dir, 'peer.sqlite'), machine: 'peer' });
      await call(peerApi, 'setup.save', { ...KALTIM_SETUP, officerCode: 'PEE' });
      const peerSite = await createSite(peerApi, { name: 'Keripik Peer' });
      const peerVisit = await call(peerApi, 'visit.saveDraft', { siteId: peerSite.id, data: { kind: 'identifikasi' } });
      const waitingBytes = Buffer.from('%PDF-1.4 waiting');
      await call(peerApi, 'attachment.add', { visitId: peerVisit.id, kind: 'document', fileName: 'c.pdf', bytes: waitingBytes });
      peerApi.close();
      const peerCore = openCore({ dbFile: join(peer.dir, 'peer.sqlite'), machine: 'peer' });
      const attachmentMessages = replicaSyncOf(peerCore).pending({ after: 0, limit: 10_000, ownOnly: true }).messages.filter((m) => m.table === 'attachment');
      peerCore.close();
      peer.dispose();
      api.close();

      const core = openCore({ dbFile, collectBlobs: false });
      replicaSyncOf(core).apply(attachmentMessages);
      const blobs = core.blobs;
      const waiting = blobs.put(waitingBytes).sha256;
      assert.equal(core.db.prepare("SELECT count(*) FROM attachment WHERE file_name = 'c.pdf'").pluck().get(), 0, 'the row waits for its visit');
      core.close();

      const orphan = randomBytes(700);
      const youngOrphan = randomBytes(800);
      const named = [kept.attachment.sha256, sha256Of(thumbnail), removedRow.attachment.sha256, waiting];
      for (const sha of named) age(blobs.pathOf(sha), 2);
      plant(blobs.pathOf(sha256Of(orphan)), orphan, 2);
      plant(blobs.pathOf(sha256Of(youngOrphan)), youngOrphan);
      const oldTemp = join(dirname(blobs.pathOf(kept.attachment.sha256)), `.${kept.attachment.sha256}.0badc0de.tmp`);
      const youngTemp = join(dirname(blobs.pathOf(sha256Of(orphan))), `.${sha256Of(orphan)}.12345678.tmp`);
      const unknown = join(dirname(blobs.pathOf(sha256Of(orphan))), 'catatan.txt');
      plant(oldTemp, 'half a photo', 2);
      plant(youngTemp, 'a photo being written');
      plant(unknown, 'not ours', 2);
      const sidecarTemp = join(dirname(dbFile), `.${basename(dbFile)}.replica.abcdef01.tmp`);
      const othersTemp = join(dirname(dbFile), '.laporan.xlsx.abcdef01.tmp');
      plant(sidecarTemp, '{"lastHlc"', 2);
      plant(othersTemp, 'not ours either', 2);

      const reopened = openApi({ dbFile });
      try {
        await call(reopened, 'app.info');
        for (const sha of named) assert.ok(existsSync(blobs.pathOf(sha)), `${sha} is named by a record and stays`);
        assert.equal(existsSync(blobs.pathOf(sha256Of(orphan))), false, 'the old orphan is collected');
        assert.equal(existsSync(oldTemp), false, 'the old temp file is removed');
        assert.ok(existsSync(blobs.pathOf(sha256Of(youngOrphan))), 'a young file may be a write in progress');
        assert.ok(existsSync(youngTemp));
        assert.ok(existsSync(unknown), 'a file not named like ours is not ours to remove');
        assert.equal(existsSync(sidecarTemp), false, 'the database\'s own temp file is removed');
        assert.ok(existsSync(othersTemp), 'another file\'s temp beside the database is not ours');
        assert.deepEqual(Buffer.from(await call(reopened, 'attachment.read', { id: kept.attachment.id })), photo);
      } finally {
        reopened.close();
      }
    } finally {
      dispose();
    }
  });
});
