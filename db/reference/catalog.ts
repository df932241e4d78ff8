import type { Catalog, CatalogEntry } from '../model/catalog';
import { KBLI_2020_DIVISIONS } from './kbli';

const SECTOR_GROUPS: CatalogEntry[] = [
  { code: 'pangan', id: 'Pangan', en: 'Food' },
  { code: 'sandang_kulit', id: 'Sandang dan Kulit', en: 'Textiles and leather' },
  { code: 'kimia_bahan_bangunan', id: 'Kimia dan Bahan Bangunan', en: 'Chemicals and building materials' },
  { code: 'logam_elektronika', id: 'Logam, Mesin dan Elektronika', en: 'Metal, machinery and electronics' },
  { code: 'kerajinan', id: 'Kerajinan dan Aneka', en: 'Crafts and miscellaneous' },
];

const LEGAL_FORMS: CatalogEntry[] = [
  { code: 'perorangan', id: 'Perorangan', en: 'Sole proprietor' },
  { code: 'ud', id: 'Usaha Dagang (UD)', en: 'Trading business (UD)' },
  { code: 'cv', id: 'Persekutuan Komanditer (CV)', en: 'Limited partnership (CV)' },
  { code: 'pt', id: 'Perseroan Terbatas (PT)', en: 'Limited company (PT)' },
  { code: 'koperasi', id: 'Koperasi', en: 'Cooperative' },
  { code: 'firma', id: 'Firma', en: 'General partnership' },
  { code: 'lainnya', id: 'Lainnya', en: 'Other' },
];

const SIZE_CLASSES: CatalogEntry[] = [
  { code: 'mikro', id: 'Mikro (1–4 tenaga kerja)', en: 'Micro (1–4 workers)' },
  { code: 'kecil', id: 'Kecil (5–19 tenaga kerja)', en: 'Small (5–19 workers)' },
  { code: 'menengah', id: 'Menengah (20–99 tenaga kerja)', en: 'Medium (20–99 workers)' },
];

const CERTIFICATE_KINDS: CatalogEntry[] = [
  { code: 'NIB', id: 'NIB (Nomor Induk Berusaha)', en: 'NIB (business ID number)' },
  { code: 'PIRT', id: 'SPP-IRT (PIRT)', en: 'Home industry food permit (PIRT)' },
  { code: 'HALAL', id: 'Sertifikat Halal', en: 'Halal certificate' },
  { code: 'SNI', id: 'SNI', en: 'SNI (Indonesian National Standard)' },
  { code: 'ISO9001', id: 'ISO 9001', en: 'ISO 9001' },
  { code: 'BPOM_MD', id: 'Izin Edar BPOM MD', en: 'BPOM MD food registration' },
  { code: 'HKI', id: 'HKI / Merek', en: 'Intellectual property / trademark' },
];

const OPERATING_STATUSES: CatalogEntry[] = [
  { code: 'calon', id: 'Calon IKM', en: 'Candidate' },
  { code: 'aktif', id: 'Aktif', en: 'Active' },
  { code: 'berhenti_sementara', id: 'Berhenti sementara', en: 'Temporarily stopped' },
  { code: 'tidak_beroperasi', id: 'Tidak beroperasi', en: 'Not operating' },
  { code: 'tutup', id: 'Tutup', en: 'Closed' },
];

/** Every fixed pick list, as `ref.catalog` returns it. */
export const CATALOG: Catalog = {
  kbli: [...KBLI_2020_DIVISIONS],
  sectorGroups: SECTOR_GROUPS,
  legalForms: LEGAL_FORMS,
  sizeClasses: SIZE_CLASSES,
  certificateKinds: CERTIFICATE_KINDS,
  operatingStatuses: OPERATING_STATUSES,
};
