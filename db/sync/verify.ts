import type { Db } from '../open-database';
import type { SyncVerifyDifference, SyncVerifyKind, SyncVerifyReport } from '../model/sync';
import { createDerivedCheckRepo } from '../repo/derived-check';
import { FACT_COLUMNS, searchTerms } from '../repo/sites';
import { factsOf, factsRecordedAt } from '../repo/visits';
import type { Replicator } from './replicator';
import { SYNCED_TABLES, type SyncedTable, type SyncedTableName } from './tables';

/**
 * `sync.verify`: recomputes every derived value from the cells, with the functions that keep them
 * (each table's derive hook through `Replicator.expectedRow`, the visit facts rule, the search
 * terms, the tally queries), and compares with what is stored. Reads only: it runs in a
 * transaction that is always rolled back, so nothing it might touch stays.
 */

/** Columns whose stored value is derived, by table, and the kind a difference in them is. */
const DERIVED_KIND: Partial<Record<SyncedTableName, Record<string, SyncVerifyKind>>> = {
  site: { merged_into: 'merge', deleted: 'merge', ...Object.fromEntries(FACT_COLUMNS.map((c) => [c, 'site_facts'])) },
  visit: { site_id: 'visit', regency_code: 'visit', visit_date: 'visit', officers: 'visit' },
};

/** Text that compares JSON documents by content, whatever the order of their keys. */
function canonicalJson(text: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  try {
    return JSON.stringify(sort(JSON.parse(String(text))));
  } catch {
    return String(text);
  }
}

/** How many sites' search entries are checked against their text (all are checked for presence). */
const SEARCH_TEXT_SAMPLE = 500;

export function createSyncVerify(db: Db, replicator: Replicator) {
  const repo = createDerivedCheckRepo(db);

  function verify({ examples: maxExamples }: { examples: number }): SyncVerifyReport {
    const started = performance.now();
    const counts: Partial<Record<SyncVerifyKind, number>> = {};
    const examples: SyncVerifyDifference[] = [];
    let checked = 0;
    let differences = 0;
    const differ = (d: SyncVerifyDifference) => {
      differences++;
      counts[d.kind] = (counts[d.kind] ?? 0) + 1;
      if (examples.length < maxExamples) examples.push(d);
    };

    // 1. Every synced row against the row its cells make, derived by its table's own hooks.
    for (const [table, spec] of Object.entries(SYNCED_TABLES) as [SyncedTableName, SyncedTable][]) {
      const derivedKinds = DERIVED_KIND[table] ?? {};
      for (const stored of repo.rows(table)) {
        checked++;
        const id = String(stored[spec.key]);
        const expected = replicator.expectedRow(table, stored);
        if (!expected) {
          differ({ kind: 'row', table, row: id, column: '(row)', stored: 'present', expected: 'no cells' });
          continue;
        }
        for (const column of Object.keys(stored)) {
          if (column === 'updated_at' || column === spec.key) continue;
          const isDocument = column === spec.document?.column;
          const same = isDocument ? canonicalJson(stored[column]) === canonicalJson(expected[column]) : stored[column] === expected[column];
          if (same) continue;
          const kind = derivedKinds[column] ?? (spec.columns.includes(column) || isDocument ? 'cell' : 'derived');
          differ({ kind, table, row: id, column, stored: stored[column], expected: expected[column] });
        }
      }
      for (const id of repo.missingRows(table, spec.key)) differ({ kind: 'row', table, row: id, column: '(row)', stored: null, expected: 'present' });
    }

    // 2. The facts each final visit recorded about its site (what the site's current facts read).
    const expectedFacts = new Map<string, { site_id: string; value: string; observed_on: string; recorded_at: string }>();
    for (const visit of repo.rows('visit')) {
      if (visit.status !== 'final' || visit.deleted !== 0 || !visit.visit_date) continue;
      const recordedAt = factsRecordedAt(replicator, String(visit.id), String(visit.updated_at));
      for (const [fact, value] of factsOf(JSON.parse(String(visit.data)) as Record<string, unknown>)) {
        expectedFacts.set(`${String(visit.id)}\u0000${fact}`, { site_id: String(visit.site_id), value: JSON.stringify(value), observed_on: String(visit.visit_date), recorded_at: recordedAt });
      }
    }
    for (const stored of repo.siteFacts()) {
      checked++;
      const key = `${stored.visit_id}\u0000${stored.fact}`;
      const expected = expectedFacts.get(key);
      expectedFacts.delete(key);
      const row = `${stored.visit_id}:${stored.fact}`;
      if (!expected) {
        differ({ kind: 'site_fact', table: 'site_fact', row, column: '(row)', stored: stored.value, expected: null });
        continue;
      }
      for (const column of ['site_id', 'value', 'observed_on', 'recorded_at'] as const) {
        if (stored[column] !== expected[column]) differ({ kind: 'site_fact', table: 'site_fact', row, column, stored: stored[column], expected: expected[column] });
      }
    }
    for (const [key, expected] of expectedFacts) {
      differ({ kind: 'site_fact', table: 'site_fact', row: key.replace('\u0000', ':'), column: '(row)', stored: null, expected: expected.value });
    }

    // 3. The visit log's tallies against a count of the visit rows.
    for (const [table, { kept, counted }] of [
      ['visit_tally', repo.tallies()],
      ['visit_month_tally', repo.monthTallies()],
    ] as const) {
      const want = new Map(counted.map((r) => [r.key, r.n]));
      for (const r of kept) {
        checked++;
        if (want.get(r.key) !== r.n) differ({ kind: 'visit_tally', table, row: r.key, column: 'n', stored: r.n, expected: want.get(r.key) ?? 0 });
        want.delete(r.key);
      }
      for (const [key, n] of want) differ({ kind: 'visit_tally', table, row: key, column: 'n', stored: 0, expected: n });
    }

    // 4. The search index: an entry for each live site (those saved since wait for the next
    // search, by design), none for the others; and, for a sample spread over the register (a
    // phrase query costs about a millisecond), the entry matching its site's name and owner.
    const indexed = repo.indexedRowids();
    const pending = repo.searchPending();
    const every = Math.max(1, Math.ceil(repo.siteCount() / SEARCH_TEXT_SAMPLE));
    let n = 0;
    for (const site of repo.searchRows()) {
      if (pending.has(site.rowid)) {
        indexed.delete(site.rowid);
        continue;
      }
      checked++;
      const has = indexed.delete(site.rowid);
      const live = site.deleted === 0;
      if (has !== live) {
        differ({ kind: 'search_index', table: 'site_fts', row: site.id, column: '(entry)', stored: has ? 'present' : 'absent', expected: live ? 'present' : 'absent' });
        continue;
      }
      const query = live && n++ % every === 0 ? searchTerms(`${site.name} ${site.owner_name ?? ''}`).match : null;
      if (query && !repo.entryMatches(query, site.rowid)) {
        differ({ kind: 'search_index', table: 'site_fts', row: site.id, column: 'name', stored: '(other text)', expected: site.name });
      }
    }
    for (const rowid of indexed) differ({ kind: 'search_index', table: 'site_fts', row: String(rowid), column: '(entry)', stored: 'present', expected: 'absent' });

    return { clean: differences === 0, checked, differences, counts, examples, ms: Math.round(performance.now() - started) };
  }

  return {
    /** Compares every derived value with its recomputation; changes nothing. */
    verify(input: { examples: number }): SyncVerifyReport {
      db.exec('BEGIN');
      try {
        return verify(input);
      } finally {
        db.exec('ROLLBACK');
        replicator.log.forgetNumbers();
      }
    },
  };
}
