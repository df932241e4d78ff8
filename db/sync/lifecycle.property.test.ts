import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SiteInput } from '../model/site';
import type { ChangeMessage } from '../model/sync';
import { flattenDocument } from './values';
import { anInventarisasi, openReplicas, sendAll, siteInput, VILLAGES, type TestReplica } from '../test-support';

/**
 * Issue 19: random interleavings of draft edits, finalizations, discards, amendments and merges
 * on 3 laptops that exchange random parts of their logs in random orders. After a full exchange
 * every replica must show the same visits (status, deleted, form) and merges; a visit finalized
 * anywhere is final and not deleted everywhere; and a final visit says only what a finalization
 * or an amendment wrote (a draft edit the finalizer had not seen is never applied in place).
 * `npm test` runs a few dozen histories; IKM_SOAK_RUNS sets more.
 */
const RUNS = Number(process.env.IKM_SOAK_RUNS ?? 60);
const CONFIRM = { duplicate: true, outsideProvince: true };
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

type Op =
  | { kind: 'draft'; pick: number }
  | { kind: 'editDraft'; pick: number; value: number; coordinates: boolean }
  | { kind: 'finalize'; pick: number }
  | { kind: 'discard'; pick: number }
  | { kind: 'amend'; pick: number; value: number; field: 'findings' | 'female' | 'refusal' }
  | { kind: 'attach'; pick: number }
  | { kind: 'detach'; pick: number }
  | { kind: 'merge'; pick: number; other: number }
  | { kind: 'resolve'; pick: number; restore: boolean }
  | { kind: 'clock'; offsetMinutes: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('draft' as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('editDraft' as const), pick: fc.nat(), value: fc.nat(5), coordinates: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('finalize' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('discard' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('amend' as const), pick: fc.nat(), value: fc.nat(5), field: fc.constantFrom('findings' as const, 'female' as const, 'refusal' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('attach' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('detach' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('merge' as const), pick: fc.nat(), other: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat(), restore: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clock' as const), offsetMinutes: fc.integer({ min: -30, max: 30 }) }) },
);

type Step =
  | { kind: 'op'; replica: number; op: Op }
  | { kind: 'exchange'; from: number; to: number; start: number; length: number; reverse: boolean };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('op' as const), replica: fc.nat(2), op: opArb }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('exchange' as const), from: fc.nat(2), to: fc.nat(2), start: fc.nat(), length: fc.integer({ min: 1, max: 400 }), reverse: fc.boolean() }),
  },
);

const pick = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);

/** What the test saw written: visits finalized somewhere, and every form and attachment a finalization or amendment left. */
interface Made {
  finals: Set<string>;
  /** visit id → "path=value" of every leaf, and "attachment=id" of every attachment, some finalization or amendment left. */
  stated: Map<string, Set<string>>;
}

const leafKeys = (data: Record<string, unknown>): string[] => [...flattenDocument(data)].map(([p, v]) => `${p}=${JSON.stringify(v)}`);

/** What a finalization or amendment on `r` left the visit saying: its form's leaves and its attachments. */
function state(made: Made, r: TestReplica, id: string): void {
  let set = made.stated.get(id);
  if (!set) made.stated.set(id, (set = new Set()));
  for (const k of leafKeys(r.core.visits.get(id).data)) set.add(k);
  for (const a of r.core.attachments.list(id)) set.add(`attachment=${a.id}`);
}

function run(r: TestReplica, op: Op, made: Made, n: number): void {
  const core = r.core;
  const liveSites = core.db.prepare('SELECT id FROM site WHERE deleted = 0 ORDER BY id').pluck().all() as string[];
  const drafts = core.db.prepare("SELECT id, site_id FROM visit WHERE status = 'draft' AND deleted = 0 ORDER BY id").all() as { id: string; site_id: string }[];
  const finals = core.db.prepare("SELECT id FROM visit WHERE status = 'final' AND deleted = 0 ORDER BY id").pluck().all() as string[];
  try {
    switch (op.kind) {
      case 'draft': {
        const site = pick(liveSites, op.pick);
        if (site) core.visits.saveDraft({ siteId: site, data: anInventarisasi({ findings: `Awal ${n}` }) as never }, r.officer);
        break;
      }
      case 'editDraft': {
        const d = pick(drafts, op.pick);
        if (!d) break;
        const data = { ...core.visits.get(d.id).data, kind: 'inventarisasi' as const, findings: `Draf ${n}-${op.value}` };
        if (op.coordinates) Object.assign(data, { latitude: -0.5 - op.value / 10, longitude: 117 });
        core.visits.saveDraft({ id: d.id, siteId: d.site_id, data }, r.officer);
        break;
      }
      case 'finalize': {
        const d = pick(drafts, op.pick);
        if (!d) break;
        core.visits.finalize(d.id);
        made.finals.add(d.id);
        state(made, r, d.id);
        break;
      }
      case 'discard': {
        const d = pick(drafts, op.pick);
        if (d) core.visits.discardDraft(d.id);
        break;
      }
      case 'amend': {
        const id = pick(finals, op.pick);
        if (!id) break;
        const data = { ...core.visits.get(id).data } as Record<string, unknown>;
        if (op.field === 'findings') data.findings = `Amendemen ${n}-${op.value}`;
        if (op.field === 'female') data.workforce = { ...(data.workforce as object), female: 100 + n };
        if (op.field === 'refusal') data.signatureRefusal = `Menolak ${n}`;
        core.visits.amend(id, data, 'Perbaikan', r.officer);
        state(made, r, id);
        break;
      }
      case 'attach': {
        const id = pick([...drafts.map((d) => d.id), ...finals], op.pick);
        if (!id) break;
        core.attachments.add({ visitId: id, kind: 'photo', role: null, fileName: 'foto.png', mime: 'image/png', bytes: PNG, thumbnail: null, metadata: null }, r.officer);
        if (finals.includes(id)) state(made, r, id);
        break;
      }
      case 'detach': {
        const live = core.db.prepare('SELECT id, visit_id FROM attachment WHERE deleted = 0 ORDER BY id').all() as { id: string; visit_id: string }[];
        const a = pick(live, op.pick);
        if (!a) break;
        core.attachments.remove(a.id, r.officer);
        if (finals.includes(a.visit_id)) state(made, r, a.visit_id);
        break;
      }
      case 'merge': {
        const a = pick(liveSites, op.pick);
        const b = pick(liveSites, op.other);
        if (a && b && a !== b) core.sites.merge(a, b, 'test');
        break;
      }
      case 'resolve': {
        const conflict = pick(core.sync.conflicts(), op.pick);
        if (!conflict) break;
        core.sync.resolveConflict(conflict.id, op.restore ? 'restore' : 'keep', 'test');
        // A value restored on a final visit is an amendment: what it shows now was stated by a person.
        const visitId = conflict.table === 'visit' ? conflict.rowId : core.attachments.visitOf(conflict.rowId);
        if (op.restore && visitId && finals.includes(visitId)) state(made, r, visitId);
        break;
      }
      case 'clock':
        r.clock.offsetMs = op.offsetMinutes * 60_000;
        break;
    }
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AppError')) throw error;
  }
}

function exchange(from: TestReplica, to: TestReplica, step: Extract<Step, { kind: 'exchange' }>): void {
  const all: ChangeMessage[] = from.core.sync.pending({ after: 0, limit: Number.MAX_SAFE_INTEGER, ownOnly: false }).messages;
  if (!all.length) return;
  const start = step.start % all.length;
  const chosen = all.slice(start, start + step.length);
  to.core.sync.apply(step.reverse ? chosen.reverse() : chosen);
}

/** What every replica must agree on. */
function snapshot(r: TestReplica) {
  const db = r.core.db;
  return {
    visits: db.prepare('SELECT id, status, deleted, kind, site_id, regency_code, data, revision FROM visit ORDER BY id').all(),
    sites: db.prepare('SELECT id, merged_into, deleted, workers, operating_status FROM site ORDER BY id').all(),
    attachments: db.prepare('SELECT id, deleted FROM attachment ORDER BY id').all(),
    facts: db.prepare('SELECT id, site_id, value, recorded_at FROM site_fact ORDER BY id').all(),
    tally: db.prepare('SELECT * FROM visit_tally WHERE n > 0 ORDER BY 1, 2, 3, 4').all(),
    monthTally: db.prepare('SELECT * FROM visit_month_tally WHERE n > 0 ORDER BY 1, 2, 3, 4').all(),
    conflicts: r.core.sync.conflicts().map((c) => [c.id, c.rowId, c.column, c.winner.hlc]),
  };
}

test(`visit lifecycle and merges: ${RUNS} random histories on 3 laptops converge, and a final visit stays final`, { timeout: 30 * 60_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 40 }), async (steps) => {
      const { replicas, dispose } = await openReplicas(3);
      try {
        const [first] = replicas;
        for (const [i, village] of [VILLAGES.samarinda, VILLAGES.balikpapan, VILLAGES.marangKayu, VILLAGES.samarinda].entries()) {
          first.core.sites.create(SiteInput.parse(siteInput({ name: `Usaha ${i}`, villageCode: village })), CONFIRM);
        }
        const site = first.core.db.prepare('SELECT id FROM site ORDER BY id LIMIT 1').pluck().get() as string;
        first.core.visits.saveDraft({ siteId: site, data: anInventarisasi({ findings: 'Awal' }) as never }, first.officer);
        for (const r of replicas.slice(1)) sendAll(first, r);

        const made: Made = { finals: new Set(), stated: new Map() };
        steps.forEach((step, n) => {
          if (step.kind === 'op') run(replicas[step.replica], step.op, made, n);
          else if (step.from !== step.to) exchange(replicas[step.from], replicas[step.to], step);
        });
        for (const from of replicas) for (const to of replicas) if (from !== to) sendAll(from, to);

        const expected = snapshot(first);
        for (const r of replicas.slice(1)) assert.deepEqual(snapshot(r), expected, 'every replica shows the same');

        for (const v of expected.visits as { id: string; status: string; deleted: number; data: string }[]) {
          assert.ok(!(v.status === 'final' && v.deleted === 1), `visit ${v.id} is never both final and deleted`);
          if (v.status !== 'final') continue;
          const stated = made.stated.get(v.id) ?? new Set();
          for (const leaf of leafKeys(JSON.parse(v.data))) {
            assert.ok(stated.has(leaf), `final visit ${v.id} says ${leaf}, which no finalization or amendment wrote`);
          }
          for (const a of first.core.attachments.list(v.id)) {
            assert.ok(stated.has(`attachment=${a.id}`), `final visit ${v.id} has attachment ${a.id}, which no finalization or amendment had`);
          }
        }
        const visits = new Map((expected.visits as { id: string; status: string; deleted: number }[]).map((v) => [v.id, v]));
        for (const id of made.finals) {
          assert.equal(visits.get(id)?.status, 'final', `visit ${id} finalized somewhere is final`);
          assert.equal(visits.get(id)?.deleted, 0, `visit ${id} finalized somewhere is not deleted`);
        }
        for (const r of replicas) assert.equal(r.core.sync.info().waitingRows, 0, 'nothing left waiting');
        const live = (expected.visits as { deleted: number }[]).filter((v) => v.deleted === 0).length;
        assert.equal((expected.tally as { n: number }[]).reduce((sum, t) => sum + t.n, 0), live, 'the log tally counts the live visits');
      } finally {
        dispose();
      }
    }),
    { numRuns: RUNS, seed: process.env.IKM_SOAK_SEED ? Number(process.env.IKM_SOAK_SEED) : undefined, verbose: 1 },
  );
});
