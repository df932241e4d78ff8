import { z } from 'zod';
import { SiteListQuery } from './site';
import { VisitListQuery } from './visit';
import { StoppedFilter } from './stopped';
import { NaikKelasFilter } from './certificate';

export const EXPORT_FORMATS = ['xlsx', 'csv', 'geojson', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const ExportFormat = z.enum(EXPORT_FORMATS, { error: 'Format ekspor tidak dikenal' });

/** The visit log's filters, without paging: an export takes everything they match. */
export const VisitExportFilter = VisitListQuery.omit({ offset: true, limit: true, withTotal: true });
export type VisitExportFilter = z.input<typeof VisitExportFilter>;
/** The register's filters (and sort), without paging. */
export const SiteExportFilter = SiteListQuery.omit({ offset: true, limit: true });
export type SiteExportFilter = z.input<typeof SiteExportFilter>;

/**
 * What to export. From the visit log: the visits its filters match, and their sites. From the
 * register: the sites its filters match. Where the file goes is asked by the shell
 * (`chooseSavePath`), never taken from the window.
 */
export const ExportRequest = z.discriminatedUnion(
  'source',
  [
    z.object({
      source: z.literal('visits'),
      format: ExportFormat,
      filter: VisitExportFilter.default(() => VisitExportFilter.parse({})),
      /** Also a ZIP of the photos and documents of the exported visits. */
      attachments: z.boolean().default(false),
    }),
    z.object({
      source: z.literal('sites'),
      format: ExportFormat,
      filter: SiteExportFilter.default(() => SiteExportFilter.parse({})),
      attachments: z.literal(false).default(false),
    }),
    z.object({
      source: z.literal('stopped'),
      format: z.enum(['xlsx', 'csv'], { error: 'Daftar ini diekspor sebagai XLSX atau CSV' }),
      filter: StoppedFilter.default(() => StoppedFilter.parse({})),
      attachments: z.literal(false).default(false),
    }),
    z.object({
      source: z.literal('naikKelas'),
      format: z.enum(['xlsx', 'csv'], { error: 'Daftar ini diekspor sebagai XLSX atau CSV' }),
      filter: NaikKelasFilter.default(() => NaikKelasFilter.parse({})),
      attachments: z.literal(false).default(false),
    }),
  ],
  { error: 'Pilih sumber ekspor: kunjungan atau usaha' },
);
export type ExportRequest = z.input<typeof ExportRequest>;
export type ParsedExportRequest = z.output<typeof ExportRequest>;

export type ExportFileKind = 'visits' | 'sites' | 'stopped' | 'naikKelas' | 'attachments' | 'all';

/** What an export wrote: every file, under its final name. */
export interface ExportResult {
  files: { path: string; kind: ExportFileKind; rows: number }[];
  visits: number;
  sites: number;
  attachments: number;
}
