import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile, runDeviceLoad } from './device-load';
import { startHub } from './test-support';

// The bench runs 50 devices against a hub in its own process (bench/sync-bench.ts); npm test 10.
const DEVICES = Number(process.env.IKM_LOAD_DEVICES ?? 10);

test(`${DEVICES} devices syncing at once with the real hub: no error, every message stored once and delivered to every other device`, async () => {
  const h = await startHub();
  try {
    const codes = Array.from({ length: DEVICES }, (_, i) => h.hub.store.createEnrollment({ officerCode: `L${String(i).padStart(2, '0')}`, regencies: [] }, new Date()));
    const result = await runDeviceLoad(h.url, codes, { messagesPerDevice: 300, batch: 100 });
    console.log(`${DEVICES} devices: ${result.pushed} pushed, ${result.delivered} delivered in ${result.seconds.toFixed(1)} s, sync p99 ${percentile(result.latencies, 99).toFixed(0)} ms`);
    assert.deepEqual(result.errors, []);
    assert.equal(result.stored, result.pushed, 'every pushed message stored');
    assert.equal(h.hub.store.messageCount(), result.pushed, 'and stored once');
    assert.equal(result.lost, 0, 'no device lacks another device\'s message');
    assert.equal(result.delivered, result.pushed * (DEVICES - 1), 'and none is handed out twice or to its own device');
  } finally {
    await h.stop();
  }
});
