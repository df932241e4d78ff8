import { z } from 'zod';
import type { DuplicateReason } from './duplicates';
import {
  CertificateKind,
  KbliDivision,
  LegalForm,
  MAX_IKM_WORKERS,
  OperatingStatus,
  SectorGroup,
  SizeClass,
  sizeClassForWorkers,
  siteSizeClass,
} from './catalog';
import { optionalText, requiredText } from './text';
import { CertificateList, type CertificateEntry } from './certificate';

/** A code of the Kemendagri area tree, e.g. "64.72.01.1001" for a desa/kelurahan. */
export const VillageCode = z
  .string({ error: 'Desa/kelurahan wajib dipilih' })
  .regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'Desa/kelurahan wajib dipilih');

/** A coordinate typed by a person: "-0,5021", "-0.5021" or a number. Empty means none. */
function coordinate(label: string, limit: number) {
  return z
    .union([z.number(), z.string()])
    .nullish()
    .transform((v, ctx) => {
      if (v === null || v === undefined) return null;
      const text = typeof v === 'number' ? String(v) : v.trim().replace(',', '.');
      if (text === '') return null;
      const n = Number(text);
      if (!/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(text) || !Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: `${label} harus berupa angka desimal, mis. -0,5021`, params: { code: 'decimal' } });
        return z.NEVER;
      }
      if (Math.abs(n) > limit) {
        ctx.addIssue({ code: 'custom', message: `${label} harus di antara -${limit} dan ${limit}`, params: { code: 'between', min: -limit, max: limit } });
        return z.NEVER;
      }
      return n;
    });
}

const currentYear = () => new Date().getFullYear();

/** Where a new site is registered from: the register's form, or a new unit's first visit (identifikasi). */
export type SiteOrigin = 'register' | 'visit';

/** The status a new site starts with: a unit found on a visit is a candidate until identified. */
export function newSiteStatus(origin: SiteOrigin): OperatingStatus {
  return origin === 'visit' ? 'calon' : 'aktif';
}

/** What a person enters for an IKM site; the same schema checks the form, IPC, CLI and imports. */
export const SiteInput = z
  .object({
    name: requiredText(2, 200, 'Nama usaha'),
    ownerName: optionalText(120, 'Nama pemilik'),
    phone: optionalText(30, 'Nomor telepon').refine((v) => v === null || /^\+?[0-9][0-9 -]{5,}$/.test(v), {
      message: 'Nomor telepon hanya boleh berisi angka, spasi, tanda - dan + di depan',
      params: { code: 'phone' },
    }),
    email: optionalText(120, 'Email').refine((v) => v === null || z.email().safeParse(v).success, {
      message: 'Alamat email tidak valid',
      params: { code: 'email' },
    }),
    address: optionalText(300, 'Alamat'),
    villageCode: VillageCode,
    latitude: coordinate('Lintang', 90),
    longitude: coordinate('Bujur', 180),
    kbliCode: z
      .string({ error: 'KBLI wajib dipilih' })
      .trim()
      .regex(/^\d{2}(\d{3})?$/, 'Kode KBLI terdiri dari 2 digit (golongan pokok) atau 5 digit')
      .refine((v) => KbliDivision.safeParse(v.slice(0, 2)).success, {
        message: 'KBLI harus golongan pokok 10–33 (industri pengolahan)',
        params: { code: 'kbli_division' },
      }),
    sectorGroup: SectorGroup.nullish().transform((v) => v ?? null),
    products: optionalText(500, 'Produk'),
    legalForm: LegalForm.nullish().transform((v) => v ?? null),
    nib: optionalText(13, 'NIB').refine((v) => v === null || /^\d{13}$/.test(v), {
      message: 'NIB terdiri dari 13 digit angka',
      params: { code: 'nib' },
    }),
    /** Kinds (held, as before) or pipeline entries {kind, status, number, date}; see certificate.ts. */
    certificates: CertificateList,
    workers: z
      .number({ error: 'Jumlah tenaga kerja harus berupa angka' })
      .int('Jumlah tenaga kerja harus bilangan bulat')
      .min(0, 'Jumlah tenaga kerja tidak boleh negatif')
      // The ceiling of small and medium industry, not of a number: said as such in both languages.
      .refine((n) => n <= MAX_IKM_WORKERS, {
        message: `Lebih dari ${MAX_IKM_WORKERS} tenaga kerja bukan lagi IKM (industri besar)`,
        params: { code: 'workers_not_ikm', max: MAX_IKM_WORKERS },
      })
      .nullish()
      .transform((v) => v ?? null),
    sizeClass: SizeClass.nullish().transform((v) => v ?? null),
    operatingStatus: OperatingStatus.default(newSiteStatus('register')),
    yearEstablished: z
      .number({ error: 'Tahun berdiri harus berupa angka' })
      .int('Tahun berdiri harus bilangan bulat')
      .min(1900, 'Tahun berdiri paling awal 1900')
      .nullish()
      .transform((v) => v ?? null)
      .refine((v) => v === null || v <= currentYear(), { message: 'Tahun berdiri tidak boleh di masa depan', params: { code: 'year_future' } }),
    notes: optionalText(2000, 'Catatan'),
  })
  .superRefine((site, ctx) => {
    if ((site.latitude === null) !== (site.longitude === null)) {
      ctx.addIssue({
        code: 'custom',
        path: [site.latitude === null ? 'latitude' : 'longitude'],
        message: 'Lintang dan bujur diisi keduanya atau dikosongkan keduanya',
        params: { code: 'both_coordinates' },
      });
    }
    if (site.workers !== null && site.workers > 0 && site.sizeClass !== null) {
      const expected = sizeClassForWorkers(site.workers);
      if (expected !== site.sizeClass) {
        ctx.addIssue({
          code: 'custom',
          path: ['sizeClass'],
          message: `Dengan ${site.workers} tenaga kerja, skala usaha seharusnya ${expected}`,
          params: { code: 'size_class', n: site.workers, size: expected ?? '' },
        });
      }
    }
  })
  .transform((site) => ({
    ...site,
    sizeClass: siteSizeClass(site.workers, site.sizeClass),
  }));
export type SiteInput = z.input<typeof SiteInput>;
export type SiteFields = z.output<typeof SiteInput>;

/** What the officer has already confirmed after seeing a warning. */
export const SiteConfirmations = z
  .object({
    duplicate: z.boolean().default(false),
    outsideProvince: z.boolean().default(false),
  })
  .default({ duplicate: false, outsideProvince: false });

export const Id = z.string({ error: 'ID wajib diisi' }).uuid('ID tidak valid');

export const SiteCreateRequest = z.object({ site: SiteInput, confirm: SiteConfirmations });
export const SiteUpdateRequest = z.object({ id: Id, site: SiteInput, confirm: SiteConfirmations });
export const SiteIdRequest = z.object({ id: Id });

export const SITE_SORTS = ['name', 'updated', 'regency'] as const;

export const SiteListQuery = z.object({
  text: z.string().trim().max(200, 'Kata kunci paling panjang 200 karakter').default(''),
  regencyCode: z.string().regex(/^\d{2}\.\d{2}$/).nullish(),
  districtCode: z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/).nullish(),
  wilayahId: z.string().min(1).max(64).nullish(),
  kbliDivision: KbliDivision.nullish(),
  sectorGroup: SectorGroup.nullish(),
  operatingStatus: OperatingStatus.nullish(),
  sizeClass: SizeClass.nullish(),
  /** Sites holding this certificate (the Beranda's certificate counts open this). */
  certificate: CertificateKind.nullish(),
  /** Sites whose main product (the first their products name, in any case) is this one (the Beranda's produk unggulan). */
  mainProduct: z.string().trim().toLowerCase().max(200).nullish(),
  archived: z.boolean().default(false),
  sort: z.enum(SITE_SORTS).default('name'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type SiteListQuery = z.input<typeof SiteListQuery>;
export type ParsedSiteListQuery = z.output<typeof SiteListQuery>;

/** A stored site, with the names of its area for display. */
export interface Site extends Omit<SiteFields, 'certificates'> {
  id: string;
  /** The kinds held, sorted (what the register, exports and visits speak of). */
  certificates: CertificateKind[];
  /** Every certificate with its stage (in process, held), number and date: the naik-kelas pipeline. */
  certificatePipeline: CertificateEntry[];
  provinceCode: string;
  regencyCode: string;
  districtCode: string;
  kbliDivision: string;
  regencyName: string;
  districtName: string;
  villageName: string;
  wilayahId: string | null;
  wilayahName: string | null;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
}

/** One row of the site list. */
export interface SiteSummary {
  id: string;
  name: string;
  ownerName: string | null;
  products: string | null;
  address: string | null;
  regencyName: string;
  districtName: string;
  villageName: string;
  kbliCode: string;
  operatingStatus: string;
  sizeClass: string | null;
  updatedAt: string;
  deleted: boolean;
  /** A site out of the register because it was merged into another (Arsip says so, not "Diarsipkan"). */
  mergedIntoId: string | null;
  mergedIntoName: string | null;
}

/**
 * The register counts its matches up to this many, and a text search lists at most this many
 * of them (the newest), sorted as asked: beyond it the office refines the search or exports. So
 * a search costs the same at 1,000,000 sites as at 10,000 (issue 18 item 8).
 */
export const SITE_LIST_CAP = 1000;

export interface SiteListResult {
  /** The number of matches, at most SITE_LIST_CAP. */
  total: number;
  /** More sites match than `total` (which is then SITE_LIST_CAP). */
  capped: boolean;
  offset: number;
  items: SiteSummary[];
}

export type SiteWarning =
  | {
      code: 'DUPLICATE_NAME';
      message: string;
      existing: { id: string; name: string; villageName: string };
      /** Which part of the duplicate rule matched (db/model/duplicates), and how far apart when both have points. */
      reason: DuplicateReason;
      distanceM: number | null;
    }
  | { code: 'OUTSIDE_PROVINCE'; message: string };

/** A save either happens or comes back with warnings the officer must confirm first. */
export type SiteSaveResult = { saved: true; site: Site } | { saved: false; warnings: SiteWarning[] };

export interface SiteSummaryCounts {
  total: number;
  archived: number;
  byStatus: Record<string, number>;
  byRegency: { regencyCode: string; regencyName: string; count: number }[];
}
