import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openApi, type Api } from './api';
import { backupDue, backupPaths, backupsToKeep, KEEP_DAILY, KEEP_WEEKLY } from './backup';
import type { JobProgress } from './model/job';
import type { BackupInfo, RestoreResult } from './model/backup';
import type { Result } from './model/result';
import { anInventarisasi, call, createSite, KALTIM_SETUP, tempDir } from './test-support';

const PNG = new Uint8Array(readFileSync(new URL('./test-fixtures/photo-plain.png', import.meta.url)));

/** Starts a job channel and waits for its end. */
async function runJob(api: Api, started: Promise<Result<unknown>>): Promise<JobProgress> {
  const first = await started;
  if (!first.ok) throw new Error(`${first.error.code} ${first.error.reason} ${first.error.message}`);
  let progress = first.value as JobProgress;
  while (progress.state === 'running') progress = await call(api, 'job.watch', { id: progress.id, after: progress.seq });
  return progress;
}

async function backUp(api: Api): Promise<BackupInfo> {
  const done = await runJob(api, api.dispatch('backup.create', undefined));
  assert.equal(done.state, 'done', JSON.stringify(done.error));
  return done.result as BackupInfo;
}

async function restore(api: Api, id: string): Promise<JobProgress> {
  return runJob(api, api.dispatch('backup.restore', { id }));
}

async function openSetUp(dbFile: string): Promise<Api> {
  const api = openApi({ dbFile, machine: 'laptop-ani' });
  await call(api, 'setup.save', KALTIM_SETUP);
  await call(api, 'settings.setOffice', { signaturesRequired: false });
  return api;
}

const siteNames = async (api: Api) => (await call(api, 'site.list', {})).items.map((s) => s.name).sort();

test('a backup is made through the online backup API with its attachments; restoring it brings that state back, sets the current file aside and gives a new replica id', async () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'data', 'ikm.sqlite');
  const api = await openSetUp(dbFile);
  try {
    const site = await createSite(api, { name: 'Amplang Mama Ani' });
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi() });
    const { attachment } = await call(api, 'attachment.add', { visitId: draft.id, kind: 'photo', fileName: 'depan.png', bytes: PNG });
    const replicaBefore = (await call(api, 'sync.info')).replicaId;

    const made = await backUp(api);
    assert.equal(made.kind, 'manual');
    assert.equal(made.files, 1, 'the photo is in the backup');
    const paths = backupPaths(dbFile);
    const folder = join(paths.backups, made.id);
    // The backup's database is a whole database of its own (no WAL beside it), readable as is.
    const copy = new Database(join(folder, 'database.sqlite'), { readonly: true });
    assert.equal(copy.pragma('journal_mode', { simple: true }), 'delete');
    assert.equal((copy.prepare('SELECT count(*) AS n FROM site').get() as { n: number }).n, 1);
    copy.close();
    if (process.platform !== 'win32') {
      assert.equal(statSync(folder).mode & 0o777, 0o700);
      assert.equal(statSync(join(folder, 'database.sqlite')).mode & 0o777, 0o600);
    }
    assert.deepEqual((await call(api, 'backup.list')).backups.map((b) => b.id), [made.id]);

    // Work goes on after the backup, then the backup is restored.
    await createSite(api, { name: 'Kerupuk Haruan Pak Udin', ownerName: 'Udin' });
    assert.deepEqual(await siteNames(api), ['Amplang Mama Ani', 'Kerupuk Haruan Pak Udin']);
    // The photo's file is lost from the data folder too: the backup brings it back.
    const blobFile = join(paths.attachments, attachment.sha256.slice(0, 2), attachment.sha256);
    writeFileSync(blobFile, 'not the photo');

    const done = await restore(api, made.id);
    assert.equal(done.state, 'done', JSON.stringify(done.error));
    const result = done.result as RestoreResult;
    assert.equal(result.restored.id, made.id);
    assert.deepEqual(await siteNames(api), ['Amplang Mama Ani'], 'the database is the backup again, and the API answers over it');
    const read = await call(api, 'attachment.read', { id: attachment.id });
    assert.ok(read, 'the photo reads');

    // The replaced database is kept aside, whole, with the work done after the backup.
    assert.ok(result.setAside && existsSync(join(result.setAside, 'ikm.sqlite')));
    const aside = new Database(join(result.setAside, 'ikm.sqlite'), { readonly: true });
    assert.equal((aside.prepare('SELECT count(*) AS n FROM site').get() as { n: number }).n, 2);
    aside.close();

    // The restored replica is behind what this replica issued: it stamps as a new replica, and remembers why.
    const replicaAfter = (await call(api, 'sync.info')).replicaId;
    assert.notEqual(replicaAfter, replicaBefore);
  } finally {
    api.close();
    tmp.dispose();
  }
});

test('a damaged backup is refused before anything changes', async () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'ikm.sqlite');
  const api = await openSetUp(dbFile);
  try {
    await createSite(api);
    const made = await backUp(api);
    await createSite(api, { name: 'Kerupuk Haruan Pak Udin', ownerName: 'Udin' });
    const file = join(backupPaths(dbFile).backups, made.id, 'database.sqlite');
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] ^= 0xff;
    writeFileSync(file, bytes);

    const done = await restore(api, made.id);
    assert.equal(done.state, 'failed');
    assert.equal(done.error?.reason, 'backup_damaged');
    assert.deepEqual(await siteNames(api), ['Amplang Mama Ani', 'Kerupuk Haruan Pak Udin'], 'nothing changed');
    assert.equal(existsSync(backupPaths(dbFile).setAside), false, 'nothing set aside');
    const unknown = await api.dispatch('backup.restore', { id: '20200101-000000-000' });
    assert.equal(unknown.ok && ((await runJob(api, Promise.resolve(unknown))).error?.reason), 'backup_not_found');
  } finally {
    api.close();
    tmp.dispose();
  }
});

test('a damaged database is refused at open with DB_DAMAGED; the backups are listed and one is restored, the damaged file kept aside', async () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'ikm.sqlite');
  let api = await openSetUp(dbFile);
  await createSite(api);
  const made = await backUp(api);
  api.close();
  // A sector in the middle of the file is overwritten (a bad disk, a pulled USB drive).
  const bytes = readFileSync(dbFile);
  bytes.fill(0x5a, 4096 * 3, 4096 * 6);
  writeFileSync(dbFile, bytes);

  api = openApi({ dbFile, machine: 'laptop-ani' });
  try {
    const refused = await api.dispatch('setup.get', undefined);
    assert.equal(!refused.ok && refused.error.code, 'DB_DAMAGED');
    assert.equal(!refused.ok && refused.error.reason, 'db_damaged');
    // What the start-up screen needs still answers.
    assert.equal((await call(api, 'app.info')).dbFile, dbFile);
    assert.deepEqual((await call(api, 'backup.list')).backups.map((b) => b.id), [made.id]);
    const cannotBackUp = await api.dispatch('backup.create', undefined);
    assert.equal(!cannotBackUp.ok && cannotBackUp.error.code, 'DB_DAMAGED');

    const done = await restore(api, made.id);
    assert.equal(done.state, 'done', JSON.stringify(done.error));
    assert.deepEqual(await siteNames(api), ['Amplang Mama Ani']);
    const aside = (done.result as RestoreResult).setAside!;
    assert.match(aside, /damaged$/);
    assert.deepEqual(readFileSync(join(aside, 'ikm.sqlite')), bytes, 'the damaged file is kept as it was');
  } finally {
    api.close();
    tmp.dispose();
  }
});

test('a file that is no database at all is refused as damaged, not opened over', async () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'ikm.sqlite');
  writeFileSync(dbFile, Buffer.alloc(8192, 7));
  const api = openApi({ dbFile });
  try {
    const refused = await api.dispatch('setup.get', undefined);
    assert.equal(!refused.ok && refused.error.code, 'DB_DAMAGED');
    assert.deepEqual(readFileSync(dbFile), Buffer.alloc(8192, 7), 'left as it was');
  } finally {
    api.close();
    tmp.dispose();
  }
});

test('rotation keeps the newest backup of each of the last 7 days and of the 4 weeks before them', () => {
  // Two backups a day for 60 days, newest on Monday 7 December 2026 (local time).
  const backups = [];
  for (let day = 0; day < 60; day++) {
    for (const hour of [9, 17]) {
      const at = new Date(2026, 11, 7 - day, hour, 0, 0);
      backups.push({ id: `${String(1000 - day).padStart(4, '0')}-${String(hour).padStart(2, '0')}`, createdAt: at.toISOString() });
    }
  }
  const keep = [...backupsToKeep(backups)].sort().reverse();
  assert.equal(keep.length, KEEP_DAILY + KEEP_WEEKLY);
  // The 7 days: 1 to 7 December, each its evening backup.
  assert.deepEqual(keep.slice(0, 7), ['1000-17', '0999-17', '0998-17', '0997-17', '0996-17', '0995-17', '0994-17']);
  // Then the newest of each earlier week (weeks end on Sunday): 29 Nov, 22 Nov, 15 Nov, 8 Nov.
  assert.deepEqual(keep.slice(7), ['0992-17', '0985-17', '0978-17', '0971-17']);
});

test('backups rotate on disk, and attachment files no kept backup lists go with them', async () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'ikm.sqlite');
  const api = await openSetUp(dbFile);
  try {
    const site = await createSite(api);
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi() });
    const { attachment } = await call(api, 'attachment.add', { visitId: draft.id, kind: 'photo', fileName: 'depan.png', bytes: PNG });
    // Twelve backups a day apart (made from the same data: only their days differ).
    const paths = backupPaths(dbFile);
    const first = await backUp(api);
    for (let i = 1; i <= 12; i++) {
      const id = `202611${String(i).padStart(2, '0')}-120000-000`;
      mkdirSync(join(paths.backups, id));
      const manifest = JSON.parse(readFileSync(join(paths.backups, first.id, 'manifest.json'), 'utf8'));
      writeFileSync(join(paths.backups, id, 'manifest.json'), JSON.stringify({ ...manifest, id, createdAt: new Date(2026, 10, i, 12).toISOString(), files: [] }));
    }
    // A file in the pool that no backup lists (left by a backup rotated away before).
    const stray = join(paths.files, 'ab', 'ab'.padEnd(64, '0'));
    mkdirSync(join(paths.files, 'ab'), { recursive: true });
    writeFileSync(stray, 'old photo');
    const last = await backUp(api);
    const kept = readdirSync(paths.backups).filter((n) => /^\d{8}-/.test(n));
    assert.ok(kept.includes(last.id));
    assert.equal(kept.includes(first.id), false, 'the older backup of today goes');
    // Daily: today and 7 to 12 November; weekly: only Sunday 1 November is in a week no daily one covers.
    assert.equal(kept.length, 8, `${kept.join(' ')}`);
    assert.equal(existsSync(stray), false, 'a file no kept backup lists goes');
    assert.ok(existsSync(join(paths.files, attachment.sha256.slice(0, 2), attachment.sha256)), 'the photo the newest backup lists stays');
  } finally {
    api.close();
    tmp.dispose();
  }
});

test('the automatic backup is due once a day', async () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'ikm.sqlite');
  const api = await openSetUp(dbFile);
  try {
    assert.equal(backupDue(dbFile, new Date()), true, 'none yet');
    const made = await api.autoBackup();
    assert.equal(made?.kind, 'auto');
    assert.equal(backupDue(dbFile, new Date()), false, 'made today');
    assert.equal(await api.autoBackup(), null, 'at most daily');
    const tomorrow = new Date(Date.now() + 86_400_000);
    assert.equal(backupDue(dbFile, tomorrow), true);
  } finally {
    api.close();
    tmp.dispose();
  }
});
