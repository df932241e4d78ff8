import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { openCore } from '../core';
import { SiteInput } from '../model/site';
import { HLC_PATTERN } from '../model/sync';
import { openReplicas, siteInput } from '../test-support';
import { formatHlc, hlcFromBytes, hlcToBytes, isTooFarAhead, parseHlc, replicaTag, tick, MAX_AHEAD_MS, ZERO_HLC_STATE } from './hlc';

const R = '00000001aaaaaaaa';

test('the clock only moves forward, even when the wall clock goes back', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }), { minLength: 1, maxLength: 200 }), (walls) => {
      let state = ZERO_HLC_STATE;
      const issued: string[] = [];
      for (const wall of walls) {
        state = tick(state, wall);
        issued.push(formatHlc(state, R));
      }
      for (let i = 1; i < issued.length; i++) assert.ok(issued[i] > issued[i - 1], `${issued[i]} after ${issued[i - 1]}`);
      assert.ok(issued.every((h) => HLC_PATTERN.test(h)));
    }),
  );
});

test('a full counter moves the logical time 1 ms ahead instead of overflowing', () => {
  const at = Date.parse('2026-11-23T08:00:00.000Z');
  const next = tick({ wall: at, counter: 0xffff }, at - 5000);
  assert.deepEqual(next, { wall: at + 1, counter: 0 });
  assert.equal(parseHlc(formatHlc(next, R)).wall, at + 1);
});

test('after a remote change from a laptop whose clock runs ahead, the next local change sorts after it', async () => {
  const { replicas: [a, b], dispose } = await openReplicas(2);
  try {
    a.clock.offsetMs = 60 * 60_000;
    a.core.sites.create(SiteInput.parse(siteInput()), { duplicate: true, outsideProvince: true });
    const remote = a.core.sync.pending({ after: 0, limit: 100_000, ownOnly: true }).messages;
    b.core.sync.apply(remote);
    const before = b.core.sync.info().lastSeq;
    b.core.sites.create(SiteInput.parse(siteInput({ name: 'Rotan Jaya' })), { duplicate: true, outsideProvince: true });
    const local = b.core.sync.pending({ after: before, limit: 100_000, ownOnly: true }).messages;
    const newestRemote = remote.map((m) => m.hlc).sort().at(-1)!;
    assert.ok(local.length > 0 && local.every((m) => m.hlc > newestRemote), `${local[0]?.hlc} after ${newestRemote}`);
  } finally {
    dispose();
  }
});

test('a message stamped more than a day ahead is too far; a day exactly is not', () => {
  const now = Date.parse('2026-11-23T08:00:00.000Z');
  assert.equal(isTooFarAhead(formatHlc({ wall: now + MAX_AHEAD_MS, counter: 0 }, R), now), false);
  assert.equal(isTooFarAhead(formatHlc({ wall: now + MAX_AHEAD_MS + 1, counter: 0 }, R), now), true);
});

test('replica tags are three readable characters, and a taken tag moves on', () => {
  assert.match(replicaTag(R), /^[0-9A-HJKMNP-TV-Z]{3}$/);
  assert.notEqual(replicaTag(R, 1), replicaTag(R));
});

test('a database copied to another laptop or restored from a backup gets a new replica id before it writes', async () => {
  const { replicas: [a], dispose } = await openReplicas(1, { fast: false });
  try {
    const original = a.core.sync.replicaId();
    a.core.sites.create(SiteInput.parse(siteInput()), { duplicate: true, outsideProvince: true });
    const dir = join(a.dbFile, '..', '..', 'copies');
    mkdirSync(dir, { recursive: true });
    a.core.db.pragma('wal_checkpoint(TRUNCATE)');
    const backup = join(dir, 'backup.sqlite');
    copyFileSync(a.dbFile, backup);

    // Reopening in place keeps the id.
    a.core.close();
    const reopened = openCore({ dbFile: a.dbFile, machine: 'test' });
    assert.equal(reopened.sync.replicaId(), original);

    // The office copies the file to another laptop (another machine, no sidecar there).
    const other = join(dir, 'other.sqlite');
    copyFileSync(backup, other);
    const onOtherLaptop = openCore({ dbFile: other, machine: 'laptop-2' });
    assert.notEqual(onOtherLaptop.sync.replicaId(), original);
    onOtherLaptop.close();

    // Work goes on here, then yesterday's backup is restored over the file; the sidecar beside it
    // still knows the HLCs issued since, so the restored file must not issue them again.
    reopened.sites.create(SiteInput.parse(siteInput({ name: 'Rotan Jaya' })), { duplicate: true, outsideProvince: true });
    reopened.close();
    copyFileSync(backup, a.dbFile);
    const restored = openCore({ dbFile: a.dbFile, machine: 'test' });
    assert.notEqual(restored.sync.replicaId(), original, 'the restored file is behind what this replica issued');
    const tagBefore = restored.sync.replicaTag();
    assert.ok(tagBefore);
    restored.close();
    a.core = openCore({ dbFile: a.dbFile, machine: 'test' });
  } finally {
    dispose();
  }
});

test('the stored form of an HLC (16 bytes) turns back into the same text and sorts as the text does', () => {
  const hlc = fc
    .record({
      wall: fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2200-01-01') }),
      counter: fc.integer({ min: 0, max: 0xffff }),
      replica: fc.stringMatching(/^[0-9a-f]{16}$/),
    })
    .map(({ wall, counter, replica }) => formatHlc({ wall, counter }, replica));
  fc.assert(
    fc.property(hlc, hlc, (a, b) => {
      const [ka, kb] = [hlcToBytes(a), hlcToBytes(b)];
      assert.equal(ka.length, 16);
      assert.equal(hlcFromBytes(ka), a);
      assert.equal(Math.sign(Buffer.compare(ka, kb)), a < b ? -1 : a > b ? 1 : 0);
    }),
    { numRuns: 2000 },
  );
});
