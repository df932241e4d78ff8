import { test } from 'node:test';
import assert from 'node:assert/strict';
import { factChanges } from './site-facts';
import type { SiteFact } from './visit';

const fact = (visit: number, f: SiteFact['fact'], value: unknown): SiteFact => ({
  fact: f,
  value,
  observedOn: `2026-11-0${visit}`,
  visitId: `v${visit}`,
  visitNumber: `ANS/2026/K7Q-000${visit}`,
});

test('fact changes: the core says what changed per visit, the size classes, and "naik kelas" (size up, SNI/ISO gained), never for a first value', () => {
  const entries = factChanges([
    fact(1, 'workers', 4),
    fact(1, 'certificates', ['SNI', 'NIB']),
    fact(2, 'workers', 4),
    fact(2, 'certificates', ['NIB', 'SNI']),
    fact(3, 'workers', 12),
    fact(3, 'certificates', ['NIB', 'SNI', 'ISO9001']),
    fact(4, 'workers', 3),
    fact(4, 'certificates', ['PIRT']),
  ]);
  // Visit 2 found nothing new (certificates in another order are the same): left out.
  assert.deepEqual(entries.map((e) => e.visitId), ['v1', 'v3', 'v4']);
  const [first, grew, shrank] = entries;
  assert.deepEqual(first.changes.map((c) => [c.fact, c.first, c.upgraded]), [['workers', true, false], ['certificates', true, false]]);
  assert.deepEqual(first.changes[0], { fact: 'workers', first: true, from: null, to: 4, sizeFrom: null, sizeTo: 'mikro', upgraded: false });
  assert.deepEqual(grew.changes.map((c) => [c.fact, c.upgraded]), [['workers', true], ['certificates', true]]);
  assert.deepEqual([grew.changes[0].sizeFrom, grew.changes[0].sizeTo], ['mikro', 'kecil']);
  assert.deepEqual(grew.changes[1].added, ['ISO9001']);
  assert.deepEqual(shrank.changes.map((c) => [c.fact, c.upgraded]), [['workers', false], ['certificates', false]]);
  assert.deepEqual([shrank.changes[1].added, shrank.changes[1].removed], [['PIRT'], ['ISO9001', 'NIB', 'SNI']]);
});
