import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { tempDir } from '../test-support';
import { xlsxWriter } from './writers';

test('Batal after the workbook was finished (the last checkpoint) leaves it closed once: no second finalize', async () => {
  const tmp = tempDir('ikm-xlsx-');
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);
  process.on('uncaughtException', onError);
  try {
    const file = join(tmp.dir, 'kunjungan.xlsx');
    const writer = xlsxWriter(file);
    await writer.begin('sites');
    await writer.end('sites');
    await writer.finish({
      title: 'Ekspor register usaha IKM',
      exportedAt: new Date('2026-12-06T05:00:00Z'),
      exportedBy: 'Ani Suryani',
      appVersion: '0.1.0',
      filter: [],
      filterRaw: {},
      counts: { visits: 0, sites: 0 },
    });
    await writer.abort();
    // exceljs reports a second finalize as an 'error' event of its archive, after the call returned.
    for (let i = 0; i < 20; i++) await nextTurn();
    assert.deepEqual(errors.map(String), []);
    assert.equal(readFileSync(file).subarray(0, 2).toString(), 'PK', 'the finished workbook is whole');
  } finally {
    process.off('uncaughtException', onError);
    tmp.dispose();
  }
});
