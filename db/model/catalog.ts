import { z } from 'zod';

/** Operating status of an IKM unit (DESIGN.md, data model). */
export const OPERATING_STATUSES = ['calon', 'aktif', 'berhenti_sementara', 'tidak_beroperasi', 'tutup'] as const;
export const OperatingStatus = z.enum(OPERATING_STATUSES, { error: 'Status operasi tidak dikenal' });
export type OperatingStatus = z.infer<typeof OperatingStatus>;

/** Size classes by workforce: micro 1–4, small 5–19, medium 20–99. */
export const SIZE_CLASSES = ['mikro', 'kecil', 'menengah'] as const;
export const SizeClass = z.enum(SIZE_CLASSES, { error: 'Skala usaha tidak dikenal' });
export type SizeClass = z.infer<typeof SizeClass>;

/** The most workers a small or medium industry has: above it is large industry, out of scope. */
export const MAX_IKM_WORKERS = 99;

/** The size class a workforce count falls in; null above MAX_IKM_WORKERS. */
export function sizeClassForWorkers(workers: number): SizeClass | null {
  if (workers <= 4) return 'mikro';
  if (workers <= 19) return 'kecil';
  if (workers <= MAX_IKM_WORKERS) return 'menengah';
  return null;
}

/** A site's size class: the workforce decides it when known (more than 0), else the stated class stands. */
export function siteSizeClass(workers: number | null | undefined, stated: SizeClass | null | undefined): SizeClass | null {
  return workers ? sizeClassForWorkers(workers) : (stated ?? null);
}

export const LEGAL_FORMS = ['perorangan', 'ud', 'cv', 'pt', 'koperasi', 'firma', 'lainnya'] as const;
export const LegalForm = z.enum(LEGAL_FORMS, { error: 'Bentuk badan usaha tidak dikenal' });
export type LegalForm = z.infer<typeof LegalForm>;

/** The five industry groups provincial offices report by. */
export const SECTOR_GROUPS = ['pangan', 'sandang_kulit', 'kimia_bahan_bangunan', 'logam_elektronika', 'kerajinan'] as const;
export const SectorGroup = z.enum(SECTOR_GROUPS, { error: 'Kelompok sektor tidak dikenal' });
export type SectorGroup = z.infer<typeof SectorGroup>;

export const CERTIFICATE_KINDS = ['NIB', 'PIRT', 'HALAL', 'SNI', 'ISO9001', 'BPOM_MD', 'HKI'] as const;
export const CertificateKind = z.enum(CERTIFICATE_KINDS, { error: 'Jenis sertifikat tidak dikenal' });
export type CertificateKind = z.infer<typeof CertificateKind>;

/** KBLI 2020 manufacturing divisions (Kategori C). */
export const KBLI_DIVISIONS = [
  '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21',
  '22', '23', '24', '25', '26', '27', '28', '29', '30', '31', '32', '33',
] as const;
export const KbliDivision = z.enum(KBLI_DIVISIONS, { error: 'Golongan pokok KBLI harus 10–33 (industri pengolahan)' });
export type KbliDivision = z.infer<typeof KbliDivision>;

export const LANGUAGES = ['id', 'en'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/** One entry of a pick list, labelled in both UI languages. */
export interface CatalogEntry {
  code: string;
  id: string;
  en: string;
}

export interface KbliEntry extends CatalogEntry {
  sectorGroup: SectorGroup;
}

/** Every fixed pick list the forms need, as the API returns it. */
export interface Catalog {
  kbli: KbliEntry[];
  sectorGroups: CatalogEntry[];
  legalForms: CatalogEntry[];
  sizeClasses: CatalogEntry[];
  certificateKinds: CatalogEntry[];
  operatingStatuses: CatalogEntry[];
}

/** A KBLI division's name without the words every division starts with ("Industri Makanan" → "Makanan"). */
export function kbliShortName(name: string): string {
  const short = name.replace(/^(Industri|Manufacture of) /i, '');
  return short.charAt(0).toUpperCase() + short.slice(1);
}
