import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockSkewNow } from './clock-guard';

const HOUR = 3_600_000;
const ref = { hubTime: 1_000 * HOUR, wall: 1_000 * HOUR, uptime: 2 * HOUR };

test('the clock skew between syncs: elapsed uptime in one run; after a restart only what is sure', () => {
  // Same run, an hour later: right clock, a clock set a day ahead, one set back.
  assert.equal(clockSkewNow(ref, 1_001 * HOUR, 3 * HOUR, true), 0);
  assert.equal(clockSkewNow(ref, 1_025 * HOUR, 3 * HOUR, true), 24 * HOUR);
  assert.equal(clockSkewNow(ref, 998 * HOUR, 3 * HOUR, true), -3 * HOUR);
  // A later run on the same boot, clock untouched: the same reading.
  assert.equal(clockSkewNow(ref, 1_001 * HOUR, 3 * HOUR, false), 0);
  // A later run after a restart (uptime longer than before, boot time moved): unknown, not "ahead".
  assert.equal(clockSkewNow(ref, 1_010 * HOUR, 4 * HOUR, false), null);
  // After a restart a clock behind the last hub time is still known to be wrong.
  assert.equal(clockSkewNow(ref, 990 * HOUR, HOUR, false), -10 * HOUR);
  assert.equal(clockSkewNow(ref, 1_010 * HOUR, HOUR, false), null);
});

test('the clock statements every write unit runs step down the HLC index, never scan the log', async () => {
  const { openReplicas } = await import('../test-support');
  const { queryPlan } = await import('../repo/query-plan');
  const { replicas, dispose } = await openReplicas(1);
  try {
    const core = replicas[0].core;
    const { aheadInEffect, lastHlc } = core.sync.clockStatements();
    const bound = Buffer.alloc(16);
    assert.match(queryPlan(core.db, { sql: aheadInEffect, params: [bound] }), /^SEARCH m USING INDEX sqlite_autoindex_crdt_message_1 \(hlc>\?\)/);
    assert.match(queryPlan(core.db, { sql: lastHlc, params: [bound] }), /^SEARCH m USING COVERING INDEX sqlite_autoindex_crdt_message_1 \(hlc<\?\)/);
  } finally {
    dispose();
  }
});
