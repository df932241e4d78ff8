import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatRupiah as modelRupiah } from '../../db/model/money';
import { localDate } from '../../db/model/visit';
import { formatBytes, formatDistance, formatRupiah } from './format';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every source file of the app (not tests), relative to the repository. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

test('one formatRupiah and one local date: the renderer uses the core model’s', () => {
  assert.equal(formatRupiah, modelRupiah);
  assert.equal(localDate(new Date(2026, 0, 5, 23, 30)), '2026-01-05');
});

test('no second Rupiah format or local-date builder anywhere in the app', () => {
  const files = ['db', 'renderer', 'electron', 'hub'].flatMap(sources);
  const offenders = (pattern: RegExp, home: string) =>
    files.filter((f) => relative(ROOT, join(ROOT, f)) !== home && pattern.test(readFileSync(join(ROOT, f), 'utf8')));
  // "Rp " followed by a formatted number is built in db/model/money.ts only.
  assert.deepEqual(offenders(/`Rp \$\{/, join('db', 'model', 'money.ts')), []);
  // The local calendar day "YYYY-MM-DD" from a Date's local fields is built in db/model/visit.ts only.
  assert.deepEqual(offenders(/getFullYear\(\)\}-/, join('db', 'model', 'visit.ts')), []);
});

test('sizes and distances in the language’s decimals', () => {
  assert.equal(formatBytes(1_430_000, 'id'), '1,4 MB');
  assert.equal(formatBytes(1_430_000, 'en'), '1.4 MB');
  assert.equal(formatBytes(60 * 1024 * 1024, 'id'), '60 MB');
  assert.equal(formatDistance(347, 'id'), '350 m');
  assert.equal(formatDistance(1_234, 'id'), '1,2 km');
  assert.equal(formatDistance(10_520, 'en'), '11 km');
});
