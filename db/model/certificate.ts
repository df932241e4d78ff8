import { z } from 'zod';
import { CERTIFICATE_KINDS, CertificateKind, KbliDivision } from './catalog';
import { IsoDate, optionalText } from './text';

/**
 * Naik kelas: a site's certificates as a small pipeline. A kind not listed: none yet; 'proses':
 * applied for; 'dimiliki': held. The site's `certificates` cell holds the list (one synced cell:
 * see README, "Naik kelas").
 */
export const CERTIFICATE_STATUSES = ['proses', 'dimiliki'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export const CertificateEntry = z.object({
  kind: CertificateKind,
  status: z.enum(CERTIFICATE_STATUSES, { error: 'Status sertifikat tidak dikenal' }).default('dimiliki'),
  number: optionalText(80, 'Nomor sertifikat'),
  /** Held: the date it was issued (or the first visit that found it); in process: the date applied. */
  date: IsoDate.nullish().transform((v) => v ?? null),
});
export type CertificateEntry = z.output<typeof CertificateEntry>;
export type CertificateEntryInput = z.input<typeof CertificateEntry>;

/** A kind alone is a held certificate with no number or date: what every earlier version stored and sent. */
const EntryOrKind = z.union([CertificateKind.transform((kind): CertificateEntry => ({ kind, status: 'dimiliki', number: null, date: null })), CertificateEntry]);

/** One entry per kind (a held one wins over one in process), sorted by kind as the cell always was. */
export function normalizeCertificates(entries: readonly CertificateEntry[]): CertificateEntry[] {
  const byKind = new Map<string, CertificateEntry>();
  for (const e of entries) {
    const seen = byKind.get(e.kind);
    if (!seen || (seen.status === 'proses' && e.status === 'dimiliki')) byKind.set(e.kind, e);
  }
  return [...byKind.keys()].sort().map((k) => byKind.get(k)!);
}

/** A site form's or an import's certificates: kinds (held) and entries, each kind once. */
export const CertificateList = z
  .array(EntryOrKind)
  .max(CERTIFICATE_KINDS.length * 2)
  .default([])
  .transform((list) => normalizeCertificates(list));

/**
 * The entries of a stored `certificates` cell, old ("PIRT") or new ({kind, status, …}); anything
 * it cannot read (a kind a newer version added) is left out rather than failing the site.
 */
export function readCertificates(value: unknown): CertificateEntry[] {
  const list = typeof value === 'string' ? safeJson(value) : value;
  if (!Array.isArray(list)) return [];
  const entries: CertificateEntry[] = [];
  for (const item of list) {
    const parsed = EntryOrKind.safeParse(item);
    if (parsed.success) entries.push(parsed.data);
  }
  return normalizeCertificates(entries);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The cell's stored form: a held certificate with no number or date stays a plain kind, so a site
 * that uses no more than before reads the same on a laptop that has not been updated yet.
 */
export function storedCertificates(entries: readonly CertificateEntry[]): (string | CertificateEntry)[] {
  return normalizeCertificates(entries).map((e) => (e.status === 'dimiliki' && !e.number && !e.date ? e.kind : e));
}

/** The kinds held (what the site form's certificate list and the visits speak of). */
export function heldKinds(entries: readonly CertificateEntry[]): CertificateKind[] {
  return entries.filter((e) => e.status === 'dimiliki').map((e) => e.kind);
}

/**
 * The site's certificates when a visit decides which kinds are held (its latest final visit is
 * the current fact): the visit's kinds, with the number and date the site form gave each; the
 * form's certificates in process stay unless the visit found that kind held. A kind held since a
 * visit with no date stated takes `foundOn` (the first visit of the run that found it).
 */
export function certificatesFromVisit(
  visitKinds: readonly string[],
  form: readonly CertificateEntry[],
  foundOn: (kind: string) => string | null,
): CertificateEntry[] {
  const formOf = new Map(form.map((e) => [e.kind, e]));
  const held: CertificateEntry[] = [];
  for (const kind of visitKinds) {
    const parsed = CertificateKind.safeParse(kind);
    if (!parsed.success) continue;
    const stated = formOf.get(parsed.data);
    const fromForm = stated?.status === 'dimiliki' ? stated : null;
    held.push({ kind: parsed.data, status: 'dimiliki', number: fromForm?.number ?? stated?.number ?? null, date: fromForm?.date ?? foundOn(kind) });
  }
  const inProcess = form.filter((e) => e.status === 'proses' && !visitKinds.includes(e.kind));
  return normalizeCertificates([...held, ...inProcess]);
}

/**
 * The office's guidance programme: which certificate is the next step once a site holds others.
 * `divisions`: only for these KBLI divisions (halal and PIRT concern food and drink).
 */
export interface NextStepRule {
  id: string;
  requires: readonly CertificateKind[];
  next: CertificateKind;
  divisions?: readonly string[];
}
export const NEXT_STEP_RULES: readonly NextStepRule[] = [
  { id: 'nib_pirt', requires: ['NIB'], next: 'PIRT', divisions: ['10', '11'] },
  { id: 'nib_halal', requires: ['NIB'], next: 'HALAL', divisions: ['10', '11'] },
  { id: 'pirt_sni', requires: ['PIRT'], next: 'SNI' },
  { id: 'nib_hki', requires: ['NIB'], next: 'HKI' },
  { id: 'sni_iso', requires: ['SNI'], next: 'ISO9001' },
];
export const NEXT_STEP_IDS = NEXT_STEP_RULES.map((r) => r.id) as [string, ...string[]];

const RegencyCode = z.string().regex(/^\d{2}\.\d{2}$/);

/** `certificates.gained`: held certificates dated in a period, by kind (the Beranda's count). */
export const CertificatesGainedQuery = z
  .object({
    dateFrom: IsoDate,
    dateTo: IsoDate,
    /** Only sites of these regencies (a wilayah's, a laptop's scope); none: all. */
    regencyCodes: z.array(RegencyCode).max(600).nullish(),
  })
  .refine((q) => q.dateFrom <= q.dateTo, { path: ['dateTo'], message: 'Tanggal akhir tidak boleh sebelum tanggal awal' });
export type CertificatesGainedQuery = z.input<typeof CertificatesGainedQuery>;
export type CertificatesGained = { kind: CertificateKind; sites: number }[];

/** "Naik kelas": sites ready for a next step, by rule, filtered like the register. */
export const NaikKelasQuery = z.object({
  rule: z.enum(NEXT_STEP_IDS).nullish(),
  wilayahId: z.string().min(1).max(64).nullish(),
  regencyCode: RegencyCode.nullish(),
  kbliDivision: KbliDivision.nullish(),
  /** Also the sites whose next certificate is already in process (default: only those with none). */
  includeInProcess: z.boolean().default(true),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
  withTotal: z.boolean().default(true),
});
export type NaikKelasQuery = z.input<typeof NaikKelasQuery>;
export type ParsedNaikKelasQuery = z.output<typeof NaikKelasQuery>;
export const NaikKelasFilter = NaikKelasQuery.omit({ offset: true, limit: true, withTotal: true });
export type NaikKelasFilter = z.input<typeof NaikKelasFilter>;

/** One site ready for one next step. */
export interface NaikKelasRow {
  siteId: string;
  name: string;
  ownerName: string | null;
  products: string | null;
  kbliCode: string;
  kbliDivision: string;
  regencyName: string;
  districtName: string;
  wilayahName: string | null;
  rule: string;
  next: CertificateKind;
  /** The next certificate is applied for (status 'proses', with its date). */
  nextInProcess: boolean;
  nextAppliedOn: string | null;
  certificates: CertificateEntry[];
}
export interface NaikKelasResult {
  total: number | null;
  items: NaikKelasRow[];
}
