import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSite } from '../db/test-support';
import { openLaptop, startHub } from './test-support';

/** Keeps this process's event loop stalled, a second at a time, until the returned stop is called. */
function stallEventLoop(): () => void {
  const timer = setInterval(() => {
    const until = performance.now() + 1_000;
    while (performance.now() < until) {
      // busy: the hub, in this process, lags as an overloaded one does
    }
  }, 1);
  return () => clearInterval(timer);
}

test('a hub that lags answers 503 BUSY with Retry-After (health still answers), the laptop is told the hub is busy and keeps its changes, and syncs once the hub keeps up again', async () => {
  // The lag check on (it is off by default), with a threshold this test's stall passes.
  const h = await startHub({ limits: { maxEventLoopDelayMs: 400, pressureSampleMs: 100, busyRetryAfterS: 7 } });
  const laptop = await openLaptop('ANS');
  try {
    const code = h.hub.store.createEnrollment({ officerCode: 'ANS', regencies: [] }, new Date());
    // A loaded test machine may lag past the threshold by itself: enroll once the hub takes it.
    for (;;) {
      const enrolled = await laptop.api.dispatch('hubSync.enroll', { url: h.url, code });
      if (enrolled.ok) break;
      assert.equal(enrolled.error.reason, 'hub_busy');
    }
    await createSite(laptop.api);

    const stop = stallEventLoop();
    let busy!: Response;
    try {
      // The hub notices at its next measurement: wait for what it answers (a hub without
      // back-pressure answers 400 to this empty request, which no failure limit counts, for ever:
      // give up after many tries).
      for (let tries = 0; tries < 50; tries++) {
        busy = await fetch(`${h.url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        if (busy.status !== 400) break;
        await busy.arrayBuffer();
      }
      const health = await fetch(`${h.url}/v1/health`);
      assert.equal(health.status, 200, 'the office can still see that the hub runs');
      await health.arrayBuffer();
      const refused = await laptop.api.dispatch('hubSync.now', undefined);
      assert.equal(refused.ok, false);
      if (!refused.ok) {
        assert.equal(refused.error.code, 'HUB_REFUSED');
        assert.equal(refused.error.reason, 'hub_busy');
        assert.deepEqual(refused.error.params, { seconds: 7 });
      }
    } finally {
      stop();
    }
    assert.equal(busy.status, 503);
    assert.equal(busy.headers.get('retry-after'), '7');
    const answer = (await busy.json()) as { code: string; params: { seconds: number } };
    assert.equal(answer.code, 'BUSY');
    assert.equal(answer.params.seconds, 7);
    assert.equal(h.hub.store.messageCount(), 0, 'nothing was taken while busy');

    // Calm again: the next measurement lets syncs through, and nothing was lost meanwhile.
    for (;;) {
      const result = await laptop.api.dispatch('hubSync.now', undefined);
      if (result.ok) break;
      assert.equal(!result.ok && result.error.reason, 'hub_busy');
    }
    assert.ok(h.hub.store.messageCount() > 0, 'the site made while the hub was busy arrived');
  } finally {
    laptop.dispose();
    await h.stop();
  }
});
