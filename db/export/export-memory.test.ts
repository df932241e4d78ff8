import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openCore } from '../core';
import { ExportRequest } from '../model/export';
import { call, createSite, setUpApi } from '../test-support';
import type { JobContext } from '../jobs';
import { runExport } from './run-export';

test('an export reads through the page cache, not the memory map, and gives the map back after', async () => {
  const setup = await setUpApi();
  await createSite(setup.api);
  await call(setup.api, 'app.info');
  setup.api.close();
  const core = openCore({ dbFile: setup.dbFile });
  try {
    const mmap = () => core.db.pragma('mmap_size', { simple: true }) as number;
    const before = mmap();
    assert.ok(before > 0);
    const seen: number[] = [];
    const ctx: JobContext = {
      signal: new AbortController().signal,
      progress: () => void seen.push(mmap()),
      checkpoint: async () => {},
    };
    const officer = core.settings.getOfficer(core.settings.getSetup()!.officerId)!;
    const target = join(setup.dbFile, '..', 'usaha.csv');
    const result = await runExport({ core, request: ExportRequest.parse({ source: 'sites', format: 'csv' }), target, officer, ctx });
    assert.equal(result.sites, 1);
    assert.ok(seen.length > 0);
    assert.deepEqual([...new Set(seen)], [0]);
    assert.equal(mmap(), before);
    // A failed export gives it back too.
    const failing: JobContext = { ...ctx, checkpoint: async () => Promise.reject(new Error('disk full')) };
    await assert.rejects(runExport({ core, request: ExportRequest.parse({ source: 'sites', format: 'csv' }), target, officer, ctx: failing }), /disk full/);
    assert.equal(mmap(), before);
  } finally {
    core.close();
    setup.dispose();
  }
});
