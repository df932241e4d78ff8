import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { finalSurvivor, mergeGroupOf } from './duplicates';

/** Merges as the site_merge table holds them: one row per pair, the latest merge of each loser counts. */
const mergeArb = fc.array(
  fc.record({ survivor: fc.constantFrom('a', 'b', 'c', 'd', 'e'), loser: fc.constantFrom('a', 'b', 'c', 'd', 'e'), at: fc.nat(100) }).filter((m) => m.survivor !== m.loser),
  { maxLength: 8 },
);

function survivorOfIn(merges: { survivor: string; loser: string; at: number }[]) {
  // One row per pair (the later write wins), then the latest merge of each loser (ties by pair id).
  const rows = new Map<string, { survivor: string; loser: string; at: number }>();
  for (const m of merges) {
    const id = [m.survivor, m.loser].sort().join('+');
    const old = rows.get(id);
    if (!old || m.at >= old.at) rows.set(id, m);
  }
  return (loser: string) =>
    [...rows.entries()]
      .filter(([, m]) => m.loser === loser)
      .sort(([ia, a], [ib, b]) => b.at - a.at || (ib < ia ? -1 : 1))[0]?.[1].survivor;
}

test('finalSurvivor is order-free: every site of a cycle or chain ends on one survivor, which survives itself', () => {
  fc.assert(
    fc.property(mergeArb, (merges) => {
      const survivorOf = survivorOfIn(merges);
      for (const site of ['a', 'b', 'c', 'd', 'e']) {
        const end = finalSurvivor(site, survivorOf);
        assert.equal(finalSurvivor(end, survivorOf), end, 'the survivor is its own survivor');
        // Every site on the way ends on the same survivor, whichever one the walk starts from.
        for (let s = site, i = 0; i < 6 && s !== end; i++, s = survivorOf(s)!) assert.equal(finalSurvivor(s, survivorOf), end);
        assert.ok(mergeGroupOf(site, (x) => merges.filter((m) => m.survivor === x || m.loser === x).map((m) => ({ survivor_id: m.survivor, loser_id: m.loser }))).includes(end));
      }
    }),
  );
});

test('in a cycle the smallest id survives, from wherever the cycle is entered', () => {
  const next: Record<string, string> = { b: 'c', c: 'd', d: 'b', e: 'c' };
  for (const start of ['b', 'c', 'd', 'e']) assert.equal(finalSurvivor(start, (x) => next[x]), 'b');
});
