import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SiteInput } from '../model/site';
import type { ChangeMessage } from '../model/sync';
import { anInventarisasi, openReplicas, sendAll, siteInput, VILLAGES, type TestReplica } from '../test-support';
import { hlcFromBytes } from './hlc';
import { isFormCell } from '../model/visit-lifecycle';

/**
 * 3–5 laptops make random changes with drifting clocks and exchange messages directly, in random
 * subsets, orders and duplicates. After a full exchange every replica must hold the same data,
 * lose nothing, agree on conflicts exactly where edits were concurrent, and share no visit number.
 * `npm test` runs a few hundred cases; `npm run soak` thousands (IKM_SOAK_RUNS).
 */
const RUNS = Number(process.env.IKM_SOAK_RUNS ?? 200);
const CONFIRM = { duplicate: true, outsideProvince: true };
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

type Op =
  | { kind: 'createSite'; name: number; village: number; phone: number }
  | { kind: 'editSite'; pick: number; field: 'phone' | 'products' | 'workers' | 'status'; value: number }
  | { kind: 'archive'; pick: number; restore: boolean }
  | { kind: 'merge'; pick: number; other: number }
  | { kind: 'draft'; pick: number; workers: number }
  | { kind: 'editDraft'; pick: number; phone: number }
  | { kind: 'finalize'; pick: number }
  | { kind: 'amend'; pick: number; field: 'phone' | 'female' | 'status'; value: number }
  | { kind: 'attach'; pick: number }
  | { kind: 'detach'; pick: number }
  | { kind: 'resolve'; pick: number; restore: boolean }
  | { kind: 'clock'; offsetMinutes: number };

const NAMES = ['Amplang Mama Ani', 'Rotan Indah', 'Karet Marang Kayu', 'Amplang Mama Ani Samarinda', 'Tenun Ulap Doyo'];
const VILLAGE_LIST = [VILLAGES.samarinda, VILLAGES.balikpapan, VILLAGES.marangKayu];
const STATUSES = ['aktif', 'berhenti_sementara', 'tidak_beroperasi', 'tutup'] as const;

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('createSite' as const), name: fc.nat(), village: fc.nat(), phone: fc.nat(3) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('editSite' as const), pick: fc.nat(), field: fc.constantFrom('phone' as const, 'products' as const, 'workers' as const, 'status' as const), value: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('archive' as const), pick: fc.nat(), restore: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('merge' as const), pick: fc.nat(), other: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('draft' as const), pick: fc.nat(), workers: fc.nat(30) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('editDraft' as const), pick: fc.nat(), phone: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('finalize' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('amend' as const), pick: fc.nat(), field: fc.constantFrom('phone' as const, 'female' as const, 'status' as const), value: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('attach' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('detach' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat(), restore: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clock' as const), offsetMinutes: fc.integer({ min: -180, max: 180 }) }) },
);

type Step =
  | { kind: 'op'; replica: number; op: Op }
  | { kind: 'exchange'; from: number; to: number; subset: number[]; duplicate: boolean; reverse: boolean };

const stepArb = (replicas: number): fc.Arbitrary<Step> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('op' as const), replica: fc.nat(replicas - 1), op: opArb }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('exchange' as const),
        from: fc.nat(replicas - 1),
        to: fc.nat(replicas - 1),
        subset: fc.array(fc.nat(), { maxLength: 8 }),
        duplicate: fc.boolean(),
        reverse: fc.boolean(),
      }),
    },
  );

const scenarioArb = fc.integer({ min: 3, max: 5 }).chain((n) => fc.tuple(fc.constant(n), fc.array(stepArb(n), { minLength: 5, maxLength: 40 })));

const pick = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);

/** What the test itself saw made: final visits and live attachments must survive everywhere. */
interface Made {
  finals: Set<string>;
  attachments: Set<string>;
}

/** Runs one operation; a refusal by the app's own rules (e.g. amending a draft) is fine and changes nothing. */
function run(r: TestReplica, op: Op, made: Made): void {
  const core = r.core;
  const liveSites = core.db.prepare('SELECT id FROM site WHERE deleted = 0 ORDER BY id').pluck().all() as string[];
  const anySite = core.db.prepare('SELECT id FROM site ORDER BY id').pluck().all() as string[];
  const drafts = core.db.prepare("SELECT id, site_id FROM visit WHERE status = 'draft' AND deleted = 0 ORDER BY id").all() as { id: string; site_id: string }[];
  const finals = core.db.prepare("SELECT id FROM visit WHERE status = 'final' ORDER BY id").pluck().all() as string[];
  const live = core.db.prepare('SELECT id FROM visit WHERE deleted = 0 ORDER BY id').pluck().all() as string[];
  try {
    switch (op.kind) {
      case 'createSite':
        core.sites.create(SiteInput.parse(siteInput({ name: NAMES[op.name % NAMES.length], villageCode: VILLAGE_LIST[op.village % 3], phone: `0541 ${op.phone}000` })), CONFIRM);
        break;
      case 'editSite': {
        const id = pick(liveSites, op.pick);
        if (!id) break;
        const s = core.sites.get(id);
        const input = { ...siteInput(), name: s.name, villageCode: s.villageCode, phone: s.phone, products: s.products, workers: s.workers, operatingStatus: s.operatingStatus, certificates: s.certificates };
        if (op.field === 'phone') input.phone = `0811 ${op.value}`;
        if (op.field === 'products') input.products = `Produk ${op.value}`;
        if (op.field === 'workers') input.workers = op.value * 7;
        if (op.field === 'status') input.operatingStatus = STATUSES[op.value];
        core.sites.update(id, SiteInput.parse(input), CONFIRM);
        break;
      }
      case 'archive': {
        const id = pick(anySite, op.pick);
        if (id) (op.restore ? core.sites.restore : core.sites.archive)(id);
        break;
      }
      case 'merge': {
        const a = pick(liveSites, op.pick);
        const b = pick(liveSites, op.other);
        if (a && b && a !== b) core.sites.merge(a, b, 'test');
        break;
      }
      case 'draft': {
        const id = pick(liveSites, op.pick);
        if (id) core.visits.saveDraft({ siteId: id, data: anInventarisasi({ workforce: { male: op.workers, female: 1 } }) as never }, r.officer);
        break;
      }
      case 'editDraft': {
        const d = pick(drafts, op.pick);
        if (!d) break;
        const data = core.visits.get(d.id).data;
        core.visits.saveDraft({ id: d.id, siteId: d.site_id, data: { ...data, kind: 'inventarisasi', respondent: { name: 'Pak Rahmat', phone: `0812 ${op.phone}` } } }, r.officer);
        break;
      }
      case 'finalize': {
        const d = pick(drafts, op.pick);
        if (d) {
          core.visits.finalize(d.id);
          made.finals.add(d.id);
        }
        break;
      }
      case 'amend': {
        const id = pick(finals, op.pick);
        if (!id) break;
        const data = core.visits.get(id).data as Record<string, unknown>;
        const next = { ...data };
        if (op.field === 'phone') next.respondent = { ...(data.respondent as object), phone: `0899 ${op.value}` };
        if (op.field === 'female') next.workforce = { ...(data.workforce as object), female: op.value + 2 };
        if (op.field === 'status') next.operatingStatus = STATUSES[op.value];
        core.visits.amend(id, next, 'Perbaikan data', r.officer);
        break;
      }
      case 'attach': {
        const id = pick(live, op.pick);
        if (!id) break;
        const a = core.attachments.add({ visitId: id, kind: 'photo', role: null, fileName: 'foto.png', mime: 'image/png', bytes: PNG, thumbnail: null, metadata: null }, r.officer);
        made.attachments.add(a.id);
        break;
      }
      case 'detach': {
        const ids = core.db.prepare("SELECT a.id FROM attachment a JOIN visit v ON v.id = a.visit_id WHERE a.deleted = 0 AND a.kind = 'photo' ORDER BY a.id").pluck().all() as string[];
        const id = pick(ids, op.pick);
        if (id) {
          core.attachments.remove(id, r.officer);
          made.attachments.delete(id);
        }
        break;
      }
      case 'resolve': {
        const conflict = pick(core.sync.conflicts(), op.pick);
        if (conflict) core.sync.resolveConflict(conflict.id, op.restore ? 'restore' : 'keep', 'test');
        break;
      }
      case 'clock':
        // Drift and jumps back: the HLC must stay monotonic and unique regardless.
        r.clock.offsetMs = op.offsetMinutes * 60_000;
        break;
    }
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AppError')) throw error;
  }
}

function exchange(from: TestReplica, to: TestReplica, step: Extract<Step, { kind: 'exchange' }>): void {
  const all = from.core.sync.pending({ after: 0, limit: Number.MAX_SAFE_INTEGER, ownOnly: false }).messages;
  if (all.length === 0) return;
  // A random subset: a few random runs of the log (a cut connection, part of a USB bundle).
  let chosen: ChangeMessage[] = step.subset.length ? step.subset.flatMap((n, i) => all.slice(n % all.length, (n % all.length) + 5 + i * 7)) : all;
  if (step.duplicate) chosen = [...chosen, ...chosen.slice(0, Math.ceil(chosen.length / 2))];
  if (step.reverse) chosen = [...chosen].reverse();
  to.core.sync.apply(chosen);
}

const SYNCED = ['officer', 'replica', 'wilayah', 'wilayah_regency', 'site', 'site_merge', 'visit', 'visit_revision', 'attachment', 'conflict_ack', 'site_fact'];

/** Everything a person could see, and every derived value, as plain rows (rowids left out). */
function snapshot(r: TestReplica): Record<string, unknown[]> {
  const db = r.core.db;
  const out: Record<string, unknown[]> = {};
  for (const table of SYNCED) {
    const key = table === 'wilayah_regency' ? 'regency_code' : 'id';
    out[table] = db.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all();
  }
  out.search = db.prepare('SELECT s.id, f.name, f.owner, f.products, f.area FROM site_fts f JOIN site s ON s.rowid = f.rowid ORDER BY s.id').all();
  out.tally = db.prepare('SELECT * FROM visit_tally WHERE n > 0 ORDER BY 1, 2, 3, 4').all();
  out.monthTally = db.prepare('SELECT * FROM visit_month_tally WHERE n > 0 ORDER BY 1, 2, 3, 4').all();
  out.conflicts = db
    .prepare(
      `SELECT l.hlc AS loser_hlc, r.tbl, r.row_id, k.name AS col, w.hlc AS winner_hlc
         FROM crdt_conflict c JOIN crdt_message l ON l.seq = c.loser JOIN crdt_message w ON w.seq = c.winner
         JOIN crdt_row r ON r.no = l.row_no JOIN crdt_column k ON k.no = l.col_no ORDER BY l.hlc`,
    )
    .all()
    .map((c) => {
      const row = c as { loser_hlc: Buffer; winner_hlc: Buffer };
      return { ...row, loser_hlc: hlcFromBytes(row.loser_hlc), winner_hlc: hlcFromBytes(row.winner_hlc) };
    });
  return out;
}

/**
 * The oracle for conflicts, from the whole set of messages rather than incrementally: in each
 * cell, a message no other message built on (a head) that is not the winner, has another value
 * and was not settled by a person, is a conflict. With a full exchange, heads other than the
 * winner exist exactly where two edits of one cell were made without seeing each other.
 */
function expectedConflicts(messages: ChangeMessage[], acked: Set<string>): string[] {
  const byCell = new Map<string, ChangeMessage[]>();
  for (const m of messages) {
    const key = `${m.table}\u0000${m.row}\u0000${m.column}`;
    const list = byCell.get(key) ?? [];
    list.push(m);
    byCell.set(key, list);
  }
  const losers: string[] = [];
  for (const list of byCell.values()) {
    const parents = new Set(list.map((m) => m.prevHlc).filter(Boolean));
    const winner = list.reduce((a, b) => (a.hlc > b.hlc ? a : b));
    for (const m of list) {
      if (m !== winner && !parents.has(m.hlc) && m.value !== winner.value && !acked.has(m.hlc)) losers.push(m.hlc);
    }
  }
  return losers.sort();
}

test(`replication: ${RUNS} random histories on 3–5 laptops converge, lose nothing, and flag exactly the concurrent edits`, { timeout: 30 * 60_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(scenarioArb, async ([count, steps]) => {
      const { replicas, dispose } = await openReplicas(count);
      try {
        const made: Made = { finals: new Set(), attachments: new Set() };
        for (const step of steps) {
          if (step.kind === 'op') run(replicas[step.replica], step.op, made);
          else if (step.from !== step.to) exchange(replicas[step.from], replicas[step.to], step);
        }
        // The final full exchange: every replica sends its whole log to every other.
        for (const from of replicas) for (const to of replicas) if (from !== to) sendAll(from, to);

        const first = snapshot(replicas[0]);
        for (const r of replicas.slice(1)) assert.deepEqual(snapshot(r), first, 'every replica holds the same data');

        const messages = replicas[0].core.sync.pending({ after: 0, limit: Number.MAX_SAFE_INTEGER, ownOnly: false }).messages;
        const acked = new Set((first.conflict_ack as { id: string }[]).map((a) => a.id));
        // A final visit's form follows the lifecycle rule (db/model/visit-lifecycle.ts, tested in
        // lifecycle.property.test.ts), not plain LWW: its cells are left out of this oracle.
        const finalVisits = new Set((first.visit as { id: string; status: string }[]).filter((v) => v.status === 'final').map((v) => v.id));
        const byLifecycle = (table: string, row: string, column: string) => table === 'visit' && finalVisits.has(row) && isFormCell(column);
        assert.deepEqual(
          (first.conflicts as { loser_hlc: string; tbl: string; row_id: string; col: string }[]).filter((c) => !byLifecycle(c.tbl, c.row_id, c.col)).map((c) => c.loser_hlc),
          expectedConflicts(messages.filter((m) => !byLifecycle(m.table, m.row, m.column)), acked),
        );

        const visits = new Map((first.visit as { id: string; status: string; number: string }[]).map((v) => [v.id, v]));
        for (const id of made.finals) assert.equal(visits.get(id)?.status, 'final', `final visit ${id} kept`);
        const attachments = new Map((first.attachment as { id: string; deleted: number }[]).map((a) => [a.id, a]));
        for (const id of made.attachments) assert.equal(attachments.get(id)?.deleted, 0, `attachment ${id} kept`);
        const numbers = [...visits.values()].map((v) => v.number);
        assert.equal(new Set(numbers).size, numbers.length, 'no two visits share a number');
        for (const r of replicas) assert.equal(r.core.sync.info().waitingRows, 0, 'nothing left waiting after a full exchange');
      } finally {
        dispose();
      }
    }),
    { numRuns: RUNS, seed: process.env.IKM_SOAK_SEED ? Number(process.env.IKM_SOAK_SEED) : undefined, verbose: 1 },
  );
});
