import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApi, type Api } from './api';
import { backupPaths, listBackups } from './backup';
import { keyFromPassphrase, newDbKey, type DbKey } from './db-key';
import { AppError } from './model/result';
import type { JobProgress } from './model/job';
import type { BackupInfo } from './model/backup';
import { openDatabase } from './open-database';
import { openSqliteFile } from './sqlite-file';
import { anInventarisasi, call, createSite, KALTIM_SETUP, tempDir } from './test-support';

const PNG = new Uint8Array(readFileSync(new URL('./test-fixtures/photo-plain.png', import.meta.url)));
const SITE = 'Kerajinan Rotan Tenggarong Seberang';
const PHONE = '081254327788';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Every file under a folder, with its bytes (the database, its WAL, attachments, backups). */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ path: join(e.parentPath, e.name), bytes: readFileSync(join(e.parentPath, e.name)) }));
}

async function setUp(dbFile: string, key: DbKey | null): Promise<Api> {
  const api = openApi({ dbFile, key, machine: 'laptop-ani' });
  await call(api, 'setup.save', KALTIM_SETUP);
  await call(api, 'settings.setOffice', { signaturesRequired: false });
  return api;
}

async function addSiteWithPhoto(api: Api) {
  const site = await createSite(api, { name: SITE, phone: PHONE });
  const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi() });
  await call(api, 'attachment.add', { visitId: draft.id, kind: 'photo', fileName: 'depan.png', bytes: PNG });
  return site;
}

async function backUp(api: Api): Promise<BackupInfo> {
  const first = await api.dispatch('backup.create', undefined);
  if (!first.ok) throw new Error(first.error.message);
  let progress = first.value as JobProgress;
  while (progress.state === 'running') progress = await call(api, 'job.watch', { id: progress.id, after: progress.seq });
  assert.equal(progress.state, 'done', JSON.stringify(progress.error));
  return progress.result as BackupInfo;
}

test('with a key, no file in the data folder holds a site name, a phone number or a photo in plain: database, WAL, attachments and backups', async () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'data', 'ikm.sqlite');
  const api = await setUp(dbFile, newDbKey());
  try {
    await addSiteWithPhoto(api);
    await backUp(api);
    const pngMarker = Buffer.from(PNG.subarray(0, 64));
    const files = filesUnder(join(tmp.dir, 'data'));
    assert.ok(files.some((f) => f.path.endsWith('ikm.sqlite')));
    assert.ok(files.some((f) => f.path.includes(`${join('backups', 'files')}`)), 'the photo is in the backup pool');
    for (const f of files) {
      assert.ok(!f.bytes.includes(SITE), `${f.path} holds the site name`);
      assert.ok(!f.bytes.includes(PHONE), `${f.path} holds the phone number`);
      assert.ok(!f.bytes.includes(pngMarker), `${f.path} holds the photo's bytes`);
    }
    // …and the app reads them back: the site, and the photo through its hash check.
    const [item] = (await call(api, 'site.list', { text: 'Rotan' })).items;
    assert.equal(item.name, SITE);
  } finally {
    api.close();
    tmp.dispose();
  }
});

test('a wrong key (or none) is refused with DB_WRONG_KEY / DB_DAMAGED and leaves every byte of the folder as it was', async () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'ikm.sqlite');
  const key = keyFromPassphrase('kunci yang benar 123');
  const api = await setUp(dbFile, key);
  await addSiteWithPhoto(api);
  api.close();
  const before = filesUnder(tmp.dir).map((f) => [f.path, sha256(f.bytes), statSync(f.path).mtimeMs]);

  assert.throws(
    () => openDatabase(dbFile, { key: keyFromPassphrase('kunci yang salah 123') }),
    (e: unknown) => e instanceof AppError && e.code === 'DB_WRONG_KEY' && e.detail?.reason === 'db_wrong_key',
  );
  // Through the API, as the app and the CLI meet it: every call answers the same refusal.
  const wrong = openApi({ dbFile, key: newDbKey() });
  const answer = await wrong.dispatch('site.counts', undefined);
  assert.equal(!answer.ok && answer.error.code, 'DB_WRONG_KEY');
  assert.match(!answer.ok ? answer.error.message : '', /tidak cocok/);
  wrong.close();
  // Without a key an encrypted file is no database SQLite can read: refused, not overwritten.
  assert.throws(() => openDatabase(dbFile), (e: unknown) => e instanceof AppError && e.code === 'DB_DAMAGED');

  const after = filesUnder(tmp.dir).map((f) => [f.path, sha256(f.bytes), statSync(f.path).mtimeMs]);
  assert.deepEqual(after, before, 'no file was written, added or removed');

  const right = openApi({ dbFile, key });
  assert.equal((await call(right, 'site.list', {})).items[0].name, SITE);
  right.close();
  tmp.dispose();
});

test('a plain database is encrypted in place at its first open with a key: every row kept, a sealed backup made first, progress told', async () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'ikm.sqlite');
  const plainApi = await setUp(dbFile, null);
  const site = await addSiteWithPhoto(plainApi);
  for (const name of ['Batik Kutai Lestari', 'Tenun Ulap Doyo', 'Keripik Pisang Gurih', 'Sarung Samarinda Indah']) await createSite(plainApi, { name, phone: null });
  plainApi.close();
  const countsOf = (db: ReturnType<typeof openSqliteFile>) =>
    Object.fromEntries(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%search%' ORDER BY name").all() as { name: string }[]).map(
        ({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n],
      ),
    );
  const plain = openSqliteFile(dbFile, null, { readonly: true });
  const rowsBefore = countsOf(plain);
  const dumpBefore = plain.prepare('SELECT * FROM site ORDER BY id').all();
  plain.close();
  assert.ok(readFileSync(dbFile).includes(SITE), 'the file starts plain');

  const key = newDbKey();
  const phases: string[] = [];
  const api = openApi({ dbFile, key, machine: 'laptop-ani', onEncryptProgress: (done, total, phase) => phases.push(`${phase} ${done}/${total}`) });
  try {
    assert.equal((await call(api, 'site.get', { id: site.id })).name, SITE);
    assert.ok(!readFileSync(dbFile).includes(SITE), 'the file is encrypted now');
    const encrypted = openSqliteFile(dbFile, key, { readonly: true });
    // Every row is still there (opening adds a few of its own: the search index, the replica's announcement).
    const rowsAfter = countsOf(encrypted);
    for (const [table, n] of Object.entries(rowsBefore)) assert.ok(rowsAfter[table] >= n, `${table}: ${rowsAfter[table]} < ${n}`);
    for (const table of ['site', 'visit', 'attachment', 'area', 'officer']) assert.equal(rowsAfter[table], rowsBefore[table], table);
    assert.deepEqual(encrypted.prepare('SELECT * FROM site ORDER BY id').all(), dumpBefore);
    encrypted.close();
    assert.ok(phases.includes('backup 1/1') && phases.includes('encrypt 1/1'), phases.join(', '));

    // The backup made first holds the plain database's state, sealed with the key, and restores.
    const [backup] = listBackups(dbFile);
    assert.equal(backup.kind, 'before-encryption');
    assert.equal(backup.files, 1);
    const sealed = readFileSync(join(backupPaths(dbFile).backups, backup.id, 'database.sqlite'));
    assert.ok(!sealed.includes(SITE));
    // The photo from before is sealed too once read (and read back good).
    const listed = await call(api, 'attachment.list', { visitId: (await call(api, 'visit.list', { siteId: site.id })).items[0].id });
    const read = await call(api, 'attachment.read', { id: listed[0].id, thumbnail: false });
    assert.deepEqual(new Uint8Array(read), PNG);
    for (const f of filesUnder(join(tmp.dir, 'attachments'))) assert.ok(!f.bytes.includes(Buffer.from(PNG.subarray(0, 64))), f.path);
  } finally {
    api.close();
  }
  // Opening again with the key changes nothing more: no second backup.
  const again = openApi({ dbFile, key });
  assert.equal((await call(again, 'site.list', {})).items.length, 5);
  again.close();
  assert.equal(listBackups(dbFile).length, 1);
  tmp.dispose();
});

test('a restore of an encrypted backup brings the state back; a changed backup file is refused', async () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'ikm.sqlite');
  const key = newDbKey();
  const api = await setUp(dbFile, key);
  try {
    await addSiteWithPhoto(api);
    const made = await backUp(api);
    await createSite(api, { name: 'Dibuat Sesudah Cadangan' });
    const sealedFile = join(backupPaths(dbFile).backups, made.id, 'database.sqlite');
    const original = readFileSync(sealedFile);
    const tampered = Buffer.from(original);
    tampered[tampered.length - 100] ^= 1;
    writeFileSync(sealedFile, tampered);
    // (the manifest's checksum would catch it; with that fixed too, the seal still does)
    const manifestFile = join(backupPaths(dbFile).backups, made.id, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.database.sha256 = sha256(tampered);
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const refused = await api.dispatch('backup.restore', { id: made.id });
    let progress = refused.ok ? (refused.value as JobProgress) : null;
    while (progress?.state === 'running') progress = await call(api, 'job.watch', { id: progress.id, after: progress.seq });
    assert.equal(progress?.state, 'failed');
    assert.equal(progress?.error?.reason, 'backup_damaged');

    writeFileSync(sealedFile, original);
    manifest.database.sha256 = sha256(original);
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const restored = await api.dispatch('backup.restore', { id: made.id });
    progress = restored.ok ? (restored.value as JobProgress) : null;
    while (progress?.state === 'running') progress = await call(api, 'job.watch', { id: progress.id, after: progress.seq });
    assert.equal(progress?.state, 'done', JSON.stringify(progress?.error));
    assert.deepEqual((await call(api, 'site.list', {})).items.map((s) => s.name), [SITE]);
  } finally {
    api.close();
    tmp.dispose();
  }
});

test('an attachment file sealed with the key: named by the plain bytes\' SHA-256, no plain bytes on disk; a changed, cut or other-key file is refused and removed', async () => {
  const { createBlobStore } = await import('./blob-store');
  const tmp = tempDir();
  try {
    const key = newDbKey();
    const store = createBlobStore(join(tmp.dir, 'attachments'), { key });
    const { sha256: name, size } = store.put(PNG);
    assert.equal(name, sha256(PNG));
    assert.equal(size, PNG.byteLength);
    assert.equal(store.size(name), PNG.byteLength);
    const path = store.pathOf(name);
    const sealed = readFileSync(path);
    assert.ok(!sealed.includes(Buffer.from(PNG.subarray(8, 64))), 'no plain bytes on disk');
    assert.deepEqual(new Uint8Array(store.read(name)), PNG);
    // Stored again: found good (through its seal), not rewritten.
    const mtime = statSync(path).mtimeMs;
    store.put(PNG);
    assert.deepEqual(readFileSync(path), sealed);
    assert.ok(statSync(path).mtimeMs >= mtime);
    // The stream is checked the same way.
    const chunks: Buffer[] = [];
    for await (const chunk of store.stream(name)) chunks.push(chunk as Buffer);
    assert.deepEqual(new Uint8Array(Buffer.concat(chunks)), PNG);

    const refusedAndRemoved = (bytes: Buffer, why: string) => {
      writeFileSync(path, bytes);
      assert.throws(() => store.read(name), (e: unknown) => e instanceof AppError && e.detail?.reason === 'attachment_file_corrupt', why);
      assert.ok(!store.has(name), `${why}: the file is removed (sync fetches it again)`);
    };
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 40] ^= 0x01;
    refusedAndRemoved(flipped, 'one bit changed');
    refusedAndRemoved(sealed.subarray(0, sealed.length - 1), 'cut short');
    const otherKey = createBlobStore(join(tmp.dir, 'other'), { key: newDbKey() });
    otherKey.put(PNG);
    refusedAndRemoved(readFileSync(otherKey.pathOf(name)), 'sealed with another key');
    refusedAndRemoved(Buffer.from(PNG).fill(7, 100, 120), 'a plain file that is not the photo');
    // A good plain file from before encryption is taken, and sealed on the way.
    writeFileSync(path, PNG);
    assert.deepEqual(new Uint8Array(store.read(name)), PNG);
    assert.ok(!readFileSync(path).includes(Buffer.from(PNG.subarray(8, 64))), 'sealed once read');
  } finally {
    tmp.dispose();
  }
});

test('the CLI with IKM_DB_PASSPHRASE writes a site whose name and phone are not in the file; the same command without the passphrase is refused', async () => {
  const { spawnSync } = await import('node:child_process');
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'ikm.sqlite');
  const cli = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'db/cli.ts', '--db', dbFile, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  try {
    const withKey = { IKM_DB_PASSPHRASE: 'frasa sandi petugas ani' };
    assert.equal(cli(withKey, 'setup.save', JSON.stringify(KALTIM_SETUP)).status, 0);
    const created = cli(withKey, 'site.create', JSON.stringify({ site: { name: SITE, phone: PHONE, villageCode: '64.72.01.1001', kbliCode: '10', operatingStatus: 'aktif', certificates: [] } }));
    assert.equal(created.status, 0, created.stderr);
    const bytes = readFileSync(dbFile);
    assert.ok(!bytes.includes(SITE) && !bytes.includes(PHONE));
    const listed = cli(withKey, 'site.list', '{}');
    assert.match(listed.stdout, new RegExp(SITE));
    const beforeRefused = readFileSync(dbFile);

    const without = cli({ IKM_DB_PASSPHRASE: '' }, 'site.list', '{}');
    assert.equal(without.status, 1);
    assert.match(without.stderr, /DB_DAMAGED/);
    const wrong = cli({ IKM_DB_PASSPHRASE: 'bukan frasa sandinya' }, 'site.list', '{}');
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /DB_WRONG_KEY/);
    assert.ok(readFileSync(dbFile).equals(beforeRefused), 'refused opens changed nothing');
  } finally {
    tmp.dispose();
  }
});
