import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import type { Api } from '../db/api';
import { generateDeviceKey } from '../db/sync/device-key';
import { anInventarisasi, call, createSite, tempDir, VILLAGES } from '../db/test-support';
import type { Hub } from './server';
import { formatEnrollmentCode } from './store';
import { openLaptop, peekFile, postJson, startHub } from './test-support';

/**
 * Review and follow-ups at the hub (issue 18, items 5 and 7): the office sets who reviews when it
 * enrols a laptop; a review decision from any other laptop is refused; follow-ups and decisions
 * travel with their visit's site (a laptop scoped elsewhere never receives them).
 */

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const files = new Map<Api, string>();
async function laptop(code: string): Promise<Api> {
  const l = await openLaptop(code);
  cleanups.push(l.dispose);
  files.set(l.api, l.dbFile);
  return l.api;
}

async function enroll(h: { url: string; hub: Hub }, api: Api, officerCode: string, regencies: string[], role?: 'officer' | 'supervisor') {
  const code = formatEnrollmentCode(h.hub.store.createEnrollment({ officerCode, regencies, role }, new Date()));
  await call(api, 'hubSync.enroll', { url: h.url, code });
}

const sync = (api: Api) => call(api, 'hubSync.now');

test('the office enrols a supervisor; only its decisions are taken; they reach the officer; follow-ups stay in their scope', async () => {
  const h = await startHub();
  cleanups.push(() => h.stop());
  const officer = await laptop('ANS');
  const supervisor = await laptop('BDI');
  const kukar = await laptop('CTR');
  // Visits here are finalized without drawn signatures (set before enrolling: then the office's rule applies).
  await call(officer, 'settings.setOffice', { signaturesRequired: false });
  await enroll(h, officer, 'ANS', []);
  await enroll(h, supervisor, 'BDI', [], 'supervisor');
  await enroll(h, kukar, 'CTR', ['64.02']);
  assert.equal((await call(supervisor, 'setup.get'))!.role, 'supervisor', 'the enrolment set the role');
  assert.equal((await call(officer, 'setup.get'))!.role, 'officer');
  // An enrolled laptop's role stays the office's, whatever its setup form says.
  const setup = (await call(officer, 'setup.get'))!;
  await call(officer, 'setup.save', { officerName: setup.officer.name, officerCode: 'ANS', nip: null, provinceCode: '64', role: 'supervisor' });
  assert.equal((await call(officer, 'setup.get'))!.role, 'officer');

  const site = await createSite(officer, { villageCode: VILLAGES.samarinda });
  const draft = await call(officer, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi({ recommendations: [{ text: 'Urus sertifikat halal', dueDate: '2026-01-10' }] }) as never });
  const visit = await call(officer, 'visit.finalize', { id: draft.id });
  const [followUp] = (await call(officer, 'followUp.list', {})).items;
  await call(officer, 'followUp.set', { visitId: visit.id, key: followUp.key, status: 'done', note: 'Terbit' });
  await sync(officer);
  await sync(supervisor);
  await sync(kukar);
  assert.equal((await call(supervisor, 'followUp.list', { status: 'done' })).total, 1, 'the follow-up reached the whole-province laptop');
  const onKukar = (table: string) => h.hub.store.db.prepare('SELECT count(*) FROM row_site WHERE tbl = ?').pluck().get(table) as number;
  assert.equal(onKukar('follow_up'), 1, 'the hub placed the follow-up on its site');

  await call(supervisor, 'visit.review', { visitId: visit.id, decision: 'returned', comment: 'Lengkapi bahan baku' });
  await sync(supervisor);
  assert.deepEqual(h.hub.store.refusals((await call(supervisor, 'hubSync.status')).deviceId!), [], "a supervisor's decision is taken");
  await sync(officer);
  assert.equal((await call(officer, 'visit.get', { id: visit.id })).reviewState, 'returned');
  assert.deepEqual((await call(officer, 'visit.list', { reviewState: 'returned' })).items.map((v) => v.id), [visit.id]);

  // The Kutai Kartanegara laptop holds nothing of the Samarinda site, its follow-up or its review.
  await sync(kukar);
  const count = (db: import('better-sqlite3').Database, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const held = peekFile(files.get(kukar)!, (db) => ({ follow_up: count(db, 'follow_up'), visit_review: count(db, 'visit_review'), visit: count(db, 'visit') }));
  assert.deepEqual(held, { follow_up: 0, visit_review: 0, visit: 0 });

  // A laptop the office did not enrol as a supervisor's sends a decision (raw, as a changed app would): refused, counted.
  const replicaId = 'e0000000000000a7';
  const key = generateDeviceKey();
  const enrolled = await postJson(`${h.url}/v1/enroll`, {
    code: h.hub.store.createEnrollment({ officerCode: 'DDA', regencies: [] }, new Date()),
    replicaId,
    deviceName: 'Laptop DDA',
    publicKey: key.publicKey,
  });
  assert.equal(enrolled.body.role, 'officer');
  const hlc = (n: number) => `${new Date().toISOString()}-000${n}-${replicaId}`;
  const cells = [
    ['visit_id', visit.id],
    ['decision', 'approved'],
    ['revision', 0],
    ['decided_at', new Date().toISOString()],
  ] as const;
  const forged = cells.map(([column, value], n) => ({ hlc: hlc(n), table: 'visit_review', row: 'forged-review', column, value: JSON.stringify(value), prevHlc: null, schema: 11 }));
  const reply = await postJson(`${h.url}/v1/sync`, { replicaId, messages: forged, cursor: 0 }, enrolled.body.token);
  assert.equal(reply.status, 200);
  assert.equal(reply.body.refused, 4, 'every cell of the decision is refused');
  assert.deepEqual(h.hub.store.refusals(enrolled.body.deviceId).map((r) => [r.reason, r.count]), [['role', 4]]);
  await sync(officer);
  assert.equal((await call(officer, 'visit.get', { id: visit.id })).reviewState, 'returned', 'the forged approval never arrived');

  // The office makes that laptop a supervisor's: its decisions are taken from then on, and the laptop is told.
  assert.equal(h.hub.store.setRole(enrolled.body.deviceId, 'supervisor'), true);
  const again = await postJson(`${h.url}/v1/sync`, { replicaId, messages: forged, cursor: 0 }, enrolled.body.token);
  assert.equal(again.body.refused, 0);
  assert.equal(again.body.role, 'supervisor');
});

const run = promisify(execFile);
const cli = tempDir('ikm-hub-cli-role-');
cleanups.push(cli.dispose);
async function hubCli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'hub/main.ts', ...args, '--data', cli.dir]);
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

test('hub CLI: enroll --role supervisor makes a supervisor laptop; role changes it; devices shows it', async () => {
  const printed = await hubCli('enroll', '--officer', 'BDI', '--role', 'supervisor');
  assert.equal(printed.code, 0, printed.out);
  assert.match(printed.out, /Kode pendaftaran untuk penyelia BDI/);
  const code = /([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/.exec(printed.out)![1];
  assert.notEqual((await hubCli('enroll', '--officer', 'BDI', '--role', 'boss')).code, 0, 'an unknown role is refused');
  const h = await startHub({ dataDir: cli.dir });
  const enrolled = await postJson(`${h.url}/v1/enroll`, { code, replicaId: '00000000000000b1', deviceName: 'Laptop Budi', publicKey: generateDeviceKey().publicKey });
  await h.stop();
  assert.equal(enrolled.body.role, 'supervisor');
  assert.match((await hubCli('devices')).out, /BDI\tpenyelia\tLaptop Budi/);
  const changed = await hubCli('role', enrolled.body.deviceId, 'officer');
  assert.equal(changed.code, 0, changed.out);
  assert.match((await hubCli('devices')).out, /BDI\tpetugas\tLaptop Budi/);
});
