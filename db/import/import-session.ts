import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { Core } from '../core';
import type { JobProgress } from '../model/job';
import type { ImportEditRequest as ImportEditSchema, ImportStartRequest as ImportStartSchema } from '../model/import';
import type { DuplicateAction, ImportField, ImportOpened, ImportPreview, ImportResult } from '../model/import';
import { IMPORT_STATUS_LABELS, sayImportProblem } from '../model/import-problem';
import type { Language } from '../model/catalog';
import { refuse } from '../model/result';
import { looksLikeFormula } from '../export/columns';
import { askPath } from '../print/print-files';
import { writeWhole } from '../whole-file';
import {
  countRows, planImport, planWrites, previewImport, readImportBytes, rememberMapping, rowChecker, storedMapping, suggestMapping, toTable,
  type CheckedRow, type ImportTable,
} from './site-import';

/**
 * The import wizard's files, kept in the core between its steps (map, preview, import) so the
 * window sends a file's bytes once. Only the latest few are kept; nothing is written to disk.
 */
interface ImportSession {
  id: string;
  fileName: string;
  table: ImportTable;
}
const KEPT_SESSIONS = 3;
const sessionsOf = new WeakMap<Core, Map<string, ImportSession>>();

function sessions(core: Core): Map<string, ImportSession> {
  let map = sessionsOf.get(core);
  if (!map) sessionsOf.set(core, (map = new Map()));
  return map;
}

function session(core: Core, id: string): ImportSession {
  const found = sessions(core).get(id);
  if (!found) throw refuse('NOT_FOUND', 'import_file_gone', 'Berkas impor tidak ada lagi; pilih berkasnya sekali lagi');
  return found;
}

function checkMapping(s: ImportSession, mapping: (ImportField | null)[]): void {
  if (mapping.length !== s.table.headers.length) {
    throw refuse('VALIDATION', 'import_mapping_columns', `Pemetaan kolom harus untuk ${s.table.headers.length} kolom berkas ini`, {
      columns: s.table.headers.length,
    });
  }
  if (!mapping.includes('name')) {
    throw refuse('VALIDATION', 'import_name_unmapped', 'Pilih kolom yang berisi nama usaha', undefined, [
      { path: 'mapping', message: 'Kolom nama usaha wajib dipetakan' },
    ]);
  }
}

/** Rows of the file offered as the header row. */
const HEADER_CHOICES = 12;

/** Reads a chosen file (refusing what is not a site list) and keeps it for the wizard's next steps. */
export async function openImport(core: Core, fileName: string, bytes: Uint8Array): Promise<ImportOpened> {
  const table = await readImportBytes(bytes, fileName);
  const id = randomUUID();
  const map = sessions(core);
  map.set(id, { id, fileName, table });
  for (const old of [...map.keys()].slice(0, Math.max(0, map.size - KEPT_SESSIONS))) map.delete(old);
  return openedOf(core, map.get(id)!);
}

/** The kept file as the mapping step shows it: its header, the mapping for it, and a sample. */
function openedOf(core: Core, s: ImportSession): ImportOpened {
  const { table } = s;
  const remembered = storedMapping(core, table.headers);
  return {
    id: s.id,
    fileName: s.fileName,
    headers: table.headers,
    mapping: remembered ?? suggestMapping(table.headers),
    remembered: remembered !== null,
    rowCount: table.rows.length,
    sample: table.rows.slice(0, 3).map((r) => table.headers.map((_, i) => r.cells[i] ?? '')),
    headerLine: table.headerLine,
    headerRows: table.headerRows,
    headerChoices: table.source.slice(0, HEADER_CHOICES).map((r) => ({
      line: r.line,
      text: r.cells.map((c) => (c ?? '').trim()).filter(Boolean).slice(0, 6).join(' · ').slice(0, 120),
    })),
  };
}

/** The officer's header row: the rows under it are the data, the rows above are left out. */
export function chooseImportHeader(core: Core, id: string, line: number): ImportOpened {
  const s = session(core, id);
  s.table = toTable(s.table.source, line);
  return openedOf(core, s);
}

/** A cell fixed in the wizard (the file itself is not changed; the kept copy is), and the report again. */
export function editImportCell(core: Core, request: z.output<typeof ImportEditSchema>): ImportPreview {
  const s = session(core, request.id);
  checkMapping(s, request.mapping);
  const row = s.table.rows.find((r) => r.line === request.line);
  if (!row) throw refuse('NOT_FOUND', 'import_row_gone', `Baris ${request.line} tidak ada di berkas ini`, { line: request.line });
  const cellOf = (r: { cells: string[] }) => (r.cells[request.column] ?? '').trim();
  const was = cellOf(row);
  for (const r of request.everyRow ? s.table.rows.filter((other) => cellOf(other) === was) : [row]) {
    const cells = [...r.cells];
    while (cells.length <= request.column) cells.push('');
    cells[request.column] = request.value.trim();
    r.cells = cells;
  }
  return previewImport(core, s.table, request.mapping).preview;
}

/** The per-row report of a kept file under a mapping (writes nothing). */
export function previewSession(core: Core, id: string, mapping: (ImportField | null)[]): ImportPreview {
  const s = session(core, id);
  checkMapping(s, mapping);
  return previewImport(core, s.table, mapping).preview;
}

/** The report's own words; its statuses and problems come from the tables the wizard says them from. */
const REPORT_WORDS: Record<Language, { file: string; dialog: string; fileKind: string; sheet: string; line: string; status: string; problems: string }> = {
  id: { file: 'laporan-impor', dialog: 'Simpan laporan impor', fileKind: 'Buku kerja Excel', sheet: 'Laporan impor', line: 'Baris asal', status: 'Status', problems: 'Masalah impor' },
  en: { file: 'import-report', dialog: 'Save import report', fileKind: 'Excel workbook', sheet: 'Import report', line: 'Source row', status: 'Status', problems: 'Import problems' },
};

/**
 * The report as a workbook the office can fix and import again: every row that is not ready,
 * with its line, what is wrong, and its original cells (text, never formulas). Written in the
 * UI's language, which the core keeps (the window saves it before it shows it), so the report
 * says each row as the wizard did.
 */
export async function saveImportReport(core: Core, id: string, mapping: (ImportField | null)[]): Promise<{ path: string } | null> {
  const s = session(core, id);
  checkMapping(s, mapping);
  const { preview } = previewImport(core, s.table, mapping);
  const base = s.fileName.replace(/\.[^.]+$/, '').replace(/[\\/:*?"<>|]/g, '-');
  const language = core.settings.getSetup()?.language ?? 'id';
  const words = REPORT_WORDS[language];
  const path = await askPath(core, words.dialog, `${words.file}-${base}.xlsx`, { name: words.fileKind, extensions: ['xlsx'] });
  if (!path) return null;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(words.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([words.line, words.status, words.problems, ...s.table.headers]).font = { bold: true };
  const cellsOf = new Map(s.table.rows.map((r) => [r.line, r.cells]));
  const text = (v: string) => (looksLikeFormula(v) ? { richText: [{ text: v }] } : v);
  for (const row of preview.rows) {
    if (row.status === 'ok') continue;
    const problems = row.problems.map((p) => sayImportProblem(p, language)).join('; ');
    sheet.addRow([row.line, IMPORT_STATUS_LABELS[language][row.status], text(problems), ...(cellsOf.get(row.line) ?? []).map(text)]);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 3 + s.table.headers.length } };
  sheet.columns.forEach((c, i) => (c.width = i === 2 ? 60 : i < 2 ? 14 : 20));
  await writeWhole(path, (temp) => book.xlsx.writeFile(temp));
  return { path };
}

/** Rows checked between two yields to the window's calls. */
const CHECK_BATCH = 1000;
/** Sites written between two yields (each step a write unit inside the one transaction). */
const WRITE_BATCH = 100;

/**
 * Imports a kept file as a job: checks every row again against the database as it is now
 * (progress "check"), then writes the good rows and the merges in one transaction ("write").
 * The transaction stays open across the write's steps so that its progress reaches the window
 * and Cancel is heard there too: a cancelled import rolls the whole transaction back and leaves
 * nothing. The mapping is remembered for the next file with the same headers, once it committed.
 */
export function startImport(core: Core, request: z.output<typeof ImportStartSchema>): JobProgress {
  const s = session(core, request.id);
  checkMapping(s, request.mapping);
  const decide = (line: number): DuplicateAction => request.decisions[String(line)] ?? request.duplicates;
  return core.jobs.start('import', async (ctx): Promise<ImportResult> => {
    const rows = s.table.rows;
    const check = rowChecker(core, request.mapping);
    const checked: CheckedRow[] = [];
    ctx.progress(0, rows.length, 'check');
    for (let i = 0; i < rows.length; i += CHECK_BATCH) {
      await ctx.checkpoint();
      for (const row of rows.slice(i, i + CHECK_BATCH)) checked.push(check(row));
      ctx.progress(checked.length, rows.length);
    }
    await ctx.checkpoint();
    const { added, merged, planned } = await core.heldWrite(async (step) => {
      // Planned inside the held transaction: no other call can change the register meanwhile.
      const plan = planImport(checked, decide);
      const { writes, counts } = planWrites(core, plan);
      ctx.progress(0, writes.length, 'write');
      for (let i = 0; i < writes.length; i += WRITE_BATCH) {
        await ctx.checkpoint();
        step(() => {
          for (const write of writes.slice(i, i + WRITE_BATCH)) write();
        });
        ctx.progress(Math.min(writes.length, i + WRITE_BATCH), writes.length);
      }
      // The last chance to cancel: after this the transaction commits.
      await ctx.checkpoint();
      rememberMapping(core, s.table.headers, request.mapping);
      return { ...counts, planned: plan };
    });
    const counts = countRows(checked.map((c) => c.result));
    return { added, merged, skipped: planned.skipped + (planned.added.length - added), errors: counts.error };
  });
}
