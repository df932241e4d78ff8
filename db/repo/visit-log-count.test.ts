import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { openCore } from '../core';
import { withGuardOpen } from '../sync/write-guard';
import { VisitListQuery } from '../model/visit';
import { createSite, setUpApi } from '../test-support';

// The log's total comes from tallies and part-month counts; whatever the filters, it must equal a
// plain count of the matching visits.

let core: ReturnType<typeof openCore>;
let dispose: () => void;

const DAYS = [null, '2025-12-31', '2026-01-01', '2026-01-15', '2026-01-31', '2026-02-01', '2026-02-28', '2026-03-01', '2026-03-09'];
const KINDS = ['identifikasi', 'inventarisasi', 'evaluasi', 'pembinaan'] as const;
const REGENCIES = ['64.71', '64.72', '64.02'];
const OFFICERS = ['Ani Suryani', 'Ani Suryani, Budi Santoso', 'Citra Lestari', ''];

before(async () => {
  const setUp = await setUpApi();
  const site = await createSite(setUp.api);
  core = openCore({ dbFile: setUp.dbFile });
  dispose = () => {
    core.close();
    setUp.dispose();
  };
  // 600 visits written as rows (the tallies' triggers see every write, whichever code makes it).
  const insert = core.db.prepare(`
    INSERT INTO visit(id, number, site_id, regency_code, kind, status, visit_date, officers, data, created_by, created_at, updated_at, deleted)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', 'o', 't', 't', ?)`);
  const rows = fc.sample(
    fc.tuple(fc.constantFrom(...REGENCIES), fc.constantFrom(...KINDS), fc.constantFrom('draft', 'final'),
      fc.constantFrom(...DAYS), fc.constantFrom(...OFFICERS), fc.constantFrom(0, 0, 0, 1)),
    { numRuns: 600, seed: 7 },
  );
  // Raw rows, past the write unit on purpose: this tests the tallies' triggers and the count logic.
  withGuardOpen(core.db, () => core.db.transaction(() => rows.forEach((r, i) => insert.run(`v${i}`, `N${i}`, site.id, ...r)))());
});
after(() => dispose());

/** The oracle: a plain count over the table, written without any of the list's shortcuts. */
function plainCount(q: VisitListQuery): number {
  const wilayah = q.wilayahId
    ? (core.db.prepare('SELECT regency_code FROM wilayah_regency WHERE wilayah_id = ?').pluck().all(q.wilayahId) as string[])
    : null;
  const rows = core.db.prepare('SELECT * FROM visit WHERE deleted = 0').all() as Record<string, string | null>[];
  return rows.filter(
    (r) =>
      (!q.dateFrom || (r.visit_date !== null && r.visit_date >= q.dateFrom)) &&
      (!q.dateTo || (r.visit_date !== null && r.visit_date <= q.dateTo)) &&
      (!q.kind || r.kind === q.kind) &&
      (!q.status || r.status === q.status) &&
      (!q.regencyCode || r.regency_code === q.regencyCode) &&
      (!wilayah || wilayah.includes(r.regency_code!)) &&
      (!q.officer || r.officers!.toLowerCase().includes(q.officer.toLowerCase())),
  ).length;
}

test('the visit log total equals a plain count, for any mix of filters and date range', () => {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const day = fc.constantFrom(...DAYS.slice(1), '2026-01-02', '2026-02-27', '2025-11-30', '2026-04-30');
  fc.assert(
    fc.property(
      fc.record({
        dateFrom: maybe(day),
        dateTo: maybe(day),
        kind: maybe(fc.constantFrom(...KINDS)),
        status: maybe(fc.constantFrom('draft' as const, 'final' as const)),
        regencyCode: maybe(fc.constantFrom(...REGENCIES)),
        wilayahId: maybe(fc.constantFrom('64-wp-1', '64-wp-2', '64-wp-3')),
        officer: maybe(fc.constantFrom('ani', 'budi', 'citra lestari', 'zz')),
      }),
      (filters) => {
        const query = VisitListQuery.parse(filters);
        assert.equal(core.visits.list({ ...query, limit: 1 }).total, plainCount(query), JSON.stringify(filters));
      },
    ),
    { numRuns: 400 },
  );
});
