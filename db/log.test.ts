import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { call, siteInput, tempDir, RESPONDENT, anInventarisasi } from './test-support';
import { log, logFolder, logToConsole, logToFolder, rotatingFile } from './log';
import { openLaptop, startHub } from '../hub/test-support';
import type { JobProgress } from './model/job';

/** Personal data of one IKM owner and respondent, as an officer would type it. */
const OWNER = 'Siti Rahmawati Nurhaliza';
const PHONE = '081234567890';
const NIK = '6472014501900001';
const ADDRESS = 'Jl. Pangeran Suryanata Gg. Melati 7';
const PERSONAL = [OWNER, PHONE, NIK, ADDRESS, 'Rahmawati', '1234567890', RESPONDENT.name, RESPONDENT.phone];

const allLogText = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.includes('.log'))
    .map((n) => readFileSync(join(dir, n), 'utf8'))
    .join('\n');

test('the log file rotates: at most `keep` older files, each under the size limit', () => {
  const tmp = tempDir();
  try {
    const file = join(tmp.dir, 'db.log');
    const sink = rotatingFile(file, { maxBytes: 1000, keep: 3 });
    for (let i = 0; i < 200; i++) sink.write(JSON.stringify({ i, pad: 'x'.repeat(40) }));
    sink.close();
    assert.deepEqual(readdirSync(tmp.dir).sort(), ['db.log', 'db.log.1', 'db.log.2', 'db.log.3']);
    for (const name of readdirSync(tmp.dir)) assert.ok(statSync(join(tmp.dir, name)).size <= 1000, name);
    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
    // The newest lines are in db.log, the ones before in db.log.1.
    const last = readFileSync(file, 'utf8').trim().split('\n').at(-1)!;
    assert.equal(JSON.parse(last).i, 199);
  } finally {
    tmp.dispose();
  }
});

test('a day of work, sync with the hub, a backup and a restore, and errors quoting a person, leave no personal data in the log', async () => {
  const tmp = tempDir();
  const logs = join(tmp.dir, 'logs');
  logToFolder(logs, 'db');
  const hub = await startHub();
  const laptop = await openLaptop('ANS');
  try {
    assert.equal(logFolder(), logs);
    const { api } = laptop;
    const created = await call(api, 'site.create', { site: siteInput({ ownerName: OWNER, phone: PHONE, address: ADDRESS, nib: '1234567890123' }) });
    assert.ok(created.saved);
    const site = created.site;
    await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi({ respondent: { ...RESPONDENT }, notes: `NIK pemilik ${NIK}` } as never) });
    // Refused input that quotes the person's words.
    await api.dispatch('site.create', { site: siteInput({ ownerName: OWNER, phone: `${PHONE}${PHONE}${PHONE}`, workers: -1 }) });
    await api.dispatch('site.list', { text: OWNER, limit: 'semua' });

    // Sync with a real hub on loopback (the hub logs its requests into the same process's log).
    const code = hub.hub.store.createEnrollment({ officerCode: 'ANS', regencies: [] }, new Date());
    await call(api, 'hubSync.enroll', { url: hub.url, code });
    await call(api, 'hubSync.now');

    // A backup and a restore.
    let progress = (await call(api, 'backup.create')) as JobProgress;
    while (progress.state === 'running') progress = await call(api, 'job.watch', { id: progress.id, after: progress.seq });
    assert.equal(progress.state, 'done');
    const backupId = (progress.result as { id: string }).id;
    progress = (await call(api, 'backup.restore', { id: backupId })) as JobProgress;
    while (progress.state === 'running') progress = await call(api, 'job.watch', { id: progress.id, after: progress.seq });
    assert.equal(progress.state, 'done');

    // Errors whose text quotes a person: our own code's, a library's, the OS's (a file named after the owner).
    log.error('internal_error', new Error(`site ${OWNER} (${PHONE}) could not be saved, NIK ${NIK}`));
    log.error('internal_error', new TypeError(`Cannot read "${ADDRESS}"`));
    try {
      readFileSync(join(tmp.dir, `Daftar IKM ${OWNER}.xlsx`));
    } catch (error) {
      log.warn('import_file_unreadable', error);
    }

    const text = allLogText(logs);
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as { event: string; part: string });
    const names = new Set(events.map((e) => e.event));
    for (const expected of ['hub_request', 'sync_done', 'internal_error', 'import_file_unreadable']) assert.ok(names.has(expected), `${expected} is logged`);
    for (const value of PERSONAL) assert.equal(text.includes(value), false, `"${value}" is not in the log`);
    assert.ok(text.includes('"syscall":"open"') && text.includes('"code":"ENOENT"'), 'the OS error is logged by its call and code');
  } finally {
    laptop.dispose();
    await hub.stop();
    logToConsole();
    tmp.dispose();
  }
});
