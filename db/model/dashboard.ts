import { z } from 'zod';

/**
 * What the Beranda covers: the whole data set, a wilayah, or a regency (a regency wins over a
 * wilayah). Other scopes (a sentra) are added here as further optional keys.
 */
export const DashboardScope = z.object({
  wilayahId: z.string().min(1).max(64).nullish(),
  regencyCode: z.string().regex(/^\d{2}\.\d{2}$/).nullish(),
});
export type DashboardScope = z.input<typeof DashboardScope>;

/** The Beranda's request: a scope and the month of the period ("this month"; its year is "this year"). */
export const DashboardRequest = z.object({
  scope: DashboardScope.default({}),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Bulan berformat YYYY-MM'),
});
export type DashboardRequest = z.input<typeof DashboardRequest>;
export type ParsedDashboardRequest = z.output<typeof DashboardRequest>;

/** Sums over a set of live sites, from their current facts. */
export interface SiteFigures {
  sites: number;
  workers: number;
  /** Workforce by sex and production value (Rp a year), from each site's latest final visit that states them. */
  male: number;
  female: number;
  production: number;
}

export interface DashboardSites {
  totals: SiteFigures;
  byStatus: Record<string, number>;
  /** '' for sites whose size class is not known. */
  bySize: Record<string, number>;
  byKbli: { kbliDivision: string; sites: number; workers: number; production: number }[];
  byRegency: (SiteFigures & { regencyCode: string; regencyName: string; byStatus: Record<string, number> })[];
  /** Live sites per wilayah and status (the stacked bar); regencies in no wilayah under wilayahId null. */
  byWilayah: { wilayahId: string | null; wilayahName: string | null; sites: number; byStatus: Record<string, number> }[];
}

/** Final visits of the period, by officer and by kind. */
export interface DashboardVisits {
  month: string;
  year: string;
  monthTotal: number;
  yearTotal: number;
  byKind: { kind: string; month: number; year: number }[];
  /** A visit made by two officers counts for each of them. */
  byOfficer: { officer: string; month: number; year: number }[];
  /** The year's months, January first: "2026-01" … "2026-12". */
  byMonth: { month: string; visits: number; byKind: Record<string, number> }[];
}

/** Live sites holding each certificate. */
export interface DashboardCertificate {
  certificate: string;
  sites: number;
}

/** Produk unggulan of one regency: its leading main products and KBLI divisions. */
export interface DashboardLeading {
  regencyCode: string;
  regencyName: string;
  /** The leading main products and KBLI divisions by each measure, LEADING_PER_REGENCY of each. */
  products: Record<LeadingMeasure, LeadingEntry[]>;
  kbli: Record<LeadingMeasure, LeadingEntry[]>;
}
export const LEADING_MEASURES = ['sites', 'workers', 'production'] as const;
export type LeadingMeasure = (typeof LEADING_MEASURES)[number];
export interface LeadingEntry {
  /** A main product (lower case) or a KBLI division. */
  key: string;
  sites: number;
  workers: number;
  production: number;
}

/**
 * The Beranda, in sections. Each section is computed on its own from tallies; a later feature
 * adds its section as a further key here and in db/repo/dashboard.ts.
 */
export interface Dashboard {
  /** The regencies the scope covers; null for the whole data set. */
  regencyCodes: string[] | null;
  sites: DashboardSites;
  visits: DashboardVisits;
  certificates: DashboardCertificate[];
  leading: DashboardLeading[];
}

/** How many entries each regency's produk unggulan lists. */
export const LEADING_PER_REGENCY = 5;
