// Site search at a size (issue 18 item 8: the office holds the whole province, 1,000,000 sites).
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApi } from '../db/api';
import { openCore } from '../db/core';
import { SiteInput } from '../db/model/site';
import { loadProvinceAreas } from '../db/reference/areas';
import { KALTIM_SETUP, call } from '../db/test-support';
import { withGuardOpen } from '../db/sync/write-guard';
import { generateSites, indexVillages, searchQueries } from './generate';

const SEARCHES = 400;
const BATCH = 5000;
const BASE = 20_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * A database of `count` sites, kept between runs in the system's temp folder (same count, same
 * file; BENCH_SEARCH_FRESH=1 builds it again). The first BASE sites are saved through the repo;
 * the rest are copies of them made in SQL with a number added to the name (the repo saves a few
 * hundred sites a second on a loaded machine: 1,000,000 would take an hour). The search reads
 * only the site rows, the area names and the search index, which are built as the app builds
 * them. Opening the file runs the later migrations, as on an office laptop.
 */
export async function generatedSitesFile(count: number): Promise<string> {
  const dir = join(tmpdir(), 'ikm-bench-sites');
  const file = join(dir, `sites-${count}-seed42.sqlite`);
  if (existsSync(file) && process.env.BENCH_SEARCH_FRESH !== '1') return file;
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.partial`;
  const clean = () => {
    for (const f of readdirSync(dir)) if (f.startsWith(`sites-${count}-seed42.sqlite`)) rmSync(join(dir, f), { force: true });
  };
  clean();
  const villages = indexVillages((await loadProvinceAreas('64'))!.villages);
  const rows = generateSites(Math.min(count, BASE), villages).map((s) => SiteInput.parse(s));
  const api = openApi({ dbFile: partial });
  await call(api, 'setup.save', KALTIM_SETUP);
  api.close();
  const core = openCore({ dbFile: partial });
  core.db.pragma('synchronous = OFF');
  const fill = core.db.transaction((batch: typeof rows) => {
    for (const r of batch) core.sites.create(r, { duplicate: true, outsideProvince: true });
  });
  const began = performance.now();
  const seconds = () => Math.round((performance.now() - began) / 1000);
  for (let i = 0; i < rows.length; i += BATCH) fill(rows.slice(i, i + BATCH));
  console.log(`[bench] ${rows.length} sites through the repo, ${seconds()} s`);
  const columns = (core.db.prepare("SELECT name FROM pragma_table_info('site') WHERE name NOT IN ('id', 'name', 'name_norm')").pluck().all() as string[]).join(', ');
  const copy = core.db.prepare(
    `INSERT INTO site (id, name, name_norm, ${columns})
     SELECT id || '-' || @copy, name || ' ' || @copy, name_norm || ' ' || @copy, ${columns} FROM site WHERE rowid <= @base LIMIT @limit`,
  );
  for (let k = 1, total = rows.length; total < count; k++) {
    const limit = Math.min(rows.length, count - total);
    // The copies are bench data, not edits to replicate: written past the write unit, as benchVisits does.
    withGuardOpen(core.db, () => core.db.transaction(() => copy.run({ copy: k, base: rows.length, limit }))());
    total += limit;
    if (k % 10 === 0) console.log(`[bench] ${total} sites, ${seconds()} s`);
  }
  core.sites.refreshSearchIndex();
  console.log(`[bench] search index built, ${seconds()} s`);
  core.db.pragma('wal_checkpoint(TRUNCATE)');
  core.close();
  renameSync(partial, file);
  for (const f of readdirSync(dir)) if (f.startsWith(`${partial}`)) rmSync(join(dir, f), { force: true });
  return file;
}

/**
 * p50/p95/max of the bench's typed searches (searchQueries: parts of names, owners, desa and
 * products, with and without a filter) through the API, on a copy of `sourceFile`.
 */
export async function benchSearch(sourceFile: string, workDir: string): Promise<{ p50: number; p95: number; max: number; slowest: string[] }> {
  const dbFile = join(workDir, 'search-copy.sqlite');
  copyFileSync(sourceFile, dbFile);
  const api = openApi({ dbFile });
  try {
    const queries = searchQueries(SEARCHES);
    for (const q of queries.slice(0, 20)) await call(api, 'site.list', q); // warm the page cache
    const timed: { ms: number; q: string }[] = [];
    for (const q of queries) {
      const start = performance.now();
      await call(api, 'site.list', q);
      timed.push({ ms: performance.now() - start, q: JSON.stringify(q) });
    }
    timed.sort((a, b) => a.ms - b.ms);
    const times = timed.map((t) => t.ms);
    const slowest = [...new Set(timed.slice(-8).map((t) => `${t.ms.toFixed(1)} ms ${t.q}`))];
    return { p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], slowest };
  } finally {
    api.close();
  }
}
