// `npm run bench`: the figures the issues ask for, printed as a table and written to bench/results.json.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openApi } from '../db/api';
import { openCore } from '../db/core';
import { SiteInput } from '../db/model/site';
import { VisitListQuery } from '../db/model/visit';
import { loadProvinceAreas } from '../db/reference/areas';
import { normalizeName } from '../db/model/text';
import { KALTIM_SETUP, tempDir, call } from '../db/test-support';
import { generateSites, indexVillages, searchQueries, siteRow } from './generate';
import { DashboardRequest } from '../db/model/dashboard';
import { v7 as uuidv7 } from 'uuid';
import { withGuardOpen } from '../db/sync/write-guard';
import { newDbKey, type DbKey } from '../db/db-key';
import { benchHubLoad, benchSync } from './sync-bench';
import { benchImport } from './import-bench';
import { benchPrint } from './print-bench';
import { benchSearch, generatedSitesFile } from './search-bench';

const SITES = Number(process.env.BENCH_SITES ?? 50_000);
const RATE_SAMPLE = Number(process.env.BENCH_RATE_SAMPLE ?? 5_000);
// Inserts made before the clock starts, the same for both rates: a running app saves with warm
// code and statements (the first 500 saves run at about two thirds of the later rate).
const RATE_WARMUP = 1_000;
const SEARCHES = 400;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** mulberry32: the same "random" visits on every run, so runs compare. */
function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function round(n: number, digits = 2): number {
  return Number(n.toFixed(digits));
}

/** Plain prepared INSERTs of the same rows into the same table, one autocommit each (after RATE_WARMUP of them). */
function rawInsertRate(file: string, rows: ReturnType<typeof SiteInput.parse>[], synchronous: string): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(`CREATE TABLE site (id TEXT PRIMARY KEY, name TEXT NOT NULL, name_norm TEXT NOT NULL, owner_name TEXT, phone TEXT,
    address TEXT, village_code TEXT NOT NULL, latitude REAL, longitude REAL, kbli_code TEXT NOT NULL, products TEXT,
    certificates TEXT NOT NULL, workers INTEGER, operating_status TEXT NOT NULL, year_established INTEGER,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0) STRICT`);
  const insert = db.prepare(`INSERT INTO site VALUES (@id, @name, @name_norm, @ownerName, @phone, @address, @villageCode,
    @latitude, @longitude, @kbliCode, @products, @certificates, @workers, @operatingStatus, @yearEstablished, @now, @now, 0)`);
  const insertRow = (r: (typeof rows)[number], i: number) =>
    insert.run({
      ...r,
      id: String(i).padStart(36, '0'),
      name_norm: r.name.toLowerCase(),
      certificates: JSON.stringify(r.certificates),
      now: new Date().toISOString(),
    });
  rows.slice(0, RATE_WARMUP).forEach(insertRow);
  const start = performance.now();
  rows.slice(RATE_WARMUP).forEach((r, i) => insertRow(r, RATE_WARMUP + i));
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return (rows.length - RATE_WARMUP) / seconds;
}

/** Sites saved through the repo, one transaction per site as the UI does (after RATE_WARMUP of them). */
function repoInsertRate(dbFile: string, rows: ReturnType<typeof SiteInput.parse>[], synchronous: string, key: DbKey | null = null): number {
  const core = openCore({ dbFile, key });
  core.db.pragma(`synchronous = ${synchronous}`);
  for (const r of rows.slice(0, RATE_WARMUP)) core.sites.create(r, { duplicate: true, outsideProvince: true });
  const start = performance.now();
  for (const r of rows.slice(RATE_WARMUP)) core.sites.create(r, { duplicate: true, outsideProvince: true });
  const seconds = (performance.now() - start) / 1000;
  core.close();
  return (rows.length - RATE_WARMUP) / seconds;
}

/**
 * 100,000 messages made on another laptop (new sites, visits drafted and finalized, site edits:
 * the mix an officer's week brings) applied in batches of 5,000 to the office's 50,000 sites.
 */
function benchApply(officeFile: string, peerFile: string, rows: ReturnType<typeof SiteInput.parse>[]): Record<string, number> {
  copyFileSync(officeFile, peerFile);
  const peer = openCore({ dbFile: peerFile, machine: 'bench-peer' });
  peer.db.pragma('synchronous = NORMAL');
  const officer = peer.settings.getOfficer(peer.settings.getSetup()!.officerId)!;
  const siteIds = peer.db.prepare('SELECT id FROM site ORDER BY rowid').pluck().all() as string[];
  const start = peer.sync.info().lastSeq;
  const random = seededRandom(7);
  const own = () => peer.sync.info().lastSeq - start;
  for (let i = 0; own() < 100_000; i++) {
    const siteId = siteIds[Math.floor(random() * siteIds.length)];
    if (i % 10 === 0) {
      peer.sites.create({ ...rows[i % rows.length], name: `${rows[i % rows.length].name} ${i}` }, { duplicate: true, outsideProvince: true });
    } else if (i % 3 === 0) {
      const draft = peer.visits.saveDraft({ siteId, data: { kind: 'evaluasi', visitDate: '2026-11-02', officers: ['Ani Suryani'], respondent: { name: 'Pemilik' },
        operatingStatus: 'tutup', stoppedSince: '2026-01-01', stopReasons: ['modal'], buildingCondition: 'baik', machineCondition: 'baik', revivalPotential: 3 } as never }, officer);
      peer.visits.finalize(draft.id);
    } else {
      const site = peer.sites.get(siteId);
      peer.sites.update(siteId, SiteInput.parse({ ...site, phone: `0812 ${i}`, products: `${site.products ?? ''} ${i}`.trim() }), { duplicate: true, outsideProvince: true });
    }
  }
  const messages = peer.sync.pending({ after: start, limit: 200_000, ownOnly: true }).messages.slice(0, 100_000);
  peer.close();

  // The floor: the same messages as plain INSERTs into a bare table, same batches, same run.
  const raw = new Database(join(officeFile, '..', 'raw-log.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec('CREATE TABLE log (seq INTEGER PRIMARY KEY, hlc TEXT NOT NULL UNIQUE, tbl TEXT, row_id TEXT, col TEXT, value TEXT, prev_hlc TEXT, schema INTEGER) STRICT');
  const rawInsert = raw.prepare('INSERT OR IGNORE INTO log(hlc, tbl, row_id, col, value, prev_hlc, schema) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const rawBatch = raw.transaction((batch: typeof messages) => {
    for (const m of batch) rawInsert.run(m.hlc, m.table, m.row, m.column, m.value, m.prevHlc, m.schema);
  });
  const rawBegan = performance.now();
  for (let i = 0; i < messages.length; i += 5000) rawBatch(messages.slice(i, i + 5000));
  const rawSeconds = (performance.now() - rawBegan) / 1000;
  raw.close();

  const office = openCore({ dbFile: officeFile });
  const began = performance.now();
  for (let i = 0; i < messages.length; i += 5000) office.sync.apply(messages.slice(i, i + 5000));
  // A sync round ends by bringing the search index up to date (db/sync/hub-client.ts): counted.
  office.sites.refreshSearchIndex();
  const seconds = (performance.now() - began) / 1000;
  const again = performance.now();
  office.sync.apply(messages.slice(0, 5000));
  const duplicateBatchMs = performance.now() - again;
  office.close();
  return {
    apply_100k_msgs_s: round(seconds),
    raw_log_insert_100k_s: round(rawSeconds),
    apply_vs_raw_log_ratio: round(seconds / rawSeconds, 1),
    apply_duplicate_batch_5k_ms: round(duplicateBatchMs),
  };
}

/** Visits over the same 50,000 sites: a full inventarisasi save, the visit log, one site's timeline. */
async function benchVisits(dbFile: string, apiSaves = 500): Promise<Record<string, number>> {
  const core = openCore({ dbFile });
  const officer = { id: 'bench', name: 'Bench', nip: null, code: 'BEN' };
  const siteIds = (core.db.prepare('SELECT id FROM site ORDER BY rowid').pluck().all() as string[]);
  const data = (siteId: string, i: number) => ({
    kind: 'inventarisasi',
    visitDate: `20${20 + (i % 6)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    officers: [i % 3 ? 'Ani Suryani' : 'Budi Santoso'],
    respondent: { name: 'Pemilik', position: 'Pemilik', phone: '0812' },
    operatingStatus: 'aktif',
    workforce: { male: i % 7, female: i % 5 },
    capacity: { amount: 100, unit: 'kg', period: 'bulan' },
    productionValueRp: '120.000.000',
    investmentRp: 50000000,
    rawMaterials: [{ name: 'Ikan', origin: 'lokal' }],
    machinery: [{ name: 'Mesin', count: 1 }],
    energySources: ['listrik_pln'],
    marketReach: ['lokal'],
    certificatesHeld: ['PIRT'],
    problems: [{ kind: 'modal', notes: null }],
    findings: `Kunjungan ${i} ke ${siteId}`,
  });

  // A full inventarisasi as the form saves it: the draft, then finalize (app's synchronous=FULL).
  const saveTimes: number[] = [];
  for (let i = 0; i < apiSaves; i++) {
    const siteId = siteIds[i * 7];
    const start = performance.now();
    const draft = core.visits.saveDraft({ siteId, data: data(siteId, i) as never }, officer);
    core.visits.finalize(draft.id);
    saveTimes.push(performance.now() - start);
  }

  // 250,000 visits in all (filled in large transactions), 50 of them on one site. Dates spread
  // over seven years, teams of one or two from ten officers, one in ten left as a draft of any kind.
  const target = Number(process.env.BENCH_VISITS ?? 250_000);
  const random = seededRandom(42);
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const names = ['Ani Suryani', 'Budi Santoso', 'Citra Lestari', 'Dedi Kurniawan', 'Eka Putri', 'Fajar Hidayat',
    'Gita Maharani', 'Hendra Wijaya', 'Indah Permata', 'Joko Susilo'];
  const kinds = ['identifikasi', 'inventarisasi', 'evaluasi', 'pembinaan'] as const;
  const dayMs = 86_400_000;
  const firstDay = Date.UTC(2020, 0, 1);
  const days = (Date.UTC(2026, 10, 20) - firstDay) / dayMs;
  // The bulk of the log is written as rows, past the write unit on purpose (the guard opened for
  // it, as the tally tests do): these figures measure reading the log, and 250,000 visits through
  // the change log would write ~4 GB first. The 500 saves above measure the write path.
  const insertVisit = core.db.prepare(
    `INSERT INTO visit(id, number, site_id, regency_code, kind, status, visit_date, officers, data, created_by, created_at, updated_at, finalized_at)
     VALUES (@id, @number, @siteId, @regency, @kind, @status, @visitDate, @officers, @data, 'bench', @now, @now, @finalizedAt)`,
  );
  const regencyOf = core.db.prepare('SELECT regency_code FROM site WHERE id = ?').pluck();
  const fill = core.db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const siteId = i % 5000 === 0 ? siteIds[1] : siteIds[i % siteIds.length];
      const visitDate = new Date(firstDay + Math.floor(random() * days) * dayMs).toISOString().slice(0, 10);
      const officers = random() < 0.4 ? [pick(names), pick(names)] : [pick(names)];
      const draft = random() < 0.1;
      const form = draft ? { kind: pick(kinds), visitDate, officers } : { ...data(siteId, i), visitDate, officers };
      const now = new Date().toISOString();
      insertVisit.run({
        id: uuidv7(),
        number: `BEN/${visitDate.slice(0, 4)}/B3N-${String(i).padStart(6, '0')}`,
        siteId,
        regency: regencyOf.get(siteId),
        kind: form.kind,
        status: draft ? 'draft' : 'final',
        visitDate,
        officers: officers.join(', '),
        data: JSON.stringify(form),
        now,
        finalizedAt: draft ? null : now,
      });
    }
  });
  const fillAll = () => {
    for (let i = apiSaves; i < target; i += 10_000) fill(i, Math.min(target, i + 10_000));
  };
  withGuardOpen(core.db, fillAll);

  // The log as the office opens and filters it: the first page with its total.
  const logTimes: number[] = [];
  const filters = [
    {},
    { status: 'final', kind: 'inventarisasi' },
    { wilayahId: '64-wp-2', dateFrom: '2024-01-01' },
    { regencyCode: '64.72', status: 'draft' },
    { officer: 'budi' },
    { officer: 'budi', dateFrom: '2025-01-01', dateTo: '2025-06-30' },
    { dateFrom: '2023-03-01', dateTo: '2023-03-31' },
    { kind: 'evaluasi', regencyCode: '64.02' },
    { dateFrom: '2021-01-01', kind: 'pembinaan', status: 'draft' },
    { dateFrom: '2020-01-01', dateTo: '2026-12-31' },
  ];
  for (const f of filters) core.visits.list(VisitListQuery.parse(f)); // warm the page cache
  for (let i = 0; i < 300; i++) {
    const q = VisitListQuery.parse(filters[i % filters.length]);
    const start = performance.now();
    core.visits.list(q);
    logTimes.push(performance.now() - start);
  }
  // Scrolling on: a page deep in the unfiltered log, without a recount.
  const scrollTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const q = VisitListQuery.parse({ offset: (i * 1_000) % 20_000, withTotal: false });
    const start = performance.now();
    core.visits.list(q);
    scrollTimes.push(performance.now() - start);
  }

  const timelineSite = siteIds[1];
  const visitsOnSite = core.visits.list(VisitListQuery.parse({ siteId: timelineSite, limit: 500 })).total ?? 0;
  const timelineTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const start = performance.now();
    core.visits.timeline(timelineSite);
    timelineTimes.push(performance.now() - start);
  }
  const visits = (core.db.prepare('SELECT count(*) FROM visit').pluck().get() as number);
  core.close();
  // BENCH_KEEP=<file> keeps the filled database, to study query plans without refilling.
  if (process.env.BENCH_KEEP) copyFileSync(dbFile, process.env.BENCH_KEEP);
  saveTimes.sort((a, b) => a - b);
  logTimes.sort((a, b) => a - b);
  scrollTimes.sort((a, b) => a - b);
  timelineTimes.sort((a, b) => a - b);
  return {
    ...(saveTimes.length ? { visit_save_p50_ms: round(percentile(saveTimes, 50)), visit_save_p95_ms: round(percentile(saveTimes, 95)) } : {}),
    visits,
    visit_log_query_p50_ms: round(percentile(logTimes, 50)),
    visit_log_query_p95_ms: round(percentile(logTimes, 95)),
    visit_log_query_max_ms: round(logTimes[logTimes.length - 1]),
    visit_log_scroll_page_p95_ms: round(percentile(scrollTimes, 95)),
    timeline_site_visits: visitsOnSite,
    site_timeline_ms: round(percentile(timelineTimes, 50)),
  };
}

/**
 * The Beranda as the office opens it: the whole data set, a wilayah and a regency, this month and
 * a month of another year. Read from the tallies (migration 0014); `dashboard_ms` is the p95.
 */
function benchDashboard(dbFile: string): Record<string, number> {
  const core = openCore({ dbFile });
  try {
    const scopes = [{}, { wilayahId: '64-wp-2' }, { regencyCode: '64.72' }, { wilayahId: '64-wp-3' }];
    const requests = scopes.flatMap((scope) => ['2026-11', '2024-03'].map((month) => DashboardRequest.parse({ scope, month })));
    for (const r of requests) core.dashboard.get(r); // warm the page cache
    const times: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (const r of requests) {
        const start = performance.now();
        core.dashboard.get(r);
        times.push(performance.now() - start);
      }
    }
    times.sort((a, b) => a - b);
    const whole = core.dashboard.get(requests[0]);
    return {
      dashboard_sites: whole.sites.totals.sites,
      dashboard_ms: round(percentile(times, 95)),
      dashboard_p50_ms: round(percentile(times, 50)),
      dashboard_max_ms: round(times[times.length - 1]),
    };
  } finally {
    core.close();
  }
}

/**
 * BENCH_ONLY=dashboard: the Beranda alone over BENCH_SITES sites (written as rows, the tallies'
 * triggers see each) and the 250,000-visit log, shown, not written.
 */
async function benchDashboardOnly(): Promise<void> {
  const tmp = tempDir('ikm-bench-dashboard-');
  try {
    const dbFile = join(tmp.dir, 'dashboard.sqlite');
    const api = openApi({ dbFile });
    await call(api, 'setup.save', KALTIM_SETUP);
    api.close();
    const villages = indexVillages((await loadProvinceAreas('64'))!.villages);
    const core = openCore({ dbFile });
    const insert = core.db.prepare(`
      INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code, kbli_division,
                       products, certificates, workers, size_class, operating_status, created_at, updated_at)
      VALUES (@id, @name, @name_norm, @province_code, @regency_code, @district_code, @village_code, @kbli_code, @kbli_division,
              @products, @certificates, @workers, @size_class, @operating_status, @now, @now)`);
    const now = new Date().toISOString();
    const started = performance.now();
    const batch = 50_000;
    withGuardOpen(core.db, () => {
      for (let from = 0; from < SITES; from += batch) {
        const sites = generateSites(Math.min(batch, SITES - from), villages, 42 + from);
        core.db.transaction(() => sites.forEach((s, i) => insert.run(siteRow(s, from + i, now))))();
      }
    });
    const fillSeconds = (performance.now() - started) / 1000;
    core.close();
    const results: Record<string, number | string> = { sites: SITES, dashboard_fill_sites_s: round(fillSeconds, 1) };
    // Sites written as rows have no change-log cells for the write unit to rebuild them from: no saves through it here.
    Object.assign(results, await benchVisits(dbFile, 0));
    Object.assign(results, benchDashboard(dbFile));
    results.node = process.version;
    results.measured_at = new Date().toISOString();
    console.table(Object.entries(results).map(([metric, value]) => ({ metric, value })));
  } finally {
    tmp.dispose();
  }
}

/**
 * BENCH_ONLY=dashboard BENCH_FILL=sql: the same figure at sizes the JavaScript fill takes too long
 * for on a busy machine. Sites and visits are made by one INSERT … SELECT each (the tallies'
 * triggers still run for every row): ten regencies, twelve KBLI divisions, five statuses, three
 * certificate sets, 250,000 visits of which nine in ten final, over 2020–2026.
 */
async function benchDashboardSql(): Promise<void> {
  const tmp = tempDir('ikm-bench-dashboard-');
  try {
    const dbFile = join(tmp.dir, 'dashboard.sqlite');
    const api = openApi({ dbFile });
    await call(api, 'setup.save', KALTIM_SETUP);
    api.close();
    const core = openCore({ dbFile });
    const visits = Number(process.env.BENCH_VISITS ?? 250_000);
    const list = (values: string[]) => `json('${JSON.stringify(values)}')`;
    const regencies = list(['64.72', '64.72', '64.02', '64.02', '64.71', '64.08', '64.01', '64.03', '64.74', '64.09', '64.07', '64.11']);
    const divisions = list(['10', '10', '10', '10', '11', '14', '16', '31', '13', '22', '23', '25']);
    const statuses = list(['aktif', 'aktif', 'aktif', 'aktif', 'aktif', 'aktif', 'calon', 'berhenti_sementara', 'tidak_beroperasi', 'tutup']);
    const products = list(['Amplang, kerupuk', 'Kerupuk ikan', 'Abon ikan', 'Anyaman rotan', 'Mebel kayu', 'Konveksi', 'Karet remah', 'Batu bata', 'Kopi bubuk']);
    const certificates = list(['[]', '[]', '["NIB"]', '["NIB","PIRT","HALAL"]', '["NIB","SNI"]']);
    const officers = list(['Ani Suryani', 'Budi Santoso', 'Ani Suryani, Budi Santoso', 'Citra Lestari', 'Dedi Kurniawan', 'Eka Putri']);
    const kinds = list(['identifikasi', 'inventarisasi', 'evaluasi', 'pembinaan']);
    const pick = (array: string, n: string, of: number) => `json_extract(${array}, '$[' || ((${n}) % ${of}) || ']')`;
    const started = performance.now();
    withGuardOpen(core.db, () =>
      core.db.transaction(() => {
        core.db.exec(`
          INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code, kbli_division,
                           products, certificates, workers, size_class, operating_status, created_at, updated_at)
          WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${SITES - 1}),
               s AS (SELECT i, ${pick(regencies, 'i', 12)} AS regency, ${pick(divisions, 'i / 12', 12)} AS division,
                            1 + (i * 7919) % 40 AS workers FROM n)
          SELECT 'bench-site-' || i, 'Usaha ' || i, 'usaha ' || i, '64', regency, regency || '.01', regency || '.01.1001', division, division,
                 ${pick(products, 'i / 7', 9)}, ${pick(certificates, 'i / 3', 5)}, workers,
                 CASE WHEN workers <= 4 THEN 'mikro' WHEN workers <= 19 THEN 'kecil' ELSE 'menengah' END,
                 ${pick(statuses, 'i / 5', 10)}, 't', 't'
            FROM s;
          INSERT INTO visit(id, number, site_id, regency_code, kind, status, visit_date, officers, data, created_by, created_at, updated_at)
          WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${visits - 1}),
               v AS (SELECT i, (i * 104729) % ${SITES} AS site, date('2020-01-01', '+' || ((i * 7) % 2520) || ' days') AS day FROM n)
          SELECT 'bench-visit-' || i, 'BEN/' || i, 'bench-site-' || site, ${pick(regencies, 'site', 12)}, ${pick(kinds, 'i', 4)},
                 CASE WHEN i % 10 = 0 THEN 'draft' ELSE 'final' END, day, ${pick(officers, 'i / 4', 6)},
                 json_object('workforce', json_object('male', i % 7, 'female', i % 5), 'productionValueRp', 1000000 * (1 + i % 300)),
                 'bench', 't', 't'
            FROM v;`);
      })(),
    );
    const fillSeconds = (performance.now() - started) / 1000;
    core.close();
    const results: Record<string, number | string> = { sites: SITES, visits, dashboard_fill_s: round(fillSeconds, 1), ...benchDashboard(dbFile) };
    results.node = process.version;
    results.measured_at = new Date().toISOString();
    console.table(Object.entries(results).map(([metric, value]) => ({ metric, value })));
  } finally {
    tmp.dispose();
  }
}

/** Exports of the whole 250,000-visit log, each in a child process so its peak memory is measured alone. */
function benchExports(dbFile: string, dir: string): Record<string, number> {
  const run = (format: string) => {
    const out = join(dir, `export.${format}`);
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/export-child.ts', dbFile, format, out], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`export ${format} failed: ${child.stderr}`);
    return JSON.parse(child.stdout.trim().split('\n').pop()!) as { seconds: number; cpuSeconds: number; peakRssMb: number; visits: number };
  };
  // The child opens the database as the app does (its 256 MB memory map included); the export
  // itself reads through the page cache while it runs (ExportRowsRepo.lowMemoryReads), so the
  // peak is the whole process as the officer's laptop would see it. A second run with the map
  // turned off from the start measured the same peak (292 and 293 MB), so it is no longer made.
  const xlsx = run('xlsx');
  const csv = run('csv');
  return {
    export_visits: xlsx.visits,
    export_xlsx_250k_s: round(xlsx.seconds, 1),
    export_xlsx_250k_cpu_s: round(xlsx.cpuSeconds, 1),
    export_xlsx_peak_rss_mb: Math.round(xlsx.peakRssMb),
    export_csv_250k_s: round(csv.seconds, 1),
    export_csv_250k_cpu_s: round(csv.cpuSeconds, 1),
    export_csv_peak_rss_mb: Math.round(csv.peakRssMb),
  };
}

/**
 * BENCH_ONLY=data: the export and import figures alone. The 250,000-visit log is built as the full
 * run builds it (the 50,000 sites, then benchVisits); BENCH_DATA_DB=<file> reuses a database an
 * earlier run kept with BENCH_KEEP=<file>, so before/after runs compare on the same file.
 */
async function benchData(): Promise<void> {
  const tmp = tempDir('ikm-bench-data-');
  const results: Record<string, number | string> = {};
  try {
    const kept = process.env.BENCH_DATA_DB;
    const dbFile = join(tmp.dir, 'search.sqlite');
    if (kept) {
      copyFileSync(kept, dbFile);
    } else {
      (await fillSites(dbFile)).api.close();
      Object.assign(results, await benchVisits(dbFile));
    }
    Object.assign(results, benchExports(dbFile, tmp.dir));
    Object.assign(results, await benchImport(tmp.dir));
  } finally {
    tmp.dispose();
  }
  results.node = process.version;
  results.measured_at = new Date().toISOString();
  console.table(Object.entries(results).map(([metric, value]) => ({ metric, value })));
}

/** The search dataset: all sites through the repo (batched in transactions to fill quickly). */
async function fillSites(dbFile: string, parsed?: ReturnType<typeof SiteInput.parse>[]) {
  const rows = parsed ?? generateSites(SITES, indexVillages((await loadProvinceAreas('64'))!.villages)).map((s) => SiteInput.parse(s));
  const api = openApi({ dbFile });
  await call(api, 'setup.save', KALTIM_SETUP);
  const core = openCore({ dbFile });
  const fill = core.db.transaction((batch: typeof rows) => {
    for (const r of batch) core.sites.create(r, { duplicate: true, outsideProvince: true });
  });
  for (let i = 0; i < rows.length; i += 5000) fill(rows.slice(i, i + 5000));
  const figures = {
    changelog_bytes_per_site: Math.round(core.sync.logBytes() / rows.length),
    changelog_messages_per_site: round(core.sync.info().lastSeq / rows.length, 1),
  };
  core.close();
  return { api, figures };
}

/**
 * Encryption at rest (issue 21): sites saved through the repo into an encrypted database and a
 * plain one, in the same run, alternating so the machine's load falls on both alike. The ratio is
 * encrypted / plain (want > 0.7), with the app's synchronous=FULL and with NORMAL (the cipher's
 * CPU cost without the fsync that hides it).
 */
async function benchEncryption(rows: ReturnType<typeof SiteInput.parse>[], dir: string): Promise<Record<string, number>> {
  const sample = rows.slice(0, RATE_WARMUP + RATE_SAMPLE);
  const results: Record<string, number> = {};
  for (const sync of ['FULL', 'NORMAL']) {
    const rates = { plain: [] as number[], encrypted: [] as number[] };
    for (let round = 0; round < 2; round++) {
      for (const kind of ['plain', 'encrypted'] as const) {
        const file = join(dir, `enc-${kind}-${sync}-${round}.sqlite`);
        const key = kind === 'encrypted' ? newDbKey() : null;
        const setupApi = openApi({ dbFile: file, key });
        await call(setupApi, 'setup.save', KALTIM_SETUP);
        setupApi.close();
        rates[kind].push(repoInsertRate(file, sample, sync, key));
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const suffix = sync === 'FULL' ? '' : '_sync_normal';
    results[`encrypted_site_insert_per_s${suffix}`] = Math.round(mean(rates.encrypted));
    results[`plain_site_insert_per_s${suffix}`] = Math.round(mean(rates.plain));
    results[`encrypted_vs_plain_insert_ratio${suffix}`] = round(mean(rates.encrypted) / mean(rates.plain), 3);
    console.log(`[bench] encryption ${sync}: encrypted ${rates.encrypted.map(Math.round).join(', ')}/s, plain ${rates.plain.map(Math.round).join(', ')}/s`);
  }
  return results;
}

/** BENCH_ONLY=encryption: the encryption figures alone, shown and merged into bench/results.json. */
async function benchEncryptionOnly(): Promise<void> {
  const tmp = tempDir('ikm-bench-enc-');
  try {
    const rows = generateSites(RATE_WARMUP + RATE_SAMPLE, indexVillages((await loadProvinceAreas('64'))!.villages)).map((s) => SiteInput.parse(s));
    const results = await benchEncryption(rows, tmp.dir);
    console.table(Object.entries(results).map(([metric, value]) => ({ metric, value })));
    const file = 'bench/results.json';
    const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    writeFileSync(file, JSON.stringify({ ...kept, ...results, encryption_measured_at: new Date().toISOString() }, null, 2) + '\n');
  } finally {
    tmp.dispose();
  }
}

/**
 * Sentra candidates (issue 18) over the whole register: every live site with coordinates read and
 * clustered per KBLI division (DBSCAN with Turf's spatial index), 2 km and at least 5 sites, as the
 * Sentra page asks by default. The median of three runs after one to warm the page cache.
 */
async function benchCluster(api: Awaited<ReturnType<typeof fillSites>>['api']): Promise<Record<string, number>> {
  await call(api, 'sentra.candidates', { distanceKm: 2, minSites: 5 });
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    found = (await call(api, 'sentra.candidates', { distanceKm: 2, minSites: 5 })).candidates.length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { cluster_50k_ms: round(times[1]), cluster_50k_candidates: found };
}

/** BENCH_ONLY=cluster: the candidate clustering figure alone, shown, not written. */
async function benchClusterOnly(): Promise<void> {
  const tmp = tempDir('ikm-bench-cluster-');
  try {
    const { api } = await fillSites(join(tmp.dir, 'cluster.sqlite'));
    const results = await benchCluster(api);
    api.close();
    console.table(Object.entries(results).map(([metric, value]) => ({ metric, value })));
  } finally {
    tmp.dispose();
  }
}

/** BENCH_ONLY=print: the print figure alone (building the renderer when it must), shown, not written. */
async function benchPrintOnly(): Promise<void> {
  const tmp = tempDir('ikm-bench-print-');
  try {
    const results = await benchPrint(tmp.dir);
    console.table(Object.entries(results).map(([metric, value]) => ({ metric, value })));
  } finally {
    tmp.dispose();
  }
}

/**
 * Site search at 1,000,000 sites (BENCH_SEARCH_1M sites): the generated file is kept in the temp
 * folder between runs (see generatedSitesFile), so only the first run pays for building it.
 */
async function benchSearch1m(): Promise<Record<string, number>> {
  const count = Number(process.env.BENCH_SEARCH_1M ?? 1_000_000);
  const file = await generatedSitesFile(count);
  const tmp = tempDir('ikm-bench-search-');
  try {
    const figures = await benchSearch(file, tmp.dir);
    console.log(`[bench] search at ${count} sites, slowest:\n  ${figures.slowest.join('\n  ')}`);
    return { search_1m_sites: count, search_1m_p50_ms: round(figures.p50), search_1m_p95_ms: round(figures.p95), search_1m_max_ms: round(figures.max) };
  } finally {
    tmp.dispose();
  }
}

/** BENCH_ONLY=search: the 1,000,000-site search figures alone, shown, not written. */
async function benchSearchOnly(): Promise<void> {
  const results = await benchSearch1m();
  console.table(Object.entries(results).map(([metric, value]) => ({ metric, value })));
}

/** BENCH_ONLY=sync: the hub sync, load and bundle figures alone, shown, not written. */
async function benchSyncOnly(): Promise<void> {
  const results = { ...(await benchHubLoad()), ...(await benchSync()) };
  console.table(Object.entries(results).map(([metric, value]) => ({ metric, value })));
}

async function main() {
  if (process.env.BENCH_ONLY === 'data') return benchData();
  if (process.env.BENCH_ONLY === 'sync') return benchSyncOnly();
  if (process.env.BENCH_ONLY === 'print') return benchPrintOnly();
  if (process.env.BENCH_ONLY === 'search') return benchSearchOnly();
  if (process.env.BENCH_ONLY === 'encryption') return benchEncryptionOnly();
  if (process.env.BENCH_ONLY === 'cluster') return benchClusterOnly();
  if (process.env.BENCH_ONLY === 'dashboard') return process.env.BENCH_FILL === 'sql' ? benchDashboardSql() : benchDashboardOnly();
  const tmp = tempDir('ikm-bench-');
  const results: Record<string, number | string> = {};
  try {
    const kaltim = (await loadProvinceAreas('64'))!;
    const inputs = generateSites(SITES, indexVillages(kaltim.villages));
    const parsed = inputs.map((s) => SiteInput.parse(s));
    normalizeName(parsed[0].name);

    // Insert rates, both with the app's synchronous=FULL and with NORMAL (CPU cost without fsync).
    const sample = parsed.slice(0, RATE_WARMUP + RATE_SAMPLE);
    for (const sync of ['FULL', 'NORMAL']) {
      const file = join(tmp.dir, `rate-${sync}.sqlite`);
      const setupApi = openApi({ dbFile: file });
      await call(setupApi, 'setup.save', KALTIM_SETUP);
      setupApi.close();
      const repo = repoInsertRate(file, sample, sync);
      const raw = rawInsertRate(join(tmp.dir, `raw-${sync}.sqlite`), sample, sync);
      const suffix = sync === 'FULL' ? '' : '_sync_normal';
      results[`site_insert_per_s${suffix}`] = Math.round(repo);
      results[`raw_insert_per_s${suffix}`] = Math.round(raw);
      results[`site_insert_vs_raw_ratio${suffix}`] = round(repo / raw, 3);
      console.log(`[bench] insert ${sync}: repo ${Math.round(repo)}/s, raw ${Math.round(raw)}/s`);
    }
    Object.assign(results, await benchEncryption(parsed, tmp.dir));

    const dbFile = join(tmp.dir, 'search.sqlite');
    const { api, figures } = await fillSites(dbFile, parsed);
    Object.assign(results, figures);
    Object.assign(results, benchApply(dbFile, join(tmp.dir, 'peer.sqlite'), parsed));
    console.log('[bench] so far', JSON.stringify(results));
    // BENCH_ONLY=replication stops here: the change-log figures without the search, log and sync ones.
    if (process.env.BENCH_ONLY === 'replication') {
      console.table(Object.entries(results).map(([metric, value]) => ({ metric, value })));
      return;
    }

    const times: number[] = [];
    const queries = searchQueries(SEARCHES);
    for (const q of queries.slice(0, 20)) await call(api, 'site.list', q); // warm the page cache
    for (const q of queries) {
      const start = performance.now();
      await call(api, 'site.list', q);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    results.sites = SITES;
    results.site_search_p50_ms = round(percentile(times, 50));
    results.site_search_p95_ms = round(percentile(times, 95));
    results.site_search_max_ms = round(times[times.length - 1]);
    Object.assign(results, await benchCluster(api));
    api.close();

    Object.assign(results, await benchVisits(dbFile));
    Object.assign(results, benchDashboard(dbFile));
    // Sync through a real hub on loopback, bundles, and PouchDB for comparison (issue 8); 50 devices at once (issue 21).
    Object.assign(results, await benchHubLoad());
    Object.assign(results, await benchSync());
    Object.assign(results, benchExports(dbFile, tmp.dir));
    Object.assign(results, await benchImport(tmp.dir));
    Object.assign(results, await benchPrint(tmp.dir));
    Object.assign(results, await benchSearch1m());
  } finally {
    tmp.dispose();
  }

  results.node = process.version;
  results.measured_at = new Date().toISOString();
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
  console.table(Object.entries(results).map(([metric, value]) => ({ metric, value })));
  console.log('Ditulis ke bench/results.json');
}

await main();
