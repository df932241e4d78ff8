import { z } from 'zod';
import { KbliDivision } from './catalog';
import { Id } from './site';

/** What a sentra is: a sentra IKM, a kawasan industri, or a candidate the office has yet to decide on. */
export const SENTRA_KINDS = ['sentra_ikm', 'kawasan_industri', 'kandidat'] as const;
export const SentraKind = z.enum(SENTRA_KINDS);
export type SentraKind = z.infer<typeof SentraKind>;

/** Proposed, or set by the office's decree. */
export const SENTRA_STATUSES = ['usulan', 'ditetapkan'] as const;
export const SentraStatus = z.enum(SENTRA_STATUSES);
export type SentraStatus = z.infer<typeof SentraStatus>;

const RegencyCode = z.string().regex(/^\d{2}\.\d{2}$/, 'Kode kabupaten/kota tidak valid');
const Text = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));

/** A person's fields of a sentra (the form). */
export const SentraFields = z.object({
  name: z.string().trim().min(3, 'Nama sentra paling sedikit 3 karakter').max(120),
  kind: SentraKind,
  regencyCode: RegencyCode,
  kbliDivision: KbliDivision.nullish().transform((v) => v ?? null),
  product: Text(200),
  notes: Text(2000),
  status: SentraStatus.default('usulan'),
});
export type SentraFields = z.output<typeof SentraFields>;

export const SentraSaveRequest = SentraFields.extend({ id: Id.nullish() });
export type SentraSaveRequest = z.input<typeof SentraSaveRequest>;

export const SentraIdRequest = z.object({ id: Id });

export const SentraListQuery = z
  .object({ regencyCode: RegencyCode.nullish(), wilayahId: z.string().min(1).max(64).nullish(), kind: SentraKind.nullish() })
  .default({});
export type SentraListQuery = z.input<typeof SentraListQuery>;

/** The sites on the map: all live sites with coordinates, or one sentra's. */
export const SentraMapQuery = z.object({ sentraId: Id.nullish() }).default({});

/** Sites to put in a sentra, or (sentraId null) to take out of the one they are in. */
export const SentraAssignRequest = z.object({
  sentraId: Id.nullable(),
  siteIds: z.array(Id).min(1).max(5000),
});
export type SentraAssignRequest = z.input<typeof SentraAssignRequest>;

/** What the user sets for the suggested candidates: the distance between neighbours and the least number of sites. */
export const SentraCandidatesRequest = z
  .object({
    distanceKm: z.number().min(0.05).max(50).default(2),
    minSites: z.number().int().min(2).max(500).default(5),
    wilayahId: z.string().min(1).max(64).nullish(),
  })
  .default({ distanceKm: 2, minSites: 5 });
export type SentraCandidatesRequest = z.input<typeof SentraCandidatesRequest>;

/** Accept a suggested cluster: a candidate sentra with those sites in it. */
export const SentraFromClusterRequest = z.object({
  name: z.string().trim().min(3, 'Nama sentra paling sedikit 3 karakter').max(120),
  regencyCode: RegencyCode,
  kbliDivision: KbliDivision,
  siteIds: z.array(Id).min(1).max(5000),
});
export type SentraFromClusterRequest = z.input<typeof SentraFromClusterRequest>;

export interface Sentra {
  id: string;
  name: string;
  kind: SentraKind;
  regencyCode: string;
  regencyName: string;
  wilayahId: string | null;
  wilayahName: string | null;
  kbliDivision: string | null;
  product: string | null;
  notes: string | null;
  status: SentraStatus;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
  /** Live sites assigned to it. */
  siteCount: number;
}

/** One site of a sentra page: what it is, its workforce, production and certificates, its last visit. */
export interface SentraSite {
  id: string;
  name: string;
  villageName: string;
  kbliCode: string;
  operatingStatus: string;
  workers: number | null;
  /** Men and women from the latest final visit (the site form keeps only a total). */
  workersMale: number | null;
  workersFemale: number | null;
  /** From the latest final visit, rupiah a year. */
  productionValueRp: number | null;
  certificates: string[];
  latitude: number | null;
  longitude: number | null;
  lastVisitDate: string | null;
  lastVisitNumber: string | null;
  lastVisitId: string | null;
}

export interface SentraDetail {
  sentra: Sentra;
  sites: SentraSite[];
  totals: { sites: number; workers: number; productionValueRp: number; certificates: Record<string, number> };
}

/** A suggested candidate: live sites of one KBLI division close together. */
export interface SentraCandidate {
  /** Stable within one answer (for React keys and tests). */
  key: string;
  kbliDivision: string;
  /** The regency most of its sites are in: where an accepted candidate is placed. */
  regencyCode: string;
  regencyName: string;
  wilayahId: string | null;
  wilayahName: string | null;
  siteIds: string[];
  /** Sites already assigned to a sentra. */
  assigned: number;
  centre: { latitude: number; longitude: number };
}

export interface SentraCandidatesResult {
  candidates: SentraCandidate[];
  /** Live sites with coordinates that were clustered. */
  sitesConsidered: number;
  ms: number;
}

/** A site on the map: its point, status and division, and its sentra. */
export interface MapSite {
  id: string;
  name: string;
  latitude: number;
  longitude: number;
  operatingStatus: string;
  kbliDivision: string;
  regencyCode: string;
  sentraId: string | null;
}
