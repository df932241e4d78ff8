import { z } from 'zod';
import { Id } from './site';
import { IsoDate, VisitKind } from './visit';
import { optionalText, requiredText } from './text';
import { StoppedFilter } from './stopped';

/** The office letterhead (kop surat) printed on every form; kept in settings, edited in Pengaturan. */
export const Letterhead = z.object({
  government: requiredText(3, 120, 'Nama pemerintah daerah'),
  office: requiredText(3, 200, 'Nama dinas'),
  address: optionalText(300, 'Alamat kantor'),
  contact: optionalText(200, 'Telepon, email, laman'),
  /** The city written before the date of a signed form: "Samarinda, 31 Oktober 2018". */
  place: requiredText(2, 60, 'Tempat penandatanganan'),
  /** A PNG or JPEG logo as a data: URL, at most 300 KB. */
  logo: z
    .string()
    .max(400_000, 'Logo paling besar 300 KB')
    .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/, 'Logo harus gambar PNG atau JPEG')
    .nullish()
    .transform((v) => v ?? null),
});
export type LetterheadInput = z.input<typeof Letterhead>;
export type Letterhead = z.output<typeof Letterhead>;

/** What can be printed. Each has a print route the shells render. */
export const PrintTarget = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('visit'), ids: z.array(Id).min(1, 'Pilih kunjungan yang dicetak').max(200, 'Paling banyak 200 kunjungan sekali cetak') }),
    z.object({ kind: z.literal('blank'), visitKind: VisitKind }),
    z.object({ kind: z.literal('site'), id: Id }),
    z
      .object({ kind: z.literal('rekap'), dateFrom: IsoDate, dateTo: IsoDate })
      .refine((r) => r.dateFrom <= r.dateTo, { path: ['dateTo'], message: 'Tanggal akhir tidak boleh sebelum tanggal awal' }),
    z.object({ kind: z.literal('stopped'), filter: StoppedFilter.default(() => StoppedFilter.parse({})) }),
  ],
  { error: 'Jenis cetakan tidak dikenal' },
);
export type PrintTarget = z.input<typeof PrintTarget>;

/**
 * The hash route of a print target, e.g. "#/cetak/kunjungan/<id>,<id>". A batch of visits may
 * carry each visit's page count ("…/<id>,<id>/2,1"), so each numbers its own pages.
 */
export function printRoute(target: PrintTarget, pageCounts?: number[]): string {
  switch (target.kind) {
    case 'visit':
      return `#/cetak/kunjungan/${target.ids.join(',')}${pageCounts ? `/${pageCounts.join(',')}` : ''}`;
    case 'blank':
      return `#/cetak/formulir/${target.visitKind}`;
    case 'site':
      return `#/cetak/usaha/${target.id}`;
    case 'rekap':
      return `#/cetak/rekap/${target.dateFrom}/${target.dateTo}`;
    case 'stopped':
      // The list's filter as JSON in one path part (the print page reads it back with `print.stopped`).
      return `#/cetak/pabrik-berhenti/${encodeURIComponent(JSON.stringify(target.filter ?? {}))}`;
  }
}

export const PrintRequest = z.object({ target: PrintTarget });

/**
 * The visits a batch print takes from the log's filter: drafts only when the filter chose them
 * (Status: Draf); otherwise a batch is the final records.
 */
export function batchPrintFilter<F extends { status?: 'draft' | 'final' | null }>(filter: F): F {
  return { ...filter, status: filter.status ?? 'final' };
}
export const VisitPrintRequest = z.object({ ids: z.array(Id).min(1).max(200) });
export const BlankPrintRequest = z.object({ visitKind: VisitKind });
export const RekapRequest = z
  .object({ dateFrom: IsoDate, dateTo: IsoDate })
  .refine((r) => r.dateFrom <= r.dateTo, { path: ['dateTo'], message: 'Tanggal akhir tidak boleh sebelum tanggal awal' });

/** One labelled line of a printed form. */
export interface PrintRow {
  label: string;
  value: string;
}
export interface PrintSection {
  title: string;
  rows: PrintRow[];
}

/** A filled visit form, laid out by the renderer's print page. Images are data: URLs. */
export interface VisitPrint {
  letterhead: Letterhead;
  title: string;
  number: string;
  status: string;
  /** A draft prints with a "DRAF" watermark on every page. */
  draft: boolean;
  /** Printed on every page beside the number. */
  siteName: string;
  qrCode: string;
  site: PrintRow[];
  sections: PrintSection[];
  /** src null: the photo's file is not on this laptop (printed as such). */
  photos: { caption: string; src: string | null }[];
  /**
   * `src`: a drawn signature. `note`, instead of one: a refusal ("Responden menolak
   * menandatangani", with `detail` its reason), a name typed by the officer, or none required.
   */
  signatures: { role: string; name: string; nip: string | null; src: string | null; note: string | null; detail: string | null }[];
  placeDate: string;
  revisions: { title: string; reason: string; changes: { label: string; before: string; after: string }[] }[];
  /** A final visit's review state in words (null: a draft), and every decision, oldest first (issue 18). */
  reviewState: string | null;
  reviews: { title: string; comment: string | null }[];
  /** Photos and signatures this form has but whose files are not on this laptop, in words. */
  missingFiles: string[];
}

/** A blank form for a visit kind: labels with room to write, and boxes for the choices. */
export interface BlankPrint {
  letterhead: Letterhead;
  title: string;
  sections: { title: string; fields: { label: string; options: string[] | null; lines: number }[] }[];
  signatures: { role: string }[];
  place: string;
}

export interface SitePrint {
  letterhead: Letterhead;
  title: string;
  name: string;
  sections: PrintSection[];
  visits: { number: string; date: string; kind: string; status: string; officers: string }[];
  /** "Dicetak 7 Desember 2026 pukul 14.05 WITA" */
  printedOn: string;
}

/** Rekap per wilayah → regency → KBLI division, and by operating status, for a date range. */
export interface RekapRow {
  level: 'wilayah' | 'regency' | 'kbli' | 'total';
  label: string;
  sites: number;
  visits: number;
  /** Null when no site of the row has the figure: printed "—", never 0. */
  workers: number | null;
  workersMale: number | null;
  workersFemale: number | null;
  productionValueRp: number | null;
}
export interface RekapPrint {
  letterhead: Letterhead;
  title: string;
  period: string;
  rows: RekapRow[];
  byStatus: { status: string; sites: number }[];
  printedOn: string;
}

/** Pabrik tidak beroperasi on A4 landscape under the kop: one row per stopped factory. */
export interface StoppedPrint {
  letterhead: Letterhead;
  title: string;
  /** The filter in words: [label, value]. */
  filter: [string, string][];
  rows: {
    name: string;
    place: string;
    kbli: string;
    status: string;
    since: string;
    reasons: string;
    evaluation: string;
    potential: string;
    recommendation: string;
  }[];
  printedOn: string;
}
