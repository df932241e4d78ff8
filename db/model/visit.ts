import { z } from 'zod';
import { SignatureRefusal } from './finalize-check';
import { CertificateKind, KbliDivision, OperatingStatus } from './catalog';
import { rupiah } from './money';
import { Id } from './site';
import { AmendmentSignature } from './attachment';
import type { FieldChange } from './visit-changes';
import type { FactEntry } from './site-facts';
import { REVIEW_STATES, type ReviewState, type VisitReview } from './review';
import { IsoDate, optionalText, requiredText } from './text';
import type { SiteDecision } from './merge';

export const VISIT_KINDS = ['identifikasi', 'inventarisasi', 'evaluasi', 'pembinaan'] as const;
export const VisitKind = z.enum(VISIT_KINDS, { error: 'Jenis kunjungan tidak dikenal' });
export type VisitKind = z.infer<typeof VisitKind>;

export const VISIT_STATUSES = ['draft', 'final'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export const PROBLEM_KINDS = ['bahan_baku', 'modal', 'pemasaran', 'keterampilan', 'teknologi', 'perizinan', 'infrastruktur'] as const;
export const RAW_MATERIAL_ORIGINS = ['lokal', 'luar_provinsi', 'impor'] as const;
export const MARKET_REACHES = ['lokal', 'regional', 'nasional', 'ekspor'] as const;
export const ENERGY_SOURCES = ['listrik_pln', 'genset', 'kayu_bakar', 'gas', 'surya', 'lainnya'] as const;
export const CONDITIONS = ['baik', 'rusak_ringan', 'rusak_berat', 'tidak_ada'] as const;
export const STOPPED_STATUSES = ['berhenti_sementara', 'tidak_beroperasi', 'tutup'] as const;

export { IsoDate };

/** "YYYY-MM-DD" of the laptop's own calendar day (WIB/WITA/WIT, not UTC). */
export function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Whole count of people or things: 0 or more. */
function count(label: string) {
  return z
    .number({ error: `${label} harus berupa angka` })
    .int(`${label} harus bilangan bulat`)
    .min(0, `${label} tidak boleh negatif`);
}

const Respondent = z.object({
  name: requiredText(2, 120, 'Nama responden'),
  position: optionalText(80, 'Jabatan responden'),
  phone: optionalText(30, 'Telepon responden'),
});

const Recommendation = z.object({
  text: requiredText(3, 500, 'Rekomendasi'),
  action: optionalText(500, 'Tindak lanjut'),
  dueDate: IsoDate.nullish().transform((v) => v ?? null),
});

const coordinate = (label: string, limit: number) =>
  z
    .number({ error: `${label} harus berupa angka` })
    .min(-limit, `${label} harus di antara -${limit} dan ${limit}`)
    .max(limit, `${label} harus di antara -${limit} dan ${limit}`)
    .nullish()
    .transform((v) => v ?? null);

/** What every kind of visit records. */
const common = {
  visitDate: IsoDate,
  officers: z.array(requiredText(2, 120, 'Nama petugas')).min(1, 'Isi paling sedikit satu petugas yang hadir'),
  respondent: Respondent,
  findings: optionalText(5000, 'Temuan'),
  recommendations: z.array(Recommendation).max(50).default([]),
  latitude: coordinate('Lintang', 90),
  longitude: coordinate('Bujur', 180),
  /** The operating status the officer saw; finalizing copies it to the site. */
  operatingStatus: OperatingStatus,
  /** Why the respondent did not sign, when they refused (then no respondent signature is needed). */
  signatureRefusal: SignatureRefusal,
};

const Workforce = z.object({ male: count('Tenaga kerja laki-laki'), female: count('Tenaga kerja perempuan') });

const IdentifikasiData = z.object({
  ...common,
  kind: z.literal('identifikasi'),
  kbliCode: z.string().regex(/^\d{2}(\d{3})?$/, 'Kode KBLI 2 atau 5 digit').refine((v) => KbliDivision.safeParse(v.slice(0, 2)).success, {
    message: 'KBLI harus golongan pokok 10–33 (industri pengolahan)',
    params: { code: 'kbli_division' },
  }),
  products: requiredText(2, 500, 'Produk'),
  certificates: z.array(CertificateKind).default([]),
  workforce: Workforce,
  sentraPotential: z.enum(['tinggi', 'sedang', 'rendah'], { error: 'Pilih potensi sentra' }).nullish().transform((v) => v ?? null),
  sentraNotes: optionalText(1000, 'Catatan potensi sentra'),
});

const InventarisasiData = z.object({
  ...common,
  kind: z.literal('inventarisasi'),
  workforce: Workforce,
  capacity: z.object({
    amount: z.number({ error: 'Kapasitas harus berupa angka' }).min(0, 'Kapasitas tidak boleh negatif'),
    unit: requiredText(1, 30, 'Satuan kapasitas'),
    period: z.enum(['hari', 'minggu', 'bulan', 'tahun'], { error: 'Pilih periode kapasitas' }),
  }),
  productionValueRp: rupiah('Nilai produksi per tahun'),
  investmentRp: rupiah('Nilai investasi'),
  rawMaterials: z
    .array(z.object({ name: requiredText(2, 120, 'Bahan baku'), origin: z.enum(RAW_MATERIAL_ORIGINS, { error: 'Pilih asal bahan baku' }) }))
    .default([]),
  machinery: z.array(z.object({ name: requiredText(2, 120, 'Nama mesin'), count: count('Jumlah mesin') })).default([]),
  energySources: z.array(z.enum(ENERGY_SOURCES)).default([]),
  marketReach: z.array(z.enum(MARKET_REACHES)).min(1, 'Pilih jangkauan pemasaran'),
  exportDestinations: z.array(requiredText(2, 80, 'Negara tujuan ekspor')).default([]),
  certificatesHeld: z.array(CertificateKind).default([]),
  certificatesWanted: z.array(CertificateKind).default([]),
  problems: z.array(z.object({ kind: z.enum(PROBLEM_KINDS), notes: optionalText(1000, 'Catatan masalah') })).default([]),
  assistanceReceived: optionalText(2000, 'Bantuan yang pernah diterima'),
});

const EvaluasiData = z.object({
  ...common,
  kind: z.literal('evaluasi'),
  stoppedSince: IsoDate.nullish().transform((v) => v ?? null),
  stopReasons: z.array(z.enum(PROBLEM_KINDS)).default([]),
  stopNotes: optionalText(2000, 'Catatan penyebab berhenti'),
  buildingCondition: z.enum(CONDITIONS, { error: 'Pilih kondisi bangunan' }),
  machineCondition: z.enum(CONDITIONS, { error: 'Pilih kondisi mesin' }),
  revivalPotential: z.number({ error: 'Pilih potensi dihidupkan kembali (1–5)' }).int().min(1, 'Potensi 1–5').max(5, 'Potensi 1–5'),
  revivalNotes: optionalText(2000, 'Catatan potensi'),
});

const PembinaanData = z.object({
  ...common,
  kind: z.literal('pembinaan'),
  followUps: z
    .array(z.object({ recommendation: requiredText(3, 500, 'Rekomendasi sebelumnya'), done: z.boolean(), notes: optionalText(1000, 'Catatan') }))
    .default([]),
});

/** A complete visit, as finalizing requires it; rules that span fields are checked here. */
export const VisitData = z
  .discriminatedUnion('kind', [IdentifikasiData, InventarisasiData, EvaluasiData, PembinaanData], {
    error: 'Jenis kunjungan tidak dikenal',
  })
  .superRefine((visit, ctx) => {
    const today = localDate(new Date());
    if (visit.visitDate > today) {
      ctx.addIssue({ code: 'custom', path: ['visitDate'], message: 'Tanggal kunjungan tidak boleh di masa depan', params: { code: 'visit_date_future' } });
    }
    if ((visit.latitude === null) !== (visit.longitude === null)) {
      ctx.addIssue({ code: 'custom', path: ['longitude'], message: 'Lintang dan bujur diisi keduanya atau dikosongkan keduanya', params: { code: 'both_coordinates' } });
    }
    const stopped = (STOPPED_STATUSES as readonly string[]).includes(visit.operatingStatus);
    if (visit.kind === 'evaluasi' && stopped) {
      if (!visit.stoppedSince) {
        ctx.addIssue({ code: 'custom', path: ['stoppedSince'], message: 'Usaha yang berhenti wajib diisi sejak kapan berhenti', params: { code: 'stopped_since_required' } });
      } else if (visit.stoppedSince > visit.visitDate) {
        ctx.addIssue({ code: 'custom', path: ['stoppedSince'], message: 'Tanggal berhenti tidak boleh setelah tanggal kunjungan', params: { code: 'stopped_after_visit' } });
      }
      if (visit.stopReasons.length === 0 && !visit.stopNotes) {
        ctx.addIssue({ code: 'custom', path: ['stopReasons'], message: 'Usaha yang berhenti wajib diisi penyebabnya', params: { code: 'stop_reasons_required' } });
      }
    }
    if (visit.kind === 'inventarisasi' && visit.marketReach.includes('ekspor') && visit.exportDestinations.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['exportDestinations'], message: 'Isi negara tujuan ekspor', params: { code: 'export_destinations_required' } });
    }
  });
export type VisitDataInput = z.input<typeof VisitData>;
export type VisitDataParsed = z.output<typeof VisitData>;

/** A draft may be incomplete: any JSON object of a known kind, checked in full only at finalize. */
const DraftData = z
  .looseObject({ kind: VisitKind })
  .refine((d) => JSON.stringify(d).length <= 200_000, { message: 'Isian kunjungan terlalu besar', params: { code: 'too_large' } });

export const VisitDraftSave = z.object({
  /** Omitted for a new draft. */
  id: Id.nullish(),
  siteId: Id,
  data: DraftData,
});
export type VisitDraftSave = z.input<typeof VisitDraftSave>;

export const VisitIdRequest = z.object({ id: Id });
/** What an amendment would change, asked before its reason (nothing changed is said at once). */
export const VisitAmendPreview = z.object({ id: Id, data: z.unknown() });

export const VisitAmendRequest = z.object({
  id: Id,
  data: z.unknown(),
  reason: requiredText(3, 500, 'Alasan perubahan'),
  /** Signatures that were missing, added by this amendment (one per role at most). */
  signatures: z
    .array(AmendmentSignature)
    .max(2)
    .refine((list) => new Set(list.map((s) => s.role)).size === list.length, { message: 'Satu tanda tangan per peran' })
    .default([]),
});

export const VisitListQuery = z.object({
  /** A site's name (any part of it) or a visit number ("ANS/2026/0042", or its start). */
  text: z.string().trim().max(120).nullish(),
  dateFrom: IsoDate.nullish(),
  dateTo: IsoDate.nullish(),
  officer: z.string().trim().max(120).nullish(),
  kind: VisitKind.nullish(),
  regencyCode: z.string().regex(/^\d{2}\.\d{2}$/).nullish(),
  wilayahId: z.string().min(1).max(64).nullish(),
  status: z.enum(VISIT_STATUSES).nullish(),
  /** Final visits waiting for review, approved, or returned (db/model/review.ts). */
  reviewState: z.enum(REVIEW_STATES).nullish(),
  siteId: Id.nullish(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
  /** False when scrolling on: the list already knows its total from the first page. */
  withTotal: z.boolean().default(true),
});
export type VisitListQuery = z.input<typeof VisitListQuery>;
export type ParsedVisitListQuery = z.output<typeof VisitListQuery>;

export interface VisitRevision {
  revision: number;
  changedAt: string;
  changedBy: string;
  reason: string;
  /** Dotted paths of the fields that changed, e.g. "workforce.male". */
  changes: string[];
  /** Each changed field with its value before and after ("lampiran": a file added or removed). */
  fieldChanges: FieldChange[];
  /** The data as it was before this revision. */
  previous: Record<string, unknown>;
}

export interface Visit {
  id: string;
  number: string;
  siteId: string;
  siteName: string;
  kind: VisitKind;
  status: VisitStatus;
  visitDate: string | null;
  data: Record<string, unknown>;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finalizedAt: string | null;
  /** Whether the office required signatures when it was finalized; null for a draft or a visit finalized before this was recorded. */
  signaturesRequired: boolean | null;
  /** Null for a draft. */
  reviewState: ReviewState | null;
  /** Every review decision, oldest first. */
  reviews: VisitReview[];
  revisions: VisitRevision[];
}

export interface VisitSummary {
  id: string;
  number: string;
  siteId: string;
  siteName: string;
  regencyName: string;
  kind: VisitKind;
  status: VisitStatus;
  visitDate: string | null;
  officers: string;
  updatedAt: string;
  /** How many times the final visit was amended (0: never). */
  revision: number;
  /** Null for a draft (db/model/review.ts). */
  reviewState: ReviewState | null;
}

export interface VisitListResult {
  /** Null when the query asked for no total. */
  total: number | null;
  offset: number;
  items: VisitSummary[];
}

/** One value of a site fact as a visit found it: the timeline keeps them all. */
export interface SiteFact {
  fact: 'operatingStatus' | 'workers' | 'sizeClass' | 'certificates' | 'products' | 'kbliCode';
  value: unknown;
  observedOn: string;
  visitId: string;
  visitNumber: string;
}

export interface SiteTimeline {
  visits: VisitSummary[];
  facts: SiteFact[];
  /** Per visit, oldest first, what changed in the site's facts (and whether it "naik kelas"). */
  changes: FactEntry[];
  /** Merges and "bukan duplikat" decisions naming the site (and their undos), oldest first. */
  decisions: SiteDecision[];
}
