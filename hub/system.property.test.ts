import { test } from 'node:test';
import fc from 'fast-check';
import { CLOCK_JUMPS, describeHistory, describeStep, LAPTOPS, REGENCIES, report, runHistory, SCOPES, USB, type ClockJump, type Step } from './system-harness';

/**
 * The whole-system random test (issue 19, item 6): a real hub on loopback and five laptops (one
 * whole province, three scoped, one USB-only) run a random history of registrations, concurrent
 * edits, the visit lifecycle, merges, village moves, office scope changes, syncs that drop a
 * request or a reply, hub restarts, bundles loaded twice or late, and clocks jumping ahead and
 * back. At quiescence hub/system-harness.ts checks every rule with its own SQL.
 *
 * `npm test`: IKM_SYSTEM_RUNS histories (default 30) of 60–IKM_SYSTEM_STEPS steps (default 150).
 * `npm run soak`: thousands. The seed is printed; IKM_SOAK_SEED (and IKM_SOAK_PATH, as fast-check
 * prints it) replays one; a failure prints the shrunk history step by step and what broke.
 * IKM_SYSTEM_SKIP=clock,merge,… leaves step kinds out (to see what else fails).
 */
const RUNS = Number(process.env.IKM_SYSTEM_RUNS ?? 30);
const MAX_STEPS = Number(process.env.IKM_SYSTEM_STEPS ?? 150);
const SEED = process.env.IKM_SOAK_SEED ? Number(process.env.IKM_SOAK_SEED) : Date.now() % 2 ** 31;
const SKIP = new Set((process.env.IKM_SYSTEM_SKIP ?? '').split(',').filter(Boolean));

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
  ['sync', 8, fc.record({ kind: fc.constant('sync' as const), laptop: networked, fault: fc.constantFrom('none' as const, 'none' as const, 'none' as const, 'request' as const, 'reply' as const), at: fc.integer({ min: 1, max: 3 }) })],
  ['restartHub', 1, fc.constant({ kind: 'restartHub' as const })],
  ['usbOut', 2, fc.constant({ kind: 'usbOut' as const })],
  ['usbIn', 2, fc.constant({ kind: 'usbIn' as const })],
  ['hubBundle', 1, fc.record({ kind: fc.constant('hubBundle' as const), laptop: scoped })],
  ['replay', 1, fc.record({ kind: fc.constant('replay' as const), pick })],
  ['peerBundle', 1, fc.record({ kind: fc.constant('peerBundle' as const), from: networked, to: laptop })],
  ['clock', 1, fc.record({ kind: fc.constant('clock' as const), laptop, jump: fc.constantFrom(...(Object.keys(CLOCK_JUMPS) as ClockJump[])) })],
];

/** A step prints as its sentence in fast-check's counterexample. */
const readable = (s: Step): Step => Object.assign(s, { [fc.toStringMethod]: () => describeStep(s) });
const stepArb: fc.Arbitrary<Step> = fc.oneof(...kinds.filter(([kind]) => !SKIP.has(kind)).map(([, weight, arbitrary]) => ({ weight, arbitrary: arbitrary.map(readable) })));

test(`the whole system converges and keeps its rules over ${RUNS} random histories (seed ${SEED})`, { timeout: 60 * 60_000 }, async () => {
  console.log(`system property: ${RUNS} histories of up to ${MAX_STEPS} steps, seed ${SEED} (replay: IKM_SOAK_SEED=${SEED})`);
  const times: number[] = [];
  // Shrinking replays whole histories: once it has run this long, later candidates count as
  // passing, which ends it with the smallest failing history found so far.
  const shrinkBudgetMs = Number(process.env.IKM_SYSTEM_SHRINK_MS ?? 10 * 60_000);
  let firstFailureAt: number | null = null;
  await fc.assert(
    fc.asyncProperty(fc.array(stepArb, { minLength: Math.min(60, MAX_STEPS), maxLength: MAX_STEPS }), async (steps) => {
      if (firstFailureAt !== null && performance.now() - firstFailureAt > shrinkBudgetMs) return;
      const { violations, trace, ms } = await runHistory(steps);
      times.push(ms);
      if (violations.length) {
        firstFailureAt ??= performance.now();
        throw new Error(`${violations.length} rules broken after ${steps.length} steps:\n${report(violations)}\nHistory:\n${describeHistory(steps)}\nWhat each step did:\n${trace.map((t) => `    ${t}`).join('\n')}`);
      }
    }),
    {
      numRuns: RUNS,
      seed: SEED,
      path: process.env.IKM_SOAK_PATH,
      endOnFailure: process.env.IKM_SYSTEM_NO_SHRINK === '1',
    },
  ).finally(() => {
    if (times.length) {
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      console.log(`system property: ${times.length} histories run, mean ${(mean / 1000).toFixed(2)} s, slowest ${(Math.max(...times) / 1000).toFixed(2)} s`);
    }
  });
});
