import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalVisitCells, type LifecycleMessage } from './visit-lifecycle';

// HLCs as the clock writes them: time, counter, replica (W finalizes, S drafts, X amends).
const W = '000000000000000a';
const S = '000000000000000b';
const X = '000000000000000c';
const hlc = (second: number, replica: string) => `2026-11-20T10:00:${String(second).padStart(2, '0')}.000Z-0000-${replica}`;
const msg = (second: number, replica: string, value: unknown, prev: LifecycleMessage | null = null): LifecycleMessage => ({
  hlc: hlc(second, replica),
  value: JSON.stringify(value),
  prevHlc: prev?.hlc ?? null,
});

/** The rule over a set of messages: column → messages; heads worked out as the replicator keeps them. */
function rule(cells: Record<string, LifecycleMessage[]>) {
  const all = new Map(Object.values(cells).flat().map((m) => [m.hlc, m]));
  const heads = new Map(
    Object.entries(cells).map(([column, list]) => [column, list.filter((m) => !list.some((o) => o.prevHlc === m.hlc))]),
  );
  return finalVisitCells(heads, (h) => all.get(h) ?? null);
}

const draftStatus = msg(1, W, 'draft');
const draftKind = msg(1, W, 'inventarisasi');
const draftFindings = msg(2, W, 'Temuan awal');

test('a draft, and a final visit without a seal (an older version), are left to plain LWW', () => {
  assert.equal(rule({ status: [draftStatus], 'data.kind': [draftKind], 'data.findings': [draftFindings] }), null);
  const oldFinal = msg(5, W, 'final', draftStatus);
  assert.equal(rule({ status: [draftStatus, oldFinal], 'data.kind': [draftKind], 'data.findings': [draftFindings, msg(9, S, 'Temuan dari B', draftFindings)] }), null);
});

test('a sealed final visit reads what its finalizer sealed; a later draft edit from a laptop that had not seen it is a conflict', () => {
  const final = msg(5, W, 'final', draftStatus);
  const sealKind = msg(6, W, 'inventarisasi', draftKind);
  const sealFindings = msg(7, W, 'Temuan awal', draftFindings);
  const late = msg(9, S, 'Temuan dari B', draftFindings);
  const added = msg(9, S, -0.5);
  const life = rule({ status: [draftStatus, final], 'data.kind': [draftKind, sealKind], 'data.findings': [draftFindings, sealFindings, late], 'data.latitude': [added] })!;
  assert.equal(life.winners.get('data.findings')?.value, '"Temuan awal"');
  assert.equal(life.winners.get('data.latitude'), null, 'a field the finalizer never had is absent');
  assert.deepEqual(life.conflicts.get('data.findings'), { winner: sealFindings.hlc, losers: [late.hlc] });
  assert.deepEqual(life.conflicts.get('data.latitude'), { winner: final.hlc, losers: [added.hlc] });
  assert.equal(life.firstFinal, final.hlc);

  // A laptop that got the seal but not the status (a cut batch) and edited on top: still unseen.
  const onTop = msg(10, S, 'Temuan C', sealFindings);
  const cut = rule({ status: [draftStatus, final], 'data.kind': [draftKind, sealKind], 'data.findings': [draftFindings, sealFindings, onTop] })!;
  assert.equal(cut.winners.get('data.findings')?.hlc, sealFindings.hlc);
  assert.deepEqual(cut.conflicts.get('data.findings')?.losers, [onTop.hlc]);

  // An amendment (the status said again first) applies, a new field included.
  const again = msg(11, X, 'final', final);
  const amended = msg(12, X, 'Temuan revisi', sealFindings);
  const refusal = msg(12, X, 'Tidak di tempat');
  const after = rule({ status: [draftStatus, final, again], 'data.kind': [draftKind, sealKind], 'data.findings': [draftFindings, sealFindings, late, amended], 'data.signatureRefusal': [refusal] })!;
  assert.equal(after.winners.get('data.findings')?.value, '"Temuan revisi"');
  assert.equal(after.winners.get('data.signatureRefusal')?.value, '"Tidak di tempat"');
  assert.deepEqual(after.conflicts.get('data.findings')?.losers, [late.hlc], 'the unseen draft edit stays open until a person decides');
});
