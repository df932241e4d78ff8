import type { CertificateKind, OperatingStatus } from './catalog';

/**
 * How offices write a site's operating status and certificates in their lists, and what each
 * means in the model. Compared after `spellingKey` (lower case, letters and digits, single spaces).
 */

/** "TUTUP  SEMENTARA", "Tidak-Aktif" → "tutup sementara", "tidak aktif". */
export function spellingKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const STATUS_SPELLINGS: Record<OperatingStatus, string[]> = {
  calon: ['calon', 'calon ikm', 'candidate', 'rintisan'],
  aktif: ['aktif', 'aktip', 'active', 'beroperasi', 'masih beroperasi', 'operasi', 'berproduksi', 'masih berproduksi', 'masih aktif'],
  berhenti_sementara: [
    'tutup sementara', 'berhenti sementara', 'tidak aktif sementara', 'nonaktif sementara', 'non aktif sementara', 'vakum', 'vakum sementara',
    'temporarily stopped', 'temporarily closed', 'libur',
  ],
  tidak_beroperasi: [
    'tidak aktif', 'tdk aktif', 'tak aktif', 'non aktif', 'nonaktif', 'tidak beroperasi', 'tdk beroperasi', 'tidak berproduksi', 'tidak produksi',
    'berhenti', 'berhenti beroperasi', 'mati', 'not operating', 'inactive',
  ],
  tutup: ['tutup', 'tutup permanen', 'sudah tutup', 'tutup usaha', 'bangkrut', 'gulung tikar', 'closed'],
};
const STATUS_BY_KEY = new Map(Object.entries(STATUS_SPELLINGS).flatMap(([status, keys]) => keys.map((k) => [k, status as OperatingStatus])));

/** A status cell → the model's status; null when empty (the site keeps the default), undefined when not understood. */
export function importedOperatingStatus(text: string): OperatingStatus | null | undefined {
  const t = text.trim();
  if (t === '' || t === '-') return null;
  return STATUS_BY_KEY.get(spellingKey(t));
}

/** A certificate's words (the start of a part of the cell: "PIRT 2066472010123-25", "ISO 9001:2015") → its code. */
const CERTIFICATE_SPELLINGS: [string, CertificateKind][] = [
  ['nib', 'NIB'],
  ['nomor induk berusaha', 'NIB'],
  ['pirt', 'PIRT'],
  ['p irt', 'PIRT'],
  ['spp irt', 'PIRT'],
  ['sppirt', 'PIRT'],
  ['irt', 'PIRT'],
  ['halal', 'HALAL'],
  ['sertifikat halal', 'HALAL'],
  ['label halal', 'HALAL'],
  ['sni', 'SNI'],
  ['iso', 'ISO9001'],
  ['iso 9001', 'ISO9001'],
  ['iso9001', 'ISO9001'],
  ['bpom', 'BPOM_MD'],
  ['bpom md', 'BPOM_MD'],
  ['bpom ri md', 'BPOM_MD'],
  ['md', 'BPOM_MD'],
  ['izin edar bpom', 'BPOM_MD'],
  ['hki', 'HKI'],
  ['haki', 'HKI'],
  ['merek', 'HKI'],
  ['merk', 'HKI'],
  ['hak merek', 'HKI'],
];
/** Parts that say "none". */
const NO_CERTIFICATE = new Set(['', 'tidak ada', 'tdk ada', 'belum ada', 'belum', 'tidak', 'none', 'nihil', 'kosong']);

/**
 * A certificates cell ("PIRT, Halal", "SNI/ISO", "PIRT; HKI/Merek") → the model's codes, split on
 * comma, slash, semicolon and line breaks, and the parts not recognised (said as a row problem:
 * a certificate silently left out is what the import must not do).
 */
export function importedCertificates(text: string): { codes: CertificateKind[]; unknown: string[] } {
  const codes = new Set<CertificateKind>();
  const unknown: string[] = [];
  for (const part of text.split(/[,;/\n\r]+/)) {
    const key = spellingKey(part);
    if (NO_CERTIFICATE.has(key)) continue;
    // The longest spelling the part starts with, as a whole word: "iso 9001 2015" is ISO 9001, "mdx" is not MD.
    const match = CERTIFICATE_SPELLINGS.filter(([words]) => key === words || key.startsWith(`${words} `)).sort((a, b) => b[0].length - a[0].length)[0];
    if (match) codes.add(match[1]);
    else unknown.push(part.trim());
  }
  return { codes: [...codes].sort(), unknown };
}

/**
 * A phone number as the list holds it → digits with a leading + when it had one. A number that
 * lost its leading 0 or + in a spreadsheet (it was stored as a number) gets it back: an
 * Indonesian mobile number is written 08… at home and +628… abroad, never 8… or 628…. A leading
 * ' (a spreadsheet's "keep as text" mark, as older exports wrote it) is not part of the number.
 */
export function importedPhone(text: string): string | null {
  const t = text.trim().replace(/^'/, '');
  if (!t || t === '-') return null;
  const plus = t.startsWith('+');
  const digits = t.replace(/\D/g, '');
  if (!digits) return t;
  if (plus) return `+${digits}`;
  if (/^8\d{8,11}$/.test(digits)) return `0${digits}`;
  if (/^628\d{8,11}$/.test(digits)) return `+${digits}`;
  return digits;
}
