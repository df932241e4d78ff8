import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { openApi } from '../api';
import type { ChangeMessage } from '../model/sync';
import { call, KALTIM_SETUP, siteInput, tempDir } from '../test-support';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'db/cli.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('sync channels: two laptops exchange through the API table and the CLI; bad batches are refused whole', async () => {
  const tmp = tempDir();
  const fileA = join(tmp.dir, 'a', 'ikm.sqlite');
  const fileB = join(tmp.dir, 'b', 'ikm.sqlite');
  const a = openApi({ dbFile: fileA });
  const b = openApi({ dbFile: fileB });
  try {
    await call(a, 'setup.save', KALTIM_SETUP);
    await call(b, 'setup.save', { ...KALTIM_SETUP, officerName: 'Budi Santoso', officerCode: 'BDS' });
    await call(a, 'site.create', { site: siteInput() });
    await call(b, 'site.create', { site: siteInput({ name: 'UD Amplang Mama Ani' }), confirm: { duplicate: true } });

    const fromA = await call(a, 'sync.pending', { after: 0, limit: 5000 });
    assert.ok(fromA.messages.length > 0 && !fromA.more);
    const report = await call(b, 'sync.apply', { messages: fromA.messages });
    assert.equal(report.received + report.duplicates, fromA.messages.length);
    assert.equal(report.duplicates > 0, true, 'the default wilayah seeded on both laptops are the same messages');
    const again = await call(b, 'sync.apply', { messages: fromA.messages });
    assert.equal(again.received, 0);

    // A cursor pages through the log.
    const page = await call(a, 'sync.pending', { after: 0, limit: 10 });
    assert.equal(page.messages.length, 10);
    assert.equal(page.more, true);
    const next = await call(a, 'sync.pending', { after: page.cursor, limit: 10 });
    assert.notEqual(next.messages[0].hlc, page.messages[9].hlc);

    // One bad message refuses the whole batch, and nothing of it is applied.
    const before = (await call(b, 'sync.info')).lastSeq;
    const bad = await b.dispatch('sync.apply', { messages: [{ ...fromA.messages[0], hlc: 'kemarin' } as ChangeMessage, fromA.messages[1]] });
    assert.equal(!bad.ok && bad.error.code, 'VALIDATION');
    assert.match(!bad.ok ? bad.error.message : '', /HLC/);
    assert.equal((await call(b, 'sync.info')).lastSeq, before);

    const pairs = await call(b, 'site.duplicates');
    assert.equal(pairs.length, 1);
    assert.equal(pairs[0].reason, 'same_name_village');
    assert.deepEqual(await call(b, 'sync.conflicts'), []);
    const merged = await call(b, 'site.merge', { survivorId: pairs[0].a.id, loserId: pairs[0].b.id });
    assert.equal(merged.id, pairs[0].a.id);
    assert.deepEqual(await call(b, 'site.duplicates'), []);
    const missing = await b.dispatch('sync.resolveConflict', { id: fromA.messages[0].hlc, choice: 'keep' });
    assert.deepEqual(!missing.ok && [missing.error.code, missing.error.reason], ['NOT_FOUND', 'conflict_not_found']);
  } finally {
    a.close();
    b.close();
  }

  // The CLI serves the same channels.
  const info = cli('--db', fileA, 'sync.info');
  assert.equal(info.code, 0, info.err);
  assert.match(JSON.parse(info.out).replicaId, /^[0-9a-f]{16}$/);
  const pending = cli('--db', fileB, 'sync.pending', '{"ownOnly":true,"limit":5}');
  assert.equal(pending.code, 0, pending.err);
  assert.equal(JSON.parse(pending.out).messages.length, 5);
  tmp.dispose();
});
