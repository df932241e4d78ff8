import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { Zip, ZipPassThrough } from 'fflate';
import type { Core } from '../core';
import type { JobContext } from '../jobs';
import type { ExportFileKind, ExportFormat, ExportResult, ParsedExportRequest } from '../model/export';
import type { Officer } from '../model/setup';
import type { ExportRowsRepo, VisitExportRow } from '../repo/export-rows';
import { label } from './labels';
import { csvWriter, geojsonWriter, jsonWriter, xlsxWriter, type ExportMeta, type ExportWriter, type Table } from './writers';
import { isLostFile } from '../blob-store';
import { describeStoppedFilter } from '../print/print-models';
import { NEXT_STEP_RULES } from '../model/certificate';
import { removeLeftoverTemps } from '../whole-file';

/** How old a temp file beside an export's target must be to count as a crash's leftover. */
export const LEFTOVER_GRACE_MS = 60 * 60_000;

/** Rows read per step; between steps the job yields, so the window's calls are answered. */
const BATCH = 500;

export const FORMAT_EXTENSIONS: Record<ExportFormat, string> = { xlsx: 'xlsx', csv: 'csv', geojson: 'geojson', json: 'json' };

/** The name offered in the save dialog, e.g. "kunjungan-2026-11-23.xlsx". */
export function suggestedExportName(request: ParsedExportRequest, today: string): string {
  const names = { visits: 'kunjungan', sites: 'usaha-ikm', stopped: 'pabrik-tidak-beroperasi', naikKelas: 'naik-kelas' };
  return `${names[request.source]}-${today}.${FORMAT_EXTENSIONS[request.format]}`;
}

/** "…/ekspor.csv" + " - Usaha IKM" → "…/ekspor - Usaha IKM.csv" */
function beside(path: string, suffix: string, extension?: string): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)} - ${suffix}${extension ? `.${extension}` : ext}`);
}

/** Every file an export writes, under a temp name in the same folder until it is complete. */
class PendingFiles {
  private readonly files: { final: string; temp: string; kind: ExportFileKind; rows: number }[] = [];
  add(final: string, kind: ExportFileKind): string {
    const temp = join(dirname(final), `.${basename(final)}.${randomBytes(4).toString('hex')}.tmp`);
    this.files.push({ final, temp, kind, rows: 0 });
    return temp;
  }
  count(kind: ExportFileKind, rows: number) {
    for (const f of this.files) if (f.kind === kind) f.rows = rows;
  }
  /** Renames every temp file to its final name, replacing what the person chose to overwrite. */
  async commit(): Promise<ExportResult['files']> {
    for (const f of this.files) await rename(f.temp, f.final);
    return this.files.map((f) => ({ path: f.final, kind: f.kind, rows: f.rows }));
  }
  async discard(): Promise<void> {
    for (const f of this.files) await rm(f.temp, { force: true });
  }
}

/** The export's filter in words, for the Keterangan sheet. */
function describeFilter(core: Core, request: ParsedExportRequest): [string, string][] {
  const lines: [string, string][] = [];
  const f = request.filter as Record<string, unknown>;
  const add = (labelText: string, value: unknown, show: (v: string) => string | null = (v) => v) => {
    if (value === null || value === undefined || value === '' || value === false) return;
    lines.push([labelText, show(String(value)) ?? String(value)]);
  };
  const area = (code: string) => core.areas.get(code)?.name ?? code;
  const wilayah = (id: string) => core.wilayah.get(id)?.name ?? id;
  if (request.source === 'visits') {
    add('Tanggal dari', f.dateFrom);
    add('Tanggal sampai', f.dateTo);
    add('Petugas', f.officer);
    add('Jenis kunjungan', f.kind, (v) => label('kind', v));
    add('Status', f.status, (v) => label('status', v));
    add('Kabupaten/kota', f.regencyCode, area);
    add('Wilayah pengembangan', f.wilayahId, wilayah);
    add('Usaha', f.siteId, (id) => core.sites.get(id).name);
  } else if (request.source === 'stopped') {
    lines.push(...describeStoppedFilter(core, request.filter));
  } else if (request.source === 'naikKelas') {
    add('Langkah berikutnya', f.rule, (id) => {
      const rule = NEXT_STEP_RULES.find((r) => r.id === id);
      return rule ? `${rule.requires.map((k) => label('certificate', k)).join(' + ')} → ${label('certificate', rule.next)}` : id;
    });
    add('Kabupaten/kota', f.regencyCode, area);
    add('Wilayah pengembangan', f.wilayahId, wilayah);
    add('Golongan pokok KBLI', f.kbliDivision, (v) => `${v} ${label('kbli', v)}`);
    add('Termasuk', f.includeInProcess === false ? 'x' : null, () => 'Hanya yang belum mengajukan');
  } else {
    add('Kata kunci', f.text);
    add('Kabupaten/kota', f.regencyCode, area);
    add('Kecamatan', f.districtCode, area);
    add('Wilayah pengembangan', f.wilayahId, wilayah);
    add('Golongan pokok KBLI', f.kbliDivision, (v) => `${v} ${label('kbli', v)}`);
    add('Kelompok sektor', f.sectorGroup, (v) => label('sectorGroup', v));
    add('Status operasi', f.operatingStatus, (v) => label('operatingStatus', v));
    add('Skala usaha', f.sizeClass, (v) => label('sizeClass', v));
    add('Termasuk', f.archived ? 'arsip' : null, () => 'Usaha yang diarsipkan');
  }
  return lines;
}

export interface ExportRun {
  core: Core;
  request: ParsedExportRequest;
  /** The path the person chose. */
  target: string;
  officer: Officer;
  ctx: JobContext;
}

/**
 * Writes an export: the chosen file (and, for CSV, one file per table beside it; optionally a
 * ZIP of the visits' photos and documents), each under a temp name renamed only when all are
 * complete. Cancelled or failed, it removes its temp files and leaves the chosen name untouched.
 */
export async function runExport({ core, request, target, officer, ctx }: ExportRun): Promise<ExportResult> {
  // An export killed before it could clean up (power cut, SIGKILL) left its hidden temp files
  // here; they go now. Every file of this export starts with the chosen name; a younger temp may
  // be another export into the same folder, still writing, and stays.
  removeLeftoverTemps(dirname(target), { graceMs: LEFTOVER_GRACE_MS, prefix: basename(target, extname(target)) });
  if (request.source === 'stopped' || request.source === 'naikKelas') return runListExport({ core, request, target, officer, ctx });
  const rows = core.exportRows;
  const pending = new PendingFiles();
  const tables: Table[] =
    request.source === 'sites' ? ['sites'] : request.format === 'geojson' ? ['visits'] : ['visits', 'sites'];

  let writer: ExportWriter;
  if (request.format === 'xlsx') writer = xlsxWriter(pending.add(target, 'all'));
  else if (request.format === 'json') writer = jsonWriter(pending.add(target, 'all'));
  else if (request.format === 'geojson') writer = geojsonWriter(pending.add(target, tables[0]));
  else {
    writer = csvWriter({
      [tables[0]]: pending.add(target, tables[0]),
      ...(tables[1] ? { [tables[1]]: pending.add(beside(target, 'Usaha IKM'), tables[1]) } : {}),
    } as Record<Table, string>);
  }
  const zipPath = request.source === 'visits' && request.attachments ? pending.add(beside(target, 'Lampiran', 'zip'), 'attachments') : null;
  const restoreReads = rows.lowMemoryReads();

  try {
    const counts = { visits: 0, sites: 0 };
    const visitIds: { id: string; number: string }[] = [];
    let siteRowids: number[];

    if (request.source === 'visits') {
      const visitRowids = core.visits.logRowids(request.filter);
      const seenSites = new Set<number>();
      const readVisits = rows.visitReader();
      ctx.progress(0, visitRowids.length, 'visits');
      await writer.begin('visits');
      for (let i = 0; i < visitRowids.length; i += BATCH) {
        await ctx.checkpoint();
        const batch: VisitExportRow[] = readVisits(visitRowids.slice(i, i + BATCH));
        for (const visit of batch) {
          await writer.row('visits', visit);
          seenSites.add(visit.siteRowid);
          if (zipPath) visitIds.push({ id: visit.id, number: visit.number });
        }
        counts.visits += batch.length;
        ctx.progress(counts.visits, visitRowids.length);
      }
      await writer.end('visits');
      siteRowids = [...seenSites];
    } else {
      siteRowids = core.sites.listRowids(request.filter);
    }

    if (tables.includes('sites')) {
      ctx.progress(0, siteRowids.length, 'sites');
      await writer.begin('sites');
      for (let i = 0; i < siteRowids.length; i += BATCH) {
        await ctx.checkpoint();
        const sites = core.sites.getMany(siteRowids.slice(i, i + BATCH));
        for (const site of sites) await writer.row('sites', site);
        counts.sites += sites.length;
        ctx.progress(counts.sites, siteRowids.length);
      }
      await writer.end('sites');
    } else {
      counts.sites = siteRowids.length;
    }

    let attachmentCount = 0;
    if (zipPath) attachmentCount = await writeAttachmentsZip(core, rows, visitIds, zipPath, ctx);

    await ctx.checkpoint();
    const meta: ExportMeta = {
      title: request.source === 'visits' ? 'Ekspor log kunjungan IKM' : 'Ekspor register usaha IKM',
      exportedAt: core.clock.now(),
      exportedBy: officer.nip ? `${officer.name} (NIP ${officer.nip})` : officer.name,
      appVersion: core.appVersion,
      filter: describeFilter(core, request),
      filterRaw: request.filter,
      counts,
    };
    await writer.finish(meta);
    pending.count('visits', counts.visits);
    pending.count('sites', counts.sites);
    pending.count('all', counts.visits + counts.sites);
    pending.count('attachments', attachmentCount);
    await ctx.checkpoint();
    const files = await pending.commit();
    return { files, visits: counts.visits, sites: counts.sites, attachments: attachmentCount };
  } catch (error) {
    await writer.abort();
    await pending.discard();
    throw error;
  } finally {
    restoreReads();
  }
}

/** The photos and documents of the exported visits, one folder per visit number; stored, not recompressed. */
async function writeAttachmentsZip(
  core: Core,
  rows: ExportRowsRepo,
  visits: { id: string; number: string }[],
  path: string,
  ctx: JobContext,
): Promise<number> {
  const file = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => file.once('error', reject));
  failed.catch(() => {});
  const zip = new Zip((error, chunk, final) => {
    if (error) file.destroy(error);
    else file.write(chunk);
    if (final) file.end();
  });
  const closed = new Promise<void>((resolve) => file.once('close', () => resolve()));
  const numberOf = new Map(visits.map((v) => [v.id, v.number]));
  const names = new Set<string>();
  let written = 0;
  ctx.progress(0, visits.length, 'attachments');
  try {
    for (let i = 0; i < visits.length; i += BATCH) {
      await ctx.checkpoint();
      for (const a of rows.attachments(visits.slice(i, i + BATCH).map((v) => v.id))) {
        // A missing or damaged file is left out, as one never fetched was before.
        let bytes: Uint8Array;
        try {
          bytes = core.blobs.read(a.sha256);
        } catch (error) {
          if (isLostFile(error)) continue;
          throw error;
        }
        const folder = numberOf.get(a.visitId)!.replace(/[\\/:*?"<>|]/g, '-');
        let name = `${folder}/${a.fileName.replace(/[\\/:*?"<>|]/g, '_')}`;
        for (let n = 2; names.has(name); n++) name = `${folder}/${n}-${a.fileName.replace(/[\\/:*?"<>|]/g, '_')}`;
        names.add(name);
        const entry = new ZipPassThrough(name);
        zip.add(entry);
        entry.push(bytes, true);
        written++;
        if (file.writableLength > 16 * 1024 * 1024) await new Promise<void>((resolve) => file.once('drain', () => resolve()));
      }
      ctx.progress(Math.min(visits.length, i + BATCH), visits.length);
    }
    zip.end();
    await Promise.race([closed, failed]);
    return written;
  } catch (error) {
    zip.terminate();
    file.destroy();
    await closed;
    throw error;
  }
}

/**
 * A planning list (Pabrik tidak beroperasi, Naik kelas) as one sheet or one CSV file: the rows the
 * page shows for its filter, in its order, written in steps like the other exports.
 */
async function runListExport({ core, request, target, officer, ctx }: ExportRun): Promise<ExportResult> {
  const table = request.source as 'stopped' | 'naikKelas';
  const pending = new PendingFiles();
  const writer = request.format === 'xlsx' ? xlsxWriter(pending.add(target, 'all')) : csvWriter({ [table]: pending.add(target, table) } as Record<Table, string>);
  try {
    const rows = request.source === 'stopped' ? core.stopped.all(request.filter) : request.source === 'naikKelas' ? core.certificates.readyAll(request.filter) : [];
    ctx.progress(0, rows.length, table);
    await writer.begin(table);
    for (let i = 0; i < rows.length; i += BATCH) {
      await ctx.checkpoint();
      for (const row of rows.slice(i, i + BATCH)) await writer.row(table, row);
      ctx.progress(Math.min(rows.length, i + BATCH), rows.length);
    }
    await writer.end(table);
    await ctx.checkpoint();
    await writer.finish({
      title: table === 'stopped' ? 'Daftar pabrik/IKM tidak beroperasi' : 'Naik kelas: IKM siap ke langkah berikutnya',
      exportedAt: core.clock.now(),
      exportedBy: officer.nip ? `${officer.name} (NIP ${officer.nip})` : officer.name,
      appVersion: core.appVersion,
      filter: describeFilter(core, request),
      filterRaw: request.filter,
      counts: { visits: 0, sites: rows.length },
    });
    pending.count(table, rows.length);
    pending.count('all', rows.length);
    const files = await pending.commit();
    return { files, visits: 0, sites: rows.length, attachments: 0 };
  } catch (error) {
    await writer.abort();
    await pending.discard();
    throw error;
  }
}
