import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Api } from '../api';
import type { Visit } from '../model/visit';
import { call, createSite, setUpApi } from '../test-support';
import { sniffMime } from '../media';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'test-fixtures', name)));

/** Every file in the attachment store. */
function storedFiles(dbFile: string): string[] {
  const root = join(dirname(dbFile), 'attachments');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

describe('attachments', () => {
  let api: Api;
  let dbFile: string;
  let dispose: () => void;
  let visit: Visit;
  before(async () => {
    ({ api, dbFile, dispose } = await setUpApi());
    const site = await createSite(api);
    visit = await call(api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'identifikasi' } });
  });
  after(() => dispose());

  test('a photo is stored once by SHA-256, and its EXIF time and place are offered', async () => {
    const bytes = fixture('photo-gps.jpg');
    const thumbnail = fixture('photo-plain.png');
    const first = await call(api, 'attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'IMG_0001.jpg', bytes, thumbnail });
    assert.equal(first.attachment.mime, 'image/jpeg');
    assert.equal(first.attachment.size, bytes.byteLength);
    assert.match(first.attachment.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(first.suggestion, { visitDate: '2026-11-20', latitude: -0.5021, longitude: 117.1536 });

    const again = await call(api, 'attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'copy.jpg', bytes });
    assert.equal(again.attachment.sha256, first.attachment.sha256);
    assert.deepEqual(storedFiles(dbFile), [first.attachment.sha256, (await import('node:crypto')).createHash('sha256').update(thumbnail).digest('hex')].sort());

    const read = await call(api, 'attachment.read', { id: first.attachment.id });
    assert.deepEqual(Buffer.from(read), Buffer.from(bytes));
    const thumb = await call(api, 'attachment.read', { id: first.attachment.id, thumbnail: true });
    assert.deepEqual(Buffer.from(thumb), Buffer.from(thumbnail));
    assert.equal((await call(api, 'attachment.list', { visitId: visit.id })).length, 2);
  });

  test('a file that is not a photo gets a clear message and leaves nothing behind', async () => {
    const before = storedFiles(dbFile);
    const count = (await call(api, 'attachment.list', { visitId: visit.id })).length;
    const result = await api.dispatch('attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'catatan.jpg', bytes: fixture('not-a-photo.jpg') });
    assert.equal(!result.ok && result.error.code, 'VALIDATION');
    assert.equal(!result.ok && result.error.message, '"catatan.jpg" tidak bisa dibaca sebagai foto JPEG, PNG atau WebP');
    const empty = await api.dispatch('attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'x.jpg', bytes: new Uint8Array() });
    assert.equal(!empty.ok && empty.error.code, 'VALIDATION');
    assert.deepEqual(storedFiles(dbFile), before);
    assert.equal((await call(api, 'attachment.list', { visitId: visit.id })).length, count);
  });

  test('a 25 MB photo is stored whole', async () => {
    // A JPEG's frame and scan headers, 25 MB of scan data (never 0xFF) and its end marker.
    const big = new Uint8Array(25 * 1024 * 1024);
    const head = [0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0];
    big.set(head);
    for (let i = head.length; i < big.length; i += 4096) big[i] = i % 251;
    big.set([0xff, 0xd9], big.length - 2);
    const added = await call(api, 'attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'besar.jpg', bytes: big });
    assert.equal(added.attachment.size, big.byteLength);
    assert.equal(added.suggestion, null);
    assert.equal((await call(api, 'attachment.read', { id: added.attachment.id })).byteLength, big.byteLength);
  });

  test('signatures are PNGs with a role; a new one replaces the old', async () => {
    const png = fixture('photo-plain.png');
    const noRole = await api.dispatch('attachment.add', { visitId: visit.id, kind: 'signature', fileName: 'ttd.png', bytes: png });
    assert.equal(!noRole.ok && noRole.error.code, 'VALIDATION');
    const jpeg = await api.dispatch('attachment.add', { visitId: visit.id, kind: 'signature', role: 'respondent', fileName: 'ttd.jpg', bytes: fixture('photo-gps.jpg') });
    assert.equal(!jpeg.ok && jpeg.error.code, 'VALIDATION');
    await call(api, 'attachment.add', { visitId: visit.id, kind: 'signature', role: 'respondent', fileName: 'ttd-1.png', bytes: png });
    const second = await call(api, 'attachment.add', { visitId: visit.id, kind: 'signature', role: 'respondent', fileName: 'ttd-2.png', bytes: png });
    const signatures = (await call(api, 'attachment.list', { visitId: visit.id })).filter((a) => a.kind === 'signature');
    assert.deepEqual(signatures.map((s) => s.id), [second.attachment.id]);
    await call(api, 'attachment.remove', { id: second.attachment.id });
    assert.equal((await call(api, 'attachment.list', { visitId: visit.id })).filter((a) => a.kind === 'signature').length, 0);
  });
});

test('sniffMime reads the first bytes, not the name', () => {
  assert.equal(sniffMime(fixture('photo-gps.jpg')), 'image/jpeg');
  assert.equal(sniffMime(fixture('photo-plain.png')), 'image/png');
  assert.equal(sniffMime(new TextEncoder().encode('%PDF-1.7')), 'application/pdf');
  assert.equal(sniffMime(fixture('not-a-photo.jpg')), null);
});

describe('attachments of a final visit', () => {
  let api: Api;
  let dbFile: string;
  let dispose: () => void;
  let visit: Visit;
  before(async () => {
    ({ api, dbFile, dispose } = await setUpApi());
    const site = await createSite(api);
    visit = await call(api, 'visit.saveDraft', {
      siteId: site.id,
      data: {
        kind: 'pembinaan',
        visitDate: '2026-11-10',
        officers: ['Ani Suryani'],
        respondent: { name: 'Pak Darman' },
        operatingStatus: 'aktif',
      },
    });
  });
  after(() => dispose());

  test('on a draft, adding and removing a photo writes no revision', async () => {
    const added = await call(api, 'attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'draf.png', bytes: fixture('photo-plain.png') });
    await call(api, 'attachment.remove', { id: added.attachment.id });
    await call(api, 'attachment.add', { visitId: visit.id, kind: 'signature', role: 'officer', fileName: 'ttd.png', bytes: fixture('photo-plain.png') });
    const draft = await call(api, 'visit.get', { id: visit.id });
    assert.deepEqual(draft.revisions, []);
  });

  test('adding or removing a photo on a final visit writes a revision: who, when, which file', async () => {
    const final = await call(api, 'visit.finalize', { id: visit.id });
    const added = await call(api, 'attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'foto-1.jpg', bytes: fixture('photo-gps.jpg') });
    let after = await call(api, 'visit.get', { id: visit.id });
    assert.equal(after.status, 'final');
    assert.deepEqual(after.data, final.data, 'the data itself is unchanged');
    assert.equal(after.revisions.length, 1);
    assert.deepEqual(
      { ...after.revisions[0], changedAt: undefined },
      { revision: 1, changedAt: undefined, changedBy: 'Ani Suryani (ANS)', reason: 'Lampiran ditambahkan: foto-1.jpg', changes: ['lampiran'], fieldChanges: [{ path: 'lampiran', old: null, new: 'foto-1.jpg' }], previous: final.data },
    );

    await call(api, 'attachment.remove', { id: added.attachment.id });
    after = await call(api, 'visit.get', { id: visit.id });
    assert.deepEqual(after.revisions.map((r) => [r.revision, r.reason]), [
      [1, 'Lampiran ditambahkan: foto-1.jpg'],
      [2, 'Lampiran dihapus: foto-1.jpg'],
    ]);
    assert.ok(!(await call(api, 'attachment.list', { visitId: visit.id })).some((a) => a.id === added.attachment.id));
    // The visit's own revision counter follows, so a later amendment takes the next number.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(dbFile, { readonly: true });
    assert.deepEqual(db.prepare('SELECT revision FROM visit WHERE id = ?').get(visit.id), { revision: 2 });
    db.close();
    const amended = await call(api, 'visit.amend', {
      id: visit.id,
      data: { ...final.data, findings: 'Atap sudah diperbaiki' },
      reason: 'Temuan terlupa',
    });
    assert.deepEqual(amended.revisions.map((r) => r.revision), [1, 2, 3]);
  });

  test('a signature on a final visit stays locked: adding or removing one is refused and changes nothing', async () => {
    const before = await call(api, 'visit.get', { id: visit.id });
    const attachments = await call(api, 'attachment.list', { visitId: visit.id });
    const signature = attachments.find((a) => a.kind === 'signature')!;
    assert.ok(signature, 'signed while a draft');
    const files = storedFiles(dbFile);

    const add = await api.dispatch('attachment.add', { visitId: visit.id, kind: 'signature', role: 'officer', fileName: 'ttd-baru.png', bytes: new Uint8Array([...fixture('photo-plain.png'), 1]) });
    assert.equal(!add.ok && add.error.code, 'VALIDATION');
    assert.match(!add.ok ? add.error.message : '', /^Tanda tangan kunjungan final tidak dapat diubah/);
    const remove = await api.dispatch('attachment.remove', { id: signature.id });
    assert.equal(!remove.ok && remove.error.code, 'VALIDATION');

    assert.deepEqual(await call(api, 'attachment.list', { visitId: visit.id }), attachments);
    assert.deepEqual((await call(api, 'visit.get', { id: visit.id })).revisions, before.revisions);
    assert.deepEqual(storedFiles(dbFile), files, 'no file written for a refused signature');
  });

  test('a signature missing from a final visit is added by an amendment, with its history', async () => {
    const before = await call(api, 'visit.get', { id: visit.id });
    const added = await call(api, 'attachment.add', { visitId: visit.id, kind: 'signature', role: 'respondent', fileName: 'ttd-responden.png', bytes: fixture('photo-plain.png') });
    assert.equal(added.attachment.role, 'respondent');
    const after = await call(api, 'visit.get', { id: visit.id });
    assert.equal(after.revisions.length, before.revisions.length + 1, 'the history says a signature was added');
    // Once there, it is locked like the other.
    const again = await api.dispatch('attachment.add', { visitId: visit.id, kind: 'signature', role: 'respondent', fileName: 'lagi.png', bytes: new Uint8Array([...fixture('photo-plain.png'), 2]) });
    assert.equal(!again.ok && again.error.code, 'VALIDATION');
  });

  test('a damaged file is refused on read, never served, and the next sync is asked to fetch it again', async () => {
    const bytes = fixture('photo-gps.jpg');
    const added = await call(api, 'attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'rusak.jpg', bytes });
    const path = join(dirname(dbFile), 'attachments', added.attachment.sha256.slice(0, 2), added.attachment.sha256);
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 10] ^= 0xff;
    writeFileSync(path, damaged);
    const result = await api.dispatch('attachment.read', { id: added.attachment.id });
    assert.equal(!result.ok && result.error.code, 'NOT_FOUND');
    assert.equal(!result.ok && result.error.reason, 'attachment_file_corrupt');
    assert.equal(existsSync(path), false, 'the damaged file is removed: the attachment counts as missing');
    const status = await call(api, 'hubSync.status');
    assert.equal(status.filesWaiting, 1, 'the file waits to be fetched from the hub');
  });
});

test('photo or document is the core’s call from the bytes, not the name: a PDF is a document, an image a photo, anything else is refused', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const site = await createSite(api);
    const visit = await call(api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'identifikasi' } });
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    const asDocument = await call(api, 'attachment.add', { visitId: visit.id, kind: 'file', fileName: 'izin.pdf', bytes: pdf });
    assert.deepEqual([asDocument.attachment.kind, asDocument.attachment.mime], ['document', 'application/pdf']);
    // A photo saved with a .pdf name is still a photo, and its EXIF is offered.
    const named = await call(api, 'attachment.add', { visitId: visit.id, kind: 'file', fileName: 'scan.pdf', bytes: fixture('photo-gps.jpg') });
    assert.deepEqual([named.attachment.kind, named.attachment.mime], ['photo', 'image/jpeg']);
    assert.equal(named.suggestion?.visitDate, '2026-11-20');
    const text = await api.dispatch('attachment.add', { visitId: visit.id, kind: 'file', fileName: 'catatan.pdf', bytes: new TextEncoder().encode('bukan berkas') });
    assert.equal(!text.ok && text.error.code, 'VALIDATION');
  } finally {
    dispose();
  }
});

