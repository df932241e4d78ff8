import type { Db } from '../open-database';
import {
  LEADING_MEASURES,
  LEADING_PER_REGENCY,
  type Dashboard,
  type DashboardCertificate,
  type DashboardLeading,
  type DashboardScope,
  type DashboardSites,
  type DashboardVisits,
  type LeadingEntry,
  type ParsedDashboardRequest,
  type SiteFigures,
} from '../model/dashboard';
import { timed } from './timing';

interface SiteTallyRow {
  regency_code: string;
  operating_status: string;
  size_class: string;
  kbli_division: string;
  n: number;
  workers: number;
  male: number;
  female: number;
  production: number;
}

/** A site's main product, as the Beranda's tally keys it (migration 0014): the first of its products, in lower case. */
export const mainProductSql = (p: string) =>
  `lower(trim(CASE WHEN instr(coalesce(${p}, ''), ',') > 0 THEN substr(${p}, 1, instr(${p}, ',') - 1) ELSE coalesce(${p}, '') END))`;

/** The officers of a visit as the form joins them ("Ani Suryani, Budi Santoso"). */
export function splitOfficers(officers: string): string[] {
  return [...new Set(officers.split(',').map((o) => o.trim()).filter(Boolean))];
}

const emptyFigures = (): SiteFigures => ({ sites: 0, workers: 0, male: 0, female: 0, production: 0 });
const addFigures = (to: SiteFigures, row: { n: number; workers: number; male: number; female: number; production: number }) => {
  to.sites += row.n;
  to.workers += row.workers;
  to.male += row.male;
  to.female += row.female;
  to.production += row.production;
};
const bump = (record: Record<string, number>, key: string, n: number) => {
  record[key] = (record[key] ?? 0) + n;
};

/**
 * The Beranda. Every section reads the tallies of migration 0014 (kept by triggers on every write,
 * the replicator's included), never the site or visit rows, so it costs the same at a million sites.
 * The scope is resolved to regencies once; each section filters its tally by them.
 */
export function createDashboardRepo(db: Db) {
  // @regencies is null for the whole data set, else a JSON array of regency codes.
  const inScope = '(@regencies IS NULL OR regency_code IN (SELECT value FROM json_each(@regencies)))';
  type InScope = { regencies: string | null };
  const siteTally = db.prepare<[InScope], SiteTallyRow>(
    `SELECT regency_code, operating_status, size_class, kbli_division, n, workers, male, female, production
       FROM site_tally WHERE n > 0 AND ${inScope}`,
  );
  const productTally = db.prepare<[InScope], { regency_code: string; product: string; n: number; workers: number; production: number }>(
    `SELECT regency_code, product, n, workers, production FROM site_product_tally WHERE n > 0 AND product <> '' AND ${inScope}`,
  );
  const certificateTally = db.prepare<[InScope], DashboardCertificate>(
    `SELECT certificate, sum(n) AS sites FROM site_certificate_tally WHERE n > 0 AND ${inScope}
      GROUP BY certificate ORDER BY sites DESC, certificate`,
  );
  const visitTally = db.prepare<[InScope & { from: string; to: string }], { month: string; kind: string; officers: string; n: number }>(
    `SELECT month, kind, officers, n FROM visit_officer_tally
      WHERE month BETWEEN @from AND @to AND status = 'final' AND n > 0 AND ${inScope}`,
  );
  const regenciesOfWilayah = db.prepare<[string], string>('SELECT regency_code FROM wilayah_regency WHERE wilayah_id = ? ORDER BY regency_code').pluck();
  const areaNames = db.prepare<[string], { code: string; name: string }>('SELECT code, name FROM area WHERE code IN (SELECT value FROM json_each(?))');
  const wilayahOf = db.prepare<[string], { regency_code: string; id: string; name: string }>(
    `SELECT wr.regency_code, w.id, w.name FROM wilayah_regency wr JOIN wilayah w ON w.id = wr.wilayah_id AND w.deleted = 0
      WHERE wr.regency_code IN (SELECT value FROM json_each(?))`,
  );

  /** The regencies a scope covers; null for the whole data set. */
  function regenciesOf(scope: DashboardScope): string[] | null {
    if (scope.regencyCode) return [scope.regencyCode];
    if (scope.wilayahId) return regenciesOfWilayah.all(scope.wilayahId);
    return null;
  }

  function namesOf(codes: Iterable<string>): Map<string, string> {
    return new Map(areaNames.all(JSON.stringify([...codes])).map((a) => [a.code, a.name]));
  }

  function sites(regencies: string | null): DashboardSites {
    const totals = emptyFigures();
    const byStatus: Record<string, number> = {};
    const bySize: Record<string, number> = {};
    const kbli = new Map<string, { kbliDivision: string; sites: number; workers: number; production: number }>();
    const regency = new Map<string, SiteFigures & { byStatus: Record<string, number> }>();
    for (const row of siteTally.all({ regencies })) {
      addFigures(totals, row);
      bump(byStatus, row.operating_status, row.n);
      bump(bySize, row.size_class, row.n);
      const k = kbli.get(row.kbli_division) ?? { kbliDivision: row.kbli_division, sites: 0, workers: 0, production: 0 };
      k.sites += row.n;
      k.workers += row.workers;
      k.production += row.production;
      kbli.set(row.kbli_division, k);
      const r = regency.get(row.regency_code) ?? { ...emptyFigures(), byStatus: {} };
      addFigures(r, row);
      bump(r.byStatus, row.operating_status, row.n);
      regency.set(row.regency_code, r);
    }
    const names = namesOf(regency.keys());
    const wilayahs = new Map(wilayahOf.all(JSON.stringify([...regency.keys()])).map((w) => [w.regency_code, w]));
    const byWilayah = new Map<string | null, DashboardSites['byWilayah'][number]>();
    for (const [code, r] of regency) {
      const w = wilayahs.get(code);
      const key = w?.id ?? null;
      const entry = byWilayah.get(key) ?? { wilayahId: key, wilayahName: w?.name ?? null, sites: 0, byStatus: {} };
      entry.sites += r.sites;
      for (const [status, n] of Object.entries(r.byStatus)) bump(entry.byStatus, status, n);
      byWilayah.set(key, entry);
    }
    return {
      totals,
      byStatus,
      bySize,
      byKbli: [...kbli.values()].sort((a, b) => b.sites - a.sites || a.kbliDivision.localeCompare(b.kbliDivision)),
      byRegency: [...regency.entries()]
        .map(([regencyCode, r]) => ({ regencyCode, regencyName: names.get(regencyCode) ?? regencyCode, ...r }))
        .sort((a, b) => b.sites - a.sites || a.regencyName.localeCompare(b.regencyName)),
      byWilayah: [...byWilayah.values()].sort(
        (a, b) => Number(a.wilayahId === null) - Number(b.wilayahId === null) || (a.wilayahName ?? '').localeCompare(b.wilayahName ?? ''),
      ),
    };
  }

  function visits(regencies: string | null, month: string): DashboardVisits {
    const year = month.slice(0, 4);
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const byMonth = new Map(months.map((m) => [m, { month: m, visits: 0, byKind: {} as Record<string, number> }]));
    const kinds = new Map<string, { kind: string; month: number; year: number }>();
    const officers = new Map<string, { officer: string; month: number; year: number }>();
    let monthTotal = 0;
    let yearTotal = 0;
    for (const row of visitTally.all({ regencies, from: months[0], to: months[11] })) {
      const inMonth = row.month === month ? row.n : 0;
      yearTotal += row.n;
      monthTotal += inMonth;
      const m = byMonth.get(row.month)!;
      m.visits += row.n;
      bump(m.byKind, row.kind, row.n);
      const k = kinds.get(row.kind) ?? { kind: row.kind, month: 0, year: 0 };
      k.month += inMonth;
      k.year += row.n;
      kinds.set(row.kind, k);
      for (const name of splitOfficers(row.officers)) {
        const o = officers.get(name) ?? { officer: name, month: 0, year: 0 };
        o.month += inMonth;
        o.year += row.n;
        officers.set(name, o);
      }
    }
    return {
      month,
      year,
      monthTotal,
      yearTotal,
      byKind: [...kinds.values()].sort((a, b) => b.year - a.year || a.kind.localeCompare(b.kind)),
      byOfficer: [...officers.values()].sort((a, b) => b.year - a.year || a.officer.localeCompare(b.officer)),
      byMonth: [...byMonth.values()],
    };
  }

  const top = (entries: LeadingEntry[]) =>
    Object.fromEntries(
      LEADING_MEASURES.map((measure) => [
        measure,
        [...entries].sort((a, b) => b[measure] - a[measure] || b.sites - a.sites || a.key.localeCompare(b.key)).slice(0, LEADING_PER_REGENCY),
      ]),
    ) as DashboardLeading['products'];

  function leading(regencies: string | null, siteSection: DashboardSites): DashboardLeading[] {
    const products = new Map<string, LeadingEntry[]>();
    for (const row of productTally.all({ regencies })) {
      const list = products.get(row.regency_code) ?? [];
      list.push({ key: row.product, sites: row.n, workers: row.workers, production: row.production });
      products.set(row.regency_code, list);
    }
    const kbli = new Map<string, Map<string, LeadingEntry>>();
    for (const row of siteTally.all({ regencies })) {
      const byDivision = kbli.get(row.regency_code) ?? new Map<string, LeadingEntry>();
      const e = byDivision.get(row.kbli_division) ?? { key: row.kbli_division, sites: 0, workers: 0, production: 0 };
      e.sites += row.n;
      e.workers += row.workers;
      e.production += row.production;
      byDivision.set(row.kbli_division, e);
      kbli.set(row.regency_code, byDivision);
    }
    return siteSection.byRegency.map((r) => ({
      regencyCode: r.regencyCode,
      regencyName: r.regencyName,
      products: top(products.get(r.regencyCode) ?? []),
      kbli: top([...(kbli.get(r.regencyCode)?.values() ?? [])]),
    }));
  }

  return {
    regenciesOf,
    get(request: ParsedDashboardRequest): Dashboard {
      return timed('dashboard.get', () => {
        const regencyCodes = regenciesOf(request.scope);
        const regencies = regencyCodes && JSON.stringify(regencyCodes);
        const siteSection = sites(regencies);
        return {
          regencyCodes,
          sites: siteSection,
          visits: visits(regencies, request.month),
          certificates: certificateTally.all({ regencies }),
          leading: leading(regencies, siteSection),
        };
      });
    },
  };
}
export type DashboardRepo = ReturnType<typeof createDashboardRepo>;
