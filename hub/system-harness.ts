import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { openApi, type Api } from '../db/api';
import type { Visit, VisitDataInput } from '../db/model/visit';
import { hlcFromBytes } from '../db/sync/hlc';
import { anInventarisasi, KALTIM_SETUP, TestClock, tempDir } from '../db/test-support';
import { exportHubBundle, importHubBundle } from './bundle-command';
import { createHub, type Hub } from './server';
import { formatEnrollmentCode } from './store';

/**
 * The whole system on real parts, for the random test of issue 19 (hub/system.property.test.ts)
 * and its fixed scenarios: a real hub on loopback over its own data folder (restartable on the
 * same files and port), five laptops as real cores on SQLite files with movable clocks and a
 * connection that can drop a request or a reply, a USB-only laptop that exchanges bundles, and an
 * oracle of what was written. `check()` reads every replica with this file's own SQL (never the
 * repos' helpers) and answers the rules that are broken, each tagged with its rule.
 */

/** The laptops: one whole province, three scoped to one regency each, one USB-only (scoped too). */
export const LAPTOPS = [
  { name: 'PROV', regencies: [] as string[], usbOnly: false },
  { name: 'BPN', regencies: ['64.71'], usbOnly: false },
  { name: 'SMD', regencies: ['64.72'], usbOnly: false },
  { name: 'KKR', regencies: ['64.02'], usbOnly: false },
  { name: 'USB', regencies: ['64.02'], usbOnly: true },
] as const;
export const USB = 4;
/** The laptop the office enrols as a supervisor's (issue 18): its own officer, who reviews the others' visits. */
export const SUPERVISOR = 0;
/** Where sites are registered and moved: the three scoped regencies and Paser, which only the province laptop holds. */
export const REGENCIES = ['64.71', '64.72', '64.02', '64.01'] as const;
/** Scopes the office may give a scoped laptop ([] is the whole province). */
export const SCOPES: readonly (readonly string[])[] = [['64.71'], ['64.72'], ['64.02'], ['64.72', '64.02'], ['64.71', '64.01'], []];
export const CLOCK_JUMPS = { '+10m': 10 * 60_000, '+3h': 3 * 3_600_000, '+30h': 30 * 3_600_000, back: 0 } as const;
export type ClockJump = keyof typeof CLOCK_JUMPS;
export type SiteField = 'ownerName' | 'phone' | 'notes';

/** One step of a history. `pick` numbers choose among what the laptop holds at that moment (modulo). */
export type Step =
  | { kind: 'register'; laptop: number; regency: number; village: number }
  | { kind: 'editSite'; laptop: number; pick: number; field: SiteField; value: number }
  | { kind: 'moveSite'; laptop: number; pick: number; regency: number }
  | { kind: 'draft'; laptop: number; pick: number }
  | { kind: 'editDraft'; laptop: number; pick: number; value: number }
  | { kind: 'finalize'; laptop: number; pick: number }
  | { kind: 'amend'; laptop: number; pick: number; value: number }
  | { kind: 'discard'; laptop: number; pick: number }
  | { kind: 'photo'; laptop: number; pick: number; variant: number }
  | { kind: 'merge'; laptop: number; survivor: number; loser: number }
  | { kind: 'scope'; laptop: number; scope: number }
  | { kind: 'reenroll'; laptop: number; scope: number }
  | { kind: 'sync'; laptop: number; fault: 'none' | 'request' | 'reply'; at: number }
  | { kind: 'restartHub' }
  | { kind: 'usbOut' }
  | { kind: 'usbIn' }
  | { kind: 'hubBundle'; laptop: number }
  | { kind: 'replay'; pick: number }
  | { kind: 'peerBundle'; from: number; to: number }
  | { kind: 'clock'; laptop: number; jump: ClockJump }
  /** Issue 18: a follow-up of a final visit marked on a laptop (two laptops marking one differently is a conflict). */
  | { kind: 'followUp'; laptop: number; pick: number; status: 'done' | 'dropped' | 'open' }
  /** Issue 18: the supervisor (PROV) decides on a final visit as it holds it, maybe crossing an amendment made elsewhere. */
  | { kind: 'review'; pick: number; decision: 'approved' | 'returned' }
  | { kind: 'createSentra'; laptop: number; regency: number }
  | { kind: 'moveSentra'; laptop: number; sentra: number; regency: number }
  | { kind: 'assignSentra'; laptop: number; pick: number; sentra: number };

const L = (i: number) => LAPTOPS[i]?.name ?? `#${i}`;

/** A step as one readable line (what a failure prints). */
export function describeStep(s: Step): string {
  switch (s.kind) {
    case 'register':
      return `${L(s.laptop)} registers a site in ${REGENCIES[s.regency]} (village #${s.village})`;
    case 'editSite':
      return `${L(s.laptop)} edits site #${s.pick}: ${s.field} = v${s.value}`;
    case 'moveSite':
      return `${L(s.laptop)} moves site #${s.pick} to a village of ${REGENCIES[s.regency]}`;
    case 'draft':
      return `${L(s.laptop)} drafts a visit of site #${s.pick}`;
    case 'editDraft':
      return `${L(s.laptop)} edits draft #${s.pick}: findings = v${s.value}`;
    case 'finalize':
      return `${L(s.laptop)} finalizes draft #${s.pick}`;
    case 'amend':
      return `${L(s.laptop)} amends final visit #${s.pick}: findings = a${s.value}`;
    case 'discard':
      return `${L(s.laptop)} discards draft #${s.pick}`;
    case 'photo':
      return `${L(s.laptop)} adds photo ${s.variant} to visit #${s.pick}`;
    case 'merge':
      return `${L(s.laptop)} merges site #${s.loser} into site #${s.survivor}`;
    case 'scope':
      return `office sets ${L(s.laptop)}'s scope to [${SCOPES[s.scope].join(', ') || 'whole province'}]`;
    case 'reenroll':
      return `office revokes ${L(s.laptop)} and enrolls it again for [${SCOPES[s.scope].join(', ') || 'whole province'}]`;
    case 'sync':
      return `${L(s.laptop)} syncs${s.fault === 'none' ? '' : `, the connection dropping the ${s.fault} of sync request ${s.at} onwards`}`;
    case 'restartHub':
      return 'the hub restarts';
    case 'usbOut':
      return 'USB laptop saves a bundle; the office loads it on the hub';
    case 'usbIn':
      return "the office writes USB's bundle (bundle export --device); USB loads it";
    case 'hubBundle':
      return `the office writes ${L(s.laptop)}'s bundle (bundle export --device); ${L(s.laptop)} loads it`;
    case 'replay':
      return `an old bundle (#${s.pick}) is loaded again`;
    case 'peerBundle':
      return `${L(s.from)} hands ${L(s.to)} a bundle of everything it has`;
    case 'clock':
      return `${L(s.laptop)}'s clock ${s.jump === 'back' ? 'is set right again' : `jumps ${s.jump} ahead`}`;
    case 'followUp':
      return `${L(s.laptop)} marks a follow-up of final visit #${s.pick} ${s.status}`;
    case 'review':
      return `the supervisor (${L(SUPERVISOR)}) marks final visit #${s.pick} ${s.decision}`;
    case 'createSentra':
      return `${L(s.laptop)} creates a sentra in ${REGENCIES[s.regency]}`;
    case 'moveSentra':
      return `${L(s.laptop)} moves sentra #${s.sentra} to ${REGENCIES[s.regency]}`;
    case 'assignSentra':
      return `${L(s.laptop)} assigns site #${s.pick} to sentra #${s.sentra}`;
  }
}

const laptop = fc.nat(LAPTOPS.length - 1);
const networked = fc.nat(USB - 1);
const scoped = fc.integer({ min: 1, max: LAPTOPS.length - 1 });
const pick = fc.nat(20);
const value = fc.nat(9);

const kinds: [Step['kind'], number, fc.Arbitrary<Step>][] = [
  ['register', 5, fc.record({ kind: fc.constant('register' as const), laptop, regency: fc.nat(REGENCIES.length - 1), village: fc.nat(3) })],
  ['editSite', 6, fc.record({ kind: fc.constant('editSite' as const), laptop, pick, field: fc.constantFrom('ownerName' as const, 'phone' as const, 'notes' as const), value })],
  ['moveSite', 1, fc.record({ kind: fc.constant('moveSite' as const), laptop, pick, regency: fc.nat(REGENCIES.length - 1) })],
  ['draft', 4, fc.record({ kind: fc.constant('draft' as const), laptop, pick })],
  ['editDraft', 3, fc.record({ kind: fc.constant('editDraft' as const), laptop, pick, value })],
  ['finalize', 3, fc.record({ kind: fc.constant('finalize' as const), laptop, pick })],
  ['amend', 2, fc.record({ kind: fc.constant('amend' as const), laptop, pick, value })],
  ['discard', 1, fc.record({ kind: fc.constant('discard' as const), laptop, pick })],
  ['photo', 1, fc.record({ kind: fc.constant('photo' as const), laptop, pick, variant: fc.nat(7) })],
  ['merge', 1, fc.record({ kind: fc.constant('merge' as const), laptop, survivor: pick, loser: pick })],
  ['scope', 1, fc.record({ kind: fc.constant('scope' as const), laptop: scoped, scope: fc.nat(SCOPES.length - 1) })],
  ['reenroll', 1, fc.record({ kind: fc.constant('reenroll' as const), laptop: scoped, scope: fc.nat(SCOPES.length - 1) })],
  ['sync', 8, fc.record({ kind: fc.constant('sync' as const), laptop: networked, fault: fc.constantFrom('none' as const, 'none' as const, 'none' as const, 'request' as const, 'reply' as const), at: fc.integer({ min: 1, max: 3 }) })],
  ['restartHub', 1, fc.constant({ kind: 'restartHub' as const })],
  ['usbOut', 2, fc.constant({ kind: 'usbOut' as const })],
  ['usbIn', 2, fc.constant({ kind: 'usbIn' as const })],
  ['hubBundle', 1, fc.record({ kind: fc.constant('hubBundle' as const), laptop: scoped })],
  ['replay', 1, fc.record({ kind: fc.constant('replay' as const), pick })],
  ['peerBundle', 1, fc.record({ kind: fc.constant('peerBundle' as const), from: networked, to: laptop })],
  ['clock', 1, fc.record({ kind: fc.constant('clock' as const), laptop, jump: fc.constantFrom(...(Object.keys(CLOCK_JUMPS) as ClockJump[])) })],
  ['followUp', 2, fc.record({ kind: fc.constant('followUp' as const), laptop, pick, status: fc.constantFrom('done' as const, 'dropped' as const, 'open' as const) })],
  ['review', 2, fc.record({ kind: fc.constant('review' as const), pick, decision: fc.constantFrom('approved' as const, 'returned' as const) })],
  // Sentra (issue 18): a record that belongs to a regency, and the site cell that assigns a site to one.
  ['createSentra', 1, fc.record({ kind: fc.constant('createSentra' as const), laptop, regency: fc.nat(REGENCIES.length - 1) })],
  ['moveSentra', 1, fc.record({ kind: fc.constant('moveSentra' as const), laptop, sentra: pick, regency: fc.nat(REGENCIES.length - 1) })],
  ['assignSentra', 2, fc.record({ kind: fc.constant('assignSentra' as const), laptop, pick, sentra: pick })],
];

/** A step prints as its sentence in fast-check's counterexample. */
const readable = (s: Step): Step => Object.assign(s, { [fc.toStringMethod]: () => describeStep(s) });
/** Random histories: steps weighted as below, the kinds in `skip` left out. */
export function historyArb(options: { maxSteps: number; skip?: ReadonlySet<string> }): fc.Arbitrary<Step[]> {
  const step = fc.oneof(...kinds.filter(([kind]) => !options.skip?.has(kind)).map(([, weight, arbitrary]) => ({ weight, arbitrary: arbitrary.map(readable) })));
  // Three runs of steps joined: lengths gather around half of maxSteps (75 of 150) with no
  // minimum to keep, since fast-check never shrinks an array below its minLength and a failure
  // is best read at a few steps.
  const part = Math.ceil(options.maxSteps / 3);
  const run = (minLength: number) => fc.array(step, { minLength, maxLength: part, size: 'max' });
  return fc.tuple(run(1), run(0), run(0)).map(([a, b, c]) => [...a, ...b, ...c]);
}

/** A history as numbered lines. */
export const describeHistory = (steps: readonly Step[]): string => steps.map((s, i) => `  ${String(i + 1).padStart(3)}. ${describeStep(s)}`).join('\n');

const photo = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'db', 'test-fixtures', 'photo-gps.jpg')));


interface Laptop {
  index: number;
  name: string;
  api: Api;
  dbFile: string;
  clock: TestClock;
  /** A second, read-only connection for the test's own queries. */
  read: Database.Database;
  deviceId: string;
  replicaId: string;
  /** The connection's fault for the sync under way: from the `at`-th sync request on, drop the request or the reply. */
  fault: { mode: 'none' | 'request' | 'reply'; at: number; seen: number };
}

interface SavedBundle {
  to: number | 'hub';
  from: number | 'hub';
  bytes: Uint8Array;
}

/** What each finalize and amendment wrote: the only values a final visit may show. */
interface FinalRecord {
  /** The form's leaves at each finalize (two laptops may finalize one draft). */
  finals: Map<string, string>[];
  /** The form's leaves after each amendment. */
  amendments: Map<string, string>[];
  where: string[];
}

/** The leaves of a form (path → JSON), by this file's own walk. */
export function leavesOf(doc: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    for (const [k, v] of Object.entries(doc as Record<string, unknown>)) leavesOf(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, JSON.stringify(doc));
  }
  return out;
}

let templateFile: string | null = null;
const templateDir = tempDir('ikm-system-template-');
process.once('exit', () => templateDir.dispose());

/** One laptop database set up once per process (Kalimantan Timur, signatures not required), copied per laptop. */
async function template(): Promise<string> {
  if (templateFile) return templateFile;
  const file = join(templateDir.dir, 'template.sqlite');
  const api = openApi({ dbFile: file, machine: 'template' });
  await ok(api, 'setup.save', KALTIM_SETUP);
  await ok(api, 'settings.setOffice', { signaturesRequired: false });
  api.close();
  templateFile = file;
  return file;
}

let supervisorFile: string | null = null;
/** The supervisor's laptop (issue 18): another officer, Budi, who reviews the visits of the others. */
async function supervisorTemplate(): Promise<string> {
  if (supervisorFile) return supervisorFile;
  const file = join(templateDir.dir, 'template-supervisor.sqlite');
  const api = openApi({ dbFile: file, machine: 'template-supervisor' });
  await ok(api, 'setup.save', { ...KALTIM_SETUP, officerName: 'Budi Santoso', officerCode: 'BDI', nip: null, role: 'supervisor' });
  await ok(api, 'settings.setOffice', { signaturesRequired: false });
  api.close();
  supervisorFile = file;
  return file;
}

async function ok(api: Api, channel: string, input?: unknown): Promise<unknown> {
  const result = await api.dispatch(channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** Villages of a regency from the area table (level 4 = desa/kelurahan). */
function villagesOf(db: Database.Database, regency: string): string[] {
  return db.prepare("SELECT code FROM area WHERE code LIKE ? || '.%.%' AND length(code) = 13 ORDER BY code LIMIT 4").pluck().all(regency) as string[];
}

export interface Violation {
  rule: string;
  detail: string;
}

/** The hub, the five laptops and the oracle of one history. */
export class SystemWorld {
  hub!: Hub;
  url = '';
  port = 0;
  laptops: Laptop[] = [];
  /** Lines of what happened (steps and what they did), for a failure's report. */
  trace: string[] = [];
  /** Errors no step may cause (INTERNAL answers, exceptions out of the hub). */
  internalErrors: string[] = [];
  private tmp = tempDir('ikm-system-');
  private villages = new Map<string, string[]>();
  private createdSites: string[] = [];
  private createdVisits: string[] = [];
  private finals = new Map<string, FinalRecord>();
  private bundles: SavedBundle[] = [];
  /** Follow-ups marked and visits reviewed on some laptop (issue 18): each must reach the hub. */
  private followUps = new Set<string>();
  private reviewed = new Set<string>();
  private siteCounter = 0;
  private createdSentra: string[] = [];
  private sentraCounter = 0;

  static async open(): Promise<SystemWorld> {
    const world = new SystemWorld();
    await world.startHub(0);
    const base = await template();
    const supervisorBase = await supervisorTemplate();
    for (const [index, spec] of LAPTOPS.entries()) {
      const dir = join(world.tmp.dir, spec.name);
      mkdirSync(dir, { recursive: true });
      const dbFile = join(dir, 'ikm-lapangan.sqlite');
      copyFileSync(index === SUPERVISOR ? supervisorBase : base, dbFile);
      const clock = new TestClock();
      const laptop = { index, name: spec.name, dbFile, clock, fault: { mode: 'none', at: 0, seen: 0 } } as Laptop;
      const fetchFn: typeof fetch = async (input, init) => {
        const f = laptop.fault;
        if (f.mode !== 'none' && String(input).endsWith('/v1/sync') && ++f.seen >= f.at) {
          if (f.mode === 'request') throw new TypeError('fetch failed: the request was dropped');
          const response = await fetch(input, init);
          await response.arrayBuffer();
          throw new TypeError('fetch failed: the reply was dropped');
        }
        return fetch(input, init);
      };
      laptop.api = openApi({
        dbFile,
        clock,
        machine: `system-${spec.name}`,
        newReplicaId: () => (index + 1).toString(16).padStart(8, '0') + Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0'),
        hubClient: { autoTimers: false, fetch: fetchFn },
      });
      laptop.read = new Database(dbFile, { readonly: true });
      const role = index === SUPERVISOR ? ('supervisor' as const) : ('officer' as const);
      const code = formatEnrollmentCode(world.hub.store.createEnrollment({ officerCode: KALTIM_SETUP.officerCode, regencies: [...spec.regencies], role }, new Date()));
      const enrolled = (await ok(laptop.api, 'hubSync.enroll', { url: world.url, code })) as { deviceId: string };
      laptop.deviceId = enrolled.deviceId;
      laptop.replicaId = ((await ok(laptop.api, 'sync.info')) as { replicaId: string }).replicaId;
      world.laptops.push(laptop);
    }
    for (const r of REGENCIES) world.villages.set(r, villagesOf(world.laptops[0].read, r));
    return world;
  }

  private async startHub(port: number): Promise<void> {
    this.hub = createHub({ dataDir: join(this.tmp.dir, 'hub') });
    await this.hub.app.listen({ port, host: '127.0.0.1' });
    this.port = (this.hub.app.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const l of this.laptops) {
      l.read.close();
      l.api.close();
    }
    await this.hub.close();
    this.tmp.dispose();
  }

  /** Calls a channel; a refusal is a normal outcome of a random step (noted), an INTERNAL one is a bug. */
  private async call(l: Laptop, channel: string, input?: unknown): Promise<{ ok: true; value: unknown } | { ok: false; code: string; message: string }> {
    const result = await l.api.dispatch(channel, input);
    if (result.ok) return { ok: true, value: result.value };
    if (result.error.code === 'INTERNAL') this.internalErrors.push(`${l.name} ${channel}: ${result.error.message}`);
    return { ok: false, code: result.error.code, message: `${result.error.code} ${result.error.reason ?? ''}`.trim() };
  }

  private liveSites(l: Laptop): string[] {
    return l.read.prepare('SELECT id FROM site WHERE deleted = 0 ORDER BY id').pluck().all() as string[];
  }
  private liveSentra(l: Laptop): SentraCheckRow[] {
    return l.read.prepare('SELECT * FROM sentra WHERE deleted = 0 ORDER BY id').all() as SentraCheckRow[];
  }
  private visits(l: Laptop, status: 'draft' | 'final' | 'any'): string[] {
    const where = status === 'any' ? '' : `AND status = '${status}'`;
    return l.read.prepare(`SELECT id FROM visit WHERE deleted = 0 ${where} ORDER BY id`).pluck().all() as string[];
  }
  private pick<T>(list: T[], n: number): T | undefined {
    return list.length ? list[n % list.length] : undefined;
  }
  private village(regency: number, n: number): string {
    const list = this.villages.get(REGENCIES[regency % REGENCIES.length])!;
    return list[n % list.length];
  }

  /** A site's form as the laptop shows it, with `patch` over it. */
  private async siteForm(l: Laptop, id: string, patch: Record<string, unknown>): Promise<Record<string, unknown> | null> {
    const got = await this.call(l, 'site.get', { id });
    if (!got.ok) return null;
    const s = got.value as Record<string, unknown>;
    const keys = ['name', 'ownerName', 'phone', 'email', 'address', 'villageCode', 'latitude', 'longitude', 'kbliCode', 'products', 'legalForm', 'nib', 'certificates', 'workers', 'sizeClass', 'operatingStatus', 'yearEstablished', 'notes'];
    return { ...Object.fromEntries(keys.map((k) => [k, s[k]])), sectorGroup: null, ...patch };
  }

  private note(line: string): void {
    this.trace.push(line);
    if (process.env.IKM_SYSTEM_TRACE_LIVE) console.error(`[trace] ${line}`);
  }

  /** Runs one step; what it did (or why it was refused) goes to the trace. */
  async run(step: Step): Promise<void> {
    const l = 'laptop' in step ? this.laptops[step.laptop] : this.laptops[USB];
    const say = (outcome: string) => this.note(`${describeStep(step)} → ${outcome}`);
    const answer = (r: { ok: boolean; message?: string }) => say(r.ok ? 'ok' : `refused (${(r as { message: string }).message})`);
    switch (step.kind) {
      case 'register': {
        const n = ++this.siteCounter;
        const site = {
          name: `Usaha ${L(step.laptop)} ${n}`,
          ownerName: `Pemilik ${n}`,
          villageCode: this.village(step.regency, step.village),
          kbliCode: '10',
          products: 'Amplang',
          workers: 3,
        };
        const r = await this.call(l, 'site.create', { site, confirm: { duplicate: true } });
        if (r.ok && (r.value as { saved: boolean }).saved) {
          const id = (r.value as { site: { id: string } }).site.id;
          this.createdSites.push(id);
          return say(`site ${id.slice(-6)}`);
        }
        return answer(r);
      }
      case 'editSite': {
        const id = this.pick(this.liveSites(l), step.pick);
        if (!id) return say('no site');
        const value = step.field === 'phone' ? `08125000${String(step.value).padStart(4, '0')}` : `${step.field} ${L(step.laptop)} v${step.value}`;
        const form = await this.siteForm(l, id, { [step.field]: value });
        if (!form) return say('site gone');
        return answer(await this.call(l, 'site.update', { id, site: form, confirm: { duplicate: true } }));
      }
      case 'moveSite': {
        const id = this.pick(this.liveSites(l), step.pick);
        if (!id) return say('no site');
        const form = await this.siteForm(l, id, { villageCode: this.village(step.regency, step.pick) });
        if (!form) return say('site gone');
        return answer(await this.call(l, 'site.update', { id, site: form, confirm: { duplicate: true } }));
      }
      case 'draft': {
        const siteId = this.pick(this.liveSites(l), step.pick);
        if (!siteId) return say('no site');
        // Two recommendations: follow-ups once the visit is final (issue 18).
        const recommendations = [{ text: 'Urus sertifikat halal', dueDate: '2026-01-15' }, { text: `Ikut pameran ${L(step.laptop)}` }];
        const r = await this.call(l, 'visit.saveDraft', { siteId, data: anInventarisasi({ findings: `Temuan awal ${L(step.laptop)}`, recommendations }) });
        if (r.ok) this.createdVisits.push((r.value as Visit).id);
        return answer(r);
      }
      case 'editDraft': {
        const id = this.pick(this.visits(l, 'draft'), step.pick);
        if (!id) return say('no draft');
        const got = await this.call(l, 'visit.get', { id });
        if (!got.ok) return answer(got);
        const v = got.value as Visit;
        const data = { ...(v.data as object), findings: `Temuan dari ${L(step.laptop)} v${step.value}` } as VisitDataInput;
        return answer(await this.call(l, 'visit.saveDraft', { id, siteId: v.siteId, data }));
      }
      case 'finalize': {
        const id = this.pick(this.visits(l, 'draft'), step.pick);
        if (!id) return say('no draft');
        const r = await this.call(l, 'visit.finalize', { id });
        if (r.ok) this.record(id, l, 'final', (r.value as Visit).data);
        return answer(r);
      }
      case 'amend': {
        const id = this.pick(this.visits(l, 'final'), step.pick);
        if (!id) return say('no final visit');
        const got = await this.call(l, 'visit.get', { id });
        if (!got.ok) return answer(got);
        const data = { ...((got.value as Visit).data as object), findings: `Amendemen ${L(step.laptop)} a${step.value}` };
        const r = await this.call(l, 'visit.amend', { id, data, reason: 'Perbaikan temuan' });
        if (r.ok) this.record(id, l, 'amend', (r.value as Visit).data);
        return answer(r);
      }
      case 'followUp': {
        const id = this.pick(this.visits(l, 'final'), step.pick);
        if (!id) return say('no final visit');
        const keys = l.read.prepare('SELECT rec_key FROM visit_recommendation WHERE visit_id = ? ORDER BY idx').pluck().all(id) as string[];
        const key = this.pick(keys, step.pick);
        if (!key) return say('no recommendation');
        const r = await this.call(l, 'followUp.set', { visitId: id, key, status: step.status, note: `${L(step.laptop)} ${step.status}` });
        if (r.ok) this.followUps.add(`${id}:${key}`);
        return answer(r);
      }
      case 'review': {
        const s = this.laptops[SUPERVISOR];
        const id = this.pick(this.visits(s, 'final'), step.pick);
        if (!id) return say('no final visit');
        const r = await this.call(s, 'visit.review', { visitId: id, decision: step.decision, comment: step.decision === 'returned' ? 'Periksa nilai produksi' : null });
        if (r.ok) this.reviewed.add(id);
        return answer(r);
      }
      case 'discard': {
        const id = this.pick(this.visits(l, 'draft'), step.pick);
        if (!id) return say('no draft');
        return answer(await this.call(l, 'visit.discardDraft', { id }));
      }
      case 'photo': {
        const id = this.pick(this.visits(l, 'any'), step.pick);
        if (!id) return say('no visit');
        // Eight files of one photo: bytes after a JPEG's end marker are allowed (cameras write them).
        const bytes = new Uint8Array([...photo, ...new Array<number>(step.variant % 8).fill(0)]);
        return answer(await this.call(l, 'attachment.add', { visitId: id, kind: 'photo', fileName: `foto-${step.variant}.jpg`, bytes }));
      }
      case 'merge': {
        const sites = this.liveSites(l);
        const survivor = this.pick(sites, step.survivor);
        const loser = this.pick(sites, step.loser);
        if (!survivor || !loser || survivor === loser) return say('no pair');
        return answer(await this.call(l, 'site.merge', { survivorId: survivor, loserId: loser }));
      }
      case 'scope': {
        const changed = this.hub.store.setScope(l.deviceId, [...SCOPES[step.scope]]);
        return say(JSON.stringify(changed));
      }
      case 'reenroll': {
        this.hub.store.revoke(l.deviceId, new Date());
        const code = formatEnrollmentCode(this.hub.store.createEnrollment({ officerCode: KALTIM_SETUP.officerCode, regencies: [...SCOPES[step.scope]] }, new Date()));
        const r = await this.call(l, 'hubSync.enroll', { url: this.url, code });
        if (r.ok) l.deviceId = (r.value as { deviceId: string }).deviceId;
        return answer(r);
      }
      case 'sync': {
        if (LAPTOPS[step.laptop].usbOnly) return say('USB-only laptop: no network');
        l.fault = { mode: step.fault, at: step.at, seen: 0 };
        try {
          const r = await this.call(l, 'hubSync.now');
          return r.ok ? say(`sent ${(r.value as { sent: number }).sent}, received ${(r.value as { received: number }).received}, released ${(r.value as { released: number }).released}`) : answer(r);
        } finally {
          l.fault = { mode: 'none', at: 0, seen: 0 };
        }
      }
      case 'restartHub': {
        await this.hub.close();
        await this.startHub(this.port);
        return say('restarted');
      }
      case 'usbOut':
        return say(await this.usbOut(false));
      case 'usbIn':
        return say(await this.hubBundleTo(USB));
      case 'hubBundle':
        return say(await this.hubBundleTo(step.laptop));
      case 'replay': {
        const b = this.pick(this.bundles, step.pick);
        if (!b) return say('no bundle yet');
        say(`replaying a bundle from ${b.from === 'hub' ? 'the hub' : L(b.from)} to ${b.to === 'hub' ? 'the hub' : L(b.to)}: ${await this.load(b)}`);
        return;
      }
      case 'peerBundle': {
        const from = this.laptops[step.from];
        if (step.from === step.to || LAPTOPS[step.from].usbOnly) return say('skipped');
        // Everything it has (`all`): a network laptop's bundle cursor matters to no one.
        const r = await this.call(from, 'hubSync.exportBundle', { all: true });
        if (!r.ok) return answer(r);
        const b: SavedBundle = { from: step.from, to: step.to, bytes: (r.value as { bytes: Uint8Array }).bytes };
        this.bundles.push(b);
        return say(await this.load(b));
      }
      case 'clock': {
        l.clock.offsetMs = CLOCK_JUMPS[step.jump];
        return say('ok');
      }
      case 'createSentra': {
        const n = ++this.sentraCounter;
        const r = await this.call(l, 'sentra.save', { name: `Sentra ${L(step.laptop)} ${n}`, kind: 'kandidat', regencyCode: REGENCIES[step.regency], kbliDivision: '10' });
        if (r.ok) this.createdSentra.push((r.value as { id: string }).id);
        return r.ok ? say(`sentra ${(r.value as { id: string }).id.slice(-6)}`) : answer(r);
      }
      case 'moveSentra': {
        const row = this.pick(this.liveSentra(l), step.sentra);
        if (!row) return say('no sentra');
        const r = await this.call(l, 'sentra.save', { id: row.id, name: row.name, kind: row.kind, regencyCode: REGENCIES[step.regency], kbliDivision: row.kbli_division, product: row.product, notes: row.notes, status: row.status });
        return answer(r);
      }
      case 'assignSentra': {
        const site = this.pick(this.liveSites(l), step.pick);
        const sentra = this.pick(this.liveSentra(l), step.sentra);
        if (!site || !sentra) return say('no site or no sentra');
        return answer(await this.call(l, 'sentra.assign', { sentraId: sentra.id, siteIds: [site] }));
      }
    }
  }

  private record(visitId: string, l: Laptop, what: 'final' | 'amend', data: unknown): void {
    let r = this.finals.get(visitId);
    if (!r) this.finals.set(visitId, (r = { finals: [], amendments: [], where: [] }));
    (what === 'final' ? r.finals : r.amendments).push(leavesOf(data));
    r.where.push(`${what} on ${l.name}`);
  }

  /** The USB laptop's bundle to the hub (what changed since its last bundle, or everything). */
  private async usbOut(all: boolean): Promise<string> {
    const r = await this.call(this.laptops[USB], 'hubSync.exportBundle', { all });
    if (!r.ok) return `refused (${r.message})`;
    const b: SavedBundle = { from: USB, to: 'hub', bytes: (r.value as { bytes: Uint8Array }).bytes };
    this.bundles.push(b);
    return this.load(b);
  }

  /** The office's bundle for one laptop (`bundle export --device`), loaded by that laptop. */
  private async hubBundleTo(laptop: number): Promise<string> {
    const l = this.laptops[laptop];
    this.hub.settle();
    const b: SavedBundle = { from: 'hub', to: laptop, bytes: exportHubBundle(this.hub, { deviceId: l.deviceId }) };
    this.bundles.push(b);
    return this.load(b);
  }

  private async load(b: SavedBundle): Promise<string> {
    if (b.to === 'hub') {
      try {
        const r = importHubBundle(this.hub, b.bytes, { acceptNewDevice: true });
        return `hub stored ${r.stored}`;
      } catch (error) {
        const message = (error as Error).message;
        if (!/Paket|bundle/i.test(message)) this.internalErrors.push(`hub bundle import: ${message}`);
        return `refused (${message.slice(0, 80)})`;
      }
    }
    const r = await this.call(this.laptops[b.to], 'hubSync.importBundle', { bytes: b.bytes, acceptNewDevice: true });
    if (!r.ok) return `refused (${r.message})`;
    const v = r.value as { received: number; released: number };
    return `received ${v.received}, released ${v.released}`;
  }

  /**
   * Quiescence: clocks set right, no faults, every network laptop syncs and the USB laptop's
   * bundles go both ways, round after round until a round changes nothing (at most `maxRounds`).
   * Answers the syncs that still failed in the last round.
   */
  async quiesce(maxRounds = 6): Promise<Violation[]> {
    for (const l of this.laptops) l.clock.offsetMs = 0;
    let before = '';
    let failures: Violation[] = [];
    let settled = false;
    for (let round = 0; round < maxRounds && !settled; round++) {
      failures = [];
      for (const l of this.laptops) {
        if (LAPTOPS[l.index].usbOnly) {
          const out = await this.usbOut(true);
          if (out.startsWith('refused')) failures.push({ rule: 'sync-fails', detail: `USB bundle to the hub: ${out}` });
          const back = await this.hubBundleTo(USB);
          if (back.startsWith('refused')) failures.push({ rule: 'sync-fails', detail: `hub bundle to USB: ${back}` });
        } else {
          const r = await this.call(l, 'hubSync.now');
          if (!r.ok) failures.push({ rule: 'sync-fails', detail: `${l.name} cannot sync: ${r.message}` });
        }
      }
      this.hub.settle();
      const now = this.fingerprint();
      settled = now === before;
      before = now;
    }
    if (!settled) failures.push({ rule: 'no-quiescence', detail: `replicas still changed after ${maxRounds} rounds of full syncs` });
    this.note(`quiescence reached${failures.length ? `, with ${failures.length} failing syncs` : ''}`);
    return failures;
  }

  /** What changes while anything still moves: each replica's log size and rows. */
  private fingerprint(): string {
    const parts = [String(this.hub.store.lastSeq())];
    for (const db of [this.hub.core.db, ...this.laptops.map((l) => l.read)]) {
      parts.push(
        String(db.prepare('SELECT (SELECT count(*) FROM crdt_message) || \'/\' || (SELECT count(*) FROM site) || \'/\' || (SELECT count(*) FROM visit) || \'/\' || (SELECT count(*) FROM crdt_waiting)').pluck().get()),
      );
    }
    return parts.join('|');
  }

  /** Every rule of issue 19 item 6, checked with this file's own queries. */
  async check(): Promise<Violation[]> {
    this.hub.settle();
    const out: Violation[] = [];
    const add = (rule: string, detail: string) => out.push({ rule, detail });
    const hubDb = this.hub.core.db;
    const truth = mergeTruth(hubDb);

    // Nothing written anywhere is missing at the hub: every message of every laptop's log, every
    // site registered, every visit drafted.
    const hubHlcs = new Set(this.hub.store.db.prepare('SELECT hlc FROM message').pluck().all() as string[]);
    for (const l of this.laptops) {
      // Not the log's forget marks (no row), nor a change stamped far ahead that a re-stamped copy
      // replaced (held as 'superseded' by the clock fix of issue 19 item 4: never sent, by design).
      const logged = l.read.prepare(
        `SELECT m.hlc FROM crdt_message m JOIN crdt_row r ON r.no = m.row_no
          WHERE NOT EXISTS (SELECT 1 FROM crdt_held h WHERE h.seq = m.seq AND h.reason = 'superseded')`,
      );
      const missing = (logged.pluck().all() as Buffer[]).map(hlcFromBytes).filter((h) => !hubHlcs.has(h));
      if (missing.length) add('missing-at-hub', `${l.name}: ${missing.length} messages of its log never reached the hub (e.g. ${missing[0]})`);
    }
    const hubSites = new Set(hubDb.prepare('SELECT id FROM site').pluck().all() as string[]);
    for (const id of this.createdSites) if (!hubSites.has(id)) add('missing-at-hub', `site ${id} registered on a laptop is not at the hub`);
    const hubVisits = new Set(hubDb.prepare('SELECT id FROM visit').pluck().all() as string[]);
    for (const id of this.createdVisits) if (!hubVisits.has(id)) add('missing-at-hub', `visit ${id} drafted on a laptop is not at the hub`);

    // Each replica's derived merge state is the pure function of its merge rows.
    for (const [name, db] of [['hub', hubDb] as const, ...this.laptops.map((l) => [l.name, l.read] as const)]) {
      const own = mergeTruth(db);
      for (const row of db.prepare('SELECT id, merged_into FROM site').all() as { id: string; merged_into: string | null }[]) {
        const expected = own.survivor(row.id) === row.id ? null : own.survivor(row.id);
        if (row.merged_into !== expected) add('merge-derived', `${name}: site ${row.id} merged_into ${row.merged_into}, its merge rows say ${expected}`);
      }
    }

    // Each laptop holds exactly what its scope and its own writes say, in whole merge groups.
    for (const l of this.laptops) {
      const device = this.hub.store.device(l.deviceId)!;
      const scope = new Set(device.regencies);
      const inScope = [...hubSites].filter((s) => !scope.size || scope.has(truth.scopeRegency(s) ?? ''));
      const wrote = sitesWrittenBy(this.hub, l.replicaId);
      const lower = truth.closure(inScope);
      const upper = truth.closure([...inScope, ...wrote]);
      const held = new Set(l.read.prepare('SELECT id FROM site').pluck().all() as string[]);
      const lacking = [...lower].filter((s) => !held.has(s));
      const extra = [...held].filter((s) => !upper.has(s));
      if (lacking.length) add('holds-wrong', `${l.name} [${device.regencies.join(',') || 'province'}] lacks ${lacking.length} sites of its scope: ${lacking.map((s) => `${s} (${truth.scopeRegency(s)})`).slice(0, 3).join(', ')}`);
      if (extra.length) add('holds-wrong', `${l.name} [${device.regencies.join(',') || 'province'}] holds ${extra.length} sites neither in its scope nor written by it: ${extra.slice(0, 3).join(', ')}`);
      for (const s of held) {
        const split = truth.group(s).filter((m) => hubSites.has(m) && !held.has(m));
        if (split.length) add('holds-wrong', `${l.name} holds site ${s} but not ${split.join(', ')} of its merge group`);
      }
      const notAtHub = [...held].filter((s) => !hubSites.has(s));
      if (notAtHub.length) add('missing-at-hub', `${l.name} holds sites the hub lacks: ${notAtHub.slice(0, 3).join(', ')}`);

      // Each laptop's copy of every site it holds equals the hub's, field by field.
      for (const diff of compareCopies(l.read, hubDb, [...held])) add('copy-differs', `${l.name}: ${diff}`);
    }

    // Every sentra made anywhere is at the hub; each laptop holds every sentra of its scope's
    // regencies (by the hub's copy) exactly as the hub does (issue 18: a sentra belongs to its regency).
    const hubSentra = hubDb.prepare('SELECT * FROM sentra ORDER BY id').all() as (SentraCheckRow & Record<string, unknown>)[];
    const hubSentraIds = new Set(hubSentra.map((k) => k.id));
    for (const id of this.createdSentra) if (!hubSentraIds.has(id)) add('missing-at-hub', `sentra ${id} made on a laptop is not at the hub`);
    for (const l of this.laptops) {
      const scope = new Set(this.hub.store.device(l.deviceId)!.regencies);
      for (const k of hubSentra) {
        if (scope.size && !scope.has(k.regency_code)) continue;
        const mine = l.read.prepare('SELECT * FROM sentra WHERE id = ?').get(k.id) as Record<string, unknown> | undefined;
        if (!mine) {
          add('sentra-scope', `${l.name} [${[...scope].join(',') || 'province'}] lacks sentra ${k.id} of ${k.regency_code}`);
          continue;
        }
        const differs = Object.keys(k).filter((c) => JSON.stringify(k[c]) !== JSON.stringify(mine[c]));
        if (differs.length) add('sentra-scope', `${l.name}: sentra ${k.id} ${differs.map((c) => `${c}: laptop ${JSON.stringify(mine[c])}, hub ${JSON.stringify(k[c])}`).join('; ')}`);
      }
    }

    // Every visit finalized anywhere is final wherever its site is held, and changed only by amendments.
    for (const [visitId, record] of this.finals) {
      const hubRow = hubDb.prepare('SELECT site_id, status, deleted, data FROM visit WHERE id = ?').get(visitId) as VisitCheckRow | undefined;
      const problems = finalVisitProblems('hub', hubRow, record);
      for (const l of this.laptops) {
        const row = l.read.prepare('SELECT site_id, status, deleted, data FROM visit WHERE id = ?').get(visitId) as VisitCheckRow | undefined;
        const held = hubRow && l.read.prepare('SELECT 1 FROM site WHERE id = ?').get(hubRow.site_id);
        if (held || row) problems.push(...finalVisitProblems(l.name, row, record));
      }
      for (const p of problems) add('final-visit', `visit ${visitId} (${record.where.join(', ')}): ${p}`);
    }

    // Issue 18: every follow-up marked and every decision made reached the hub; each final visit's
    // review state is the rule over its own rows (the latest decision stands only for the revision
    // it reviewed: an amendment crossing it puts the visit back in review), on every replica.
    const hubFollowUps = new Set(hubDb.prepare('SELECT id FROM follow_up').pluck().all() as string[]);
    for (const id of this.followUps) if (!hubFollowUps.has(id)) add('missing-at-hub', `follow-up ${id} marked on a laptop is not at the hub`);
    const hubReviewed = new Set(hubDb.prepare('SELECT DISTINCT visit_id FROM visit_review').pluck().all() as string[]);
    for (const id of this.reviewed) if (!hubReviewed.has(id)) add('missing-at-hub', `the review of visit ${id} is not at the hub`);
    for (const [name, db] of [['hub', hubDb] as const, ...this.laptops.map((l) => [l.name, l.read] as const)]) {
      const rows = db
        .prepare(
          `SELECT v.id, v.status, v.review_state,
                  (SELECT r.decision FROM visit_review r WHERE r.visit_id = v.id ORDER BY r.decided_at DESC, r.id DESC LIMIT 1) AS decision,
                  (SELECT coalesce(r.revision_id, '') FROM visit_review r WHERE r.visit_id = v.id ORDER BY r.decided_at DESC, r.id DESC LIMIT 1) AS reviewed,
                  coalesce((SELECT x.id FROM visit_revision x WHERE x.visit_id = v.id ORDER BY x.changed_at DESC, x.id DESC LIMIT 1), '') AS latest
             FROM visit v WHERE v.deleted = 0`,
        )
        .all() as { id: string; status: string; review_state: string | null; decision: string | null; reviewed: string | null; latest: string }[];
      for (const v of rows) {
        const expected = v.status !== 'final' ? null : v.decision && v.reviewed === v.latest ? v.decision : 'pending';
        if (v.review_state !== expected) add('review-state', `${name}: visit ${v.id} review_state ${v.review_state}, its rows say ${expected}`);
      }
    }

    // Nothing waits that could apply; and at quiescence nothing waits at all.
    for (const [name, db] of [['hub', hubDb] as const, ...this.laptops.map((l) => [l.name, l.read] as const)]) {
      for (const w of db.prepare('SELECT tbl, row_id, parent_tbl, parent_id FROM crdt_waiting').all() as { tbl: string; row_id: string; parent_tbl: string; parent_id: string }[]) {
        const parentHere = /^(site|visit|wilayah)$/.test(w.parent_tbl) && db.prepare(`SELECT 1 FROM ${w.parent_tbl} WHERE id = ?`).get(w.parent_id);
        add('waiting', `${name}: ${w.tbl} ${w.row_id} waits for ${w.parent_tbl || 'its required cells'} ${w.parent_id}${parentHere ? ', which is here: it could apply' : ''}`);
      }
    }

    // sync.verify (issue 19 item 5) must be clean on every laptop and on the hub's own core.
    for (const l of this.laptops) {
      const r = await this.call(l, 'sync.verify', { examples: 5 });
      if (!r.ok) add('verify', `${l.name}: sync.verify refused: ${r.message}`);
      else if (!(r.value as { clean: boolean }).clean) add('verify', `${l.name}: sync.verify reports ${JSON.stringify(r.value).slice(0, 400)}`);
    }
    const hubReport = this.hub.core.sync.verify({ examples: 5 });
    if (!hubReport.clean) add('verify', `hub: sync.verify reports ${JSON.stringify(hubReport).slice(0, 400)}`);

    for (const e of this.internalErrors) add('internal-error', e);
    return out;
  }
}

interface SentraCheckRow {
  id: string;
  name: string;
  kind: string;
  regency_code: string;
  kbli_division: string | null;
  product: string | null;
  notes: string | null;
  status: string;
}

interface VisitCheckRow {
  site_id: string;
  status: string;
  deleted: number;
  data: string;
}

function finalVisitProblems(where: string, row: VisitCheckRow | undefined, record: FinalRecord): string[] {
  if (!row) return [`missing on ${where}`];
  const problems: string[] = [];
  if (row.deleted) problems.push(`deleted on ${where}`);
  if (row.status !== 'final') problems.push(`status ${row.status} on ${where}`);
  const leaves = leavesOf(JSON.parse(row.data));
  const written = [...record.finals, ...record.amendments];
  if (!record.amendments.length) {
    // No amendment: exactly what a finalize wrote.
    if (!record.finals.some((f) => sameLeaves(f, leaves))) {
      const f = record.finals[0];
      const changed = [...new Set([...f.keys(), ...leaves.keys()])].filter((k) => f.get(k) !== leaves.get(k));
      problems.push(`on ${where} it changed without an amendment: ${changed.map((k) => `${k} ${f.get(k)} → ${leaves.get(k)}`).slice(0, 3).join('; ')}`);
    }
  } else {
    // Amendments from several laptops merge per field: each field holds a value some finalize or amendment wrote.
    for (const [k, v] of leaves) if (!written.some((w) => w.get(k) === v)) problems.push(`on ${where} ${k} = ${v}, which no finalize or amendment wrote`);
  }
  return problems;
}

const sameLeaves = (a: Map<string, string>, b: Map<string, string>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/**
 * The merge rules computed from a replica's site_merge rows by this file: a loser lives on its
 * latest merge's survivor (latest merged_at, then id), followed to the end (a cycle ends on its
 * smallest id); a group is every site merges tie together; a site's scope regency is its final
 * survivor's regency.
 */
function mergeTruth(db: Database.Database) {
  const merges = db.prepare('SELECT id, survivor_id, loser_id, merged_at FROM site_merge').all() as { id: string; survivor_id: string; loser_id: string; merged_at: string }[];
  const latest = new Map<string, { id: string; survivor_id: string; merged_at: string }>();
  const partners = new Map<string, Set<string>>();
  for (const m of merges) {
    const cur = latest.get(m.loser_id);
    if (!cur || m.merged_at > cur.merged_at || (m.merged_at === cur.merged_at && m.id > cur.id)) latest.set(m.loser_id, m);
    for (const [a, b] of [[m.survivor_id, m.loser_id], [m.loser_id, m.survivor_id]]) {
      if (!partners.has(a)) partners.set(a, new Set());
      partners.get(a)!.add(b);
    }
  }
  const regency = new Map((db.prepare('SELECT id, regency_code FROM site').all() as { id: string; regency_code: string }[]).map((r) => [r.id, r.regency_code]));
  const survivor = (site: string): string => {
    const seen = [site];
    for (let current = site; ; ) {
      const next = latest.get(current)?.survivor_id;
      if (!next) return current;
      if (seen.includes(next)) return seen.slice(seen.indexOf(next)).sort()[0];
      seen.push(next);
      current = next;
    }
  };
  const group = (site: string): string[] => {
    const found = new Set([site]);
    const queue = [site];
    while (queue.length) {
      for (const p of partners.get(queue.pop()!) ?? []) {
        if (!found.has(p)) {
          found.add(p);
          queue.push(p);
        }
      }
    }
    return [...found];
  };
  return {
    survivor,
    group,
    scopeRegency: (site: string) => regency.get(survivor(site)) ?? regency.get(site),
    closure: (sites: Iterable<string>) => new Set([...sites].flatMap(group)),
  };
}

/** The sites whose rows (site, visits, revisions, attachments, merges) a replica wrote, as the hub knows them. */
function sitesWrittenBy(hub: Hub, replicaId: string): string[] {
  const rows = hub.store.db.prepare("SELECT DISTINCT tbl, row_id FROM message WHERE replica = ? AND tbl IN ('site', 'site_merge', 'visit', 'visit_revision', 'attachment', 'follow_up', 'visit_review')").all(replicaId) as { tbl: string; row_id: string }[];
  const db = hub.core.db;
  const visitSite = (id: string) => db.prepare('SELECT site_id FROM visit WHERE id = ?').pluck().get(id) as string | undefined;
  const sites = new Set<string>();
  for (const r of rows) {
    if (r.tbl === 'site') sites.add(r.row_id);
    else if (r.tbl === 'visit') sites.add(visitSite(r.row_id) ?? '');
    else if (r.tbl === 'site_merge') for (const s of db.prepare('SELECT survivor_id, loser_id FROM site_merge WHERE id = ?').raw().get(r.row_id) as string[] | undefined ?? []) sites.add(s);
    else {
      const visit = db.prepare(`SELECT visit_id FROM ${r.tbl} WHERE id = ?`).pluck().get(r.row_id) as string | undefined;
      if (visit) sites.add(visitSite(visit) ?? '');
    }
  }
  sites.delete('');
  return [...sites];
}

/** The rows of the given sites, table by table, as `table id → row` (every column). */
function rowsOfSites(db: Database.Database, sites: string[]): Map<string, Record<string, unknown>> {
  const json = JSON.stringify(sites);
  const inSites = '(SELECT value FROM json_each(?))';
  const out = new Map<string, Record<string, unknown>>();
  const put = (table: string, rows: Record<string, unknown>[], key = 'id') => rows.forEach((r) => out.set(`${table} ${r[key]}`, r));
  put('site', db.prepare(`SELECT * FROM site WHERE id IN ${inSites}`).all(json) as Record<string, unknown>[]);
  put('visit', db.prepare(`SELECT * FROM visit WHERE site_id IN ${inSites}`).all(json) as Record<string, unknown>[]);
  put('visit_revision', db.prepare(`SELECT r.* FROM visit_revision r JOIN visit v ON v.id = r.visit_id WHERE v.site_id IN ${inSites}`).all(json) as Record<string, unknown>[]);
  put('attachment', db.prepare(`SELECT a.* FROM attachment a JOIN visit v ON v.id = a.visit_id WHERE v.site_id IN ${inSites}`).all(json) as Record<string, unknown>[]);
  put('site_merge', db.prepare(`SELECT * FROM site_merge WHERE survivor_id IN ${inSites} OR loser_id IN ${inSites}`).all(json, json) as Record<string, unknown>[]);
  put('site_fact', db.prepare(`SELECT * FROM site_fact WHERE site_id IN ${inSites}`).all(json) as Record<string, unknown>[]);
  // Issue 18: follow-ups, review decisions and the recommendations a final visit lists.
  put('follow_up', db.prepare(`SELECT f.* FROM follow_up f JOIN visit v ON v.id = f.visit_id WHERE v.site_id IN ${inSites}`).all(json) as Record<string, unknown>[]);
  put('visit_review', db.prepare(`SELECT r.* FROM visit_review r JOIN visit v ON v.id = r.visit_id WHERE v.site_id IN ${inSites}`).all(json) as Record<string, unknown>[]);
  put(
    'visit_recommendation',
    db.prepare(`SELECT r.*, r.visit_id || ':' || r.rec_key AS id FROM visit_recommendation r JOIN visit v ON v.id = r.visit_id WHERE v.site_id IN ${inSites}`).all(json) as Record<string, unknown>[],
  );
  return out;
}

/** Columns that are not the record's but the replica's own bookkeeping. */
const LOCAL_COLUMNS = new Set<string>([]);

/** Where a laptop's copy of its sites differs from the hub's (rows either side, then columns). */
function compareCopies(laptop: Database.Database, hub: Database.Database, sites: string[]): string[] {
  const mine = rowsOfSites(laptop, sites);
  const theirs = rowsOfSites(hub, sites);
  const diffs: string[] = [];
  for (const [key, row] of mine) {
    const other = theirs.get(key);
    if (!other) {
      diffs.push(`${key} is on the laptop, not at the hub`);
      continue;
    }
    for (const column of Object.keys(row)) {
      if (LOCAL_COLUMNS.has(column)) continue;
      if (JSON.stringify(row[column]) !== JSON.stringify(other[column])) {
        diffs.push(`${key} ${column}: laptop ${JSON.stringify(row[column])?.slice(0, 80)}, hub ${JSON.stringify(other[column])?.slice(0, 80)}`);
      }
    }
  }
  for (const key of theirs.keys()) if (!mine.has(key)) diffs.push(`${key} is at the hub, not on the laptop`);
  return diffs;
}

/** One history on a fresh hub and laptops: the broken rules, what each step did, and how long it took. */
export async function runHistory(steps: readonly Step[]): Promise<{ violations: Violation[]; trace: string[]; ms: number }> {
  const started = performance.now();
  const world = await SystemWorld.open();
  try {
    for (const s of steps) await world.run(s);
    const failing = await world.quiesce();
    const violations = [...failing, ...(await world.check())];
    return { violations, trace: world.trace, ms: performance.now() - started };
  } finally {
    await world.close();
  }
}

/** The broken rules as a report: rule by rule, a few examples each. */
export function report(violations: Violation[]): string {
  const byRule = new Map<string, string[]>();
  for (const v of violations) byRule.set(v.rule, [...(byRule.get(v.rule) ?? []), v.detail]);
  return [...byRule].map(([rule, details]) => `  [${rule}] ×${details.length}\n${details.slice(0, 5).map((d) => `      ${d}`).join('\n')}`).join('\n');
}
