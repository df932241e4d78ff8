import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { JobProgress } from './model/job';
import { openApi, toApiError } from './api';
import { openCore } from './core';
import { sayImportProblem } from './model/import-problem';
import { commitImport, previewImport, readImportFile, rememberedMapping, rememberMapping, type ImportRowResult } from './import/site-import';
import { channelHelp } from './cli-help';
import { checkBackup, listBackups, quickCheck } from './backup';
import { SCHEMA_VERSION } from './open-database';
import type { DbKey } from './db-key';
import { keyFromEnvironment } from './passphrase';

const USAGE = `Pemakaian: npm run cli -- --db BERKAS.sqlite <kanal> '<input JSON>'
           npm run cli -- --db BERKAS.sqlite export '<input JSON>' --out BERKAS
           npm run cli -- --db BERKAS.sqlite import DAFTAR.xlsx|.csv [--commit]
           npm run cli -- --db BERKAS.sqlite backup | restore [NAMA-CADANGAN] | check
Contoh:    npm run cli -- --db data.sqlite site.list '{"text":"amplang"}'
           npm run cli -- --db data.sqlite export '{"source":"visits","format":"xlsx","filter":{"dateFrom":"2026-01-01"}}' --out kunjungan.xlsx
Daftar kanal dan inputnya: npm run cli -- --help`;

const SETUP_HINT = `Siapkan dulu basis data ini, mis.:
  npm run cli -- --db BERKAS.sqlite setup.save '{"officerName":"Ani Suryani","officerCode":"ANS","provinceCode":"64"}'`;

/** The one-time encryption of a plain database, told on stderr (stdout is the command's JSON). */
function reportEncryption(done: number, total: number, phase: 'backup' | 'files' | 'encrypt'): void {
  const what = { backup: 'Mencadangkan basis data', files: 'Mencadangkan lampiran', encrypt: 'Mengenkripsi basis data' }[phase];
  console.error(`${what}: ${done}/${total}`);
}

/** The command line over the same API table: prints the JSON result, exit 0; or the error, exit 1. */
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, out: { type: 'string' }, commit: { type: 'boolean' }, help: { type: 'boolean' } },
      allowPositionals: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  const [channel, json] = positionals;
  if (values.help) {
    console.log(`${USAGE}\n\nKanal (input JSON; "?" = boleh dikosongkan):\n${channelHelp()}`);
    return 0;
  }
  if (!values.db || !channel || positionals.length > 2) {
    console.error(USAGE);
    return 1;
  }
  // A typo in the folder must not create a new, empty database somewhere else.
  const folder = dirname(resolve(values.db));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    console.error(JSON.stringify({ code: 'VALIDATION', message: `Folder basis data tidak ada: ${folder}` }, null, 2));
    return 1;
  }
  // The data key: IKM_DB_PASSPHRASE, or asked on a terminal (db/passphrase.ts).
  let key: DbKey | null;
  try {
    key = await keyFromEnvironment();
  } catch (error) {
    console.error(JSON.stringify(toApiError(error), null, 2));
    return 1;
  }
  if (channel === 'import') return importFrom(values.db, key, json, values.commit ?? false);
  if (channel === 'backup' || channel === 'restore' || channel === 'check') return maintain(channel, values.db, key, json);
  let input: unknown = undefined;
  if (json !== undefined) {
    try {
      input = JSON.parse(json);
    } catch {
      console.error(JSON.stringify({ code: 'VALIDATION', message: 'Input bukan JSON yang valid' }, null, 2));
      return 1;
    }
  }
  if (channel === 'export') return exportTo(values.db, key, input, values.out);
  const api = openApi({ dbFile: values.db, key, onEncryptProgress: reportEncryption });
  try {
    const result = await api.dispatch(channel, input);
    if (result.ok) {
      console.log(JSON.stringify(result.value, null, 2));
      return 0;
    }
    console.error(JSON.stringify(result.error, null, 2));
    if (result.error.code === 'NOT_SET_UP') console.error(SETUP_HINT);
    return 1;
  } finally {
    api.close();
  }
}

/**
 * `export`: the `export.start` channel with --out as the answer to the save dialog, then the
 * job's progress on stderr until it is done (Ctrl+C or SIGTERM cancels it and leaves no file).
 */
async function exportTo(dbFile: string, key: DbKey | null, input: unknown, out: string | undefined): Promise<number> {
  if (!out) {
    console.error(`Sebutkan berkas tujuan dengan --out\n${USAGE}`);
    return 1;
  }
  const api = openApi({ dbFile, key, onEncryptProgress: reportEncryption, shell: { chooseSavePath: async () => resolve(out) } });
  try {
    const started = await api.dispatch('export.start', input);
    if (!started.ok) {
      console.error(JSON.stringify(started.error, null, 2));
      return 1;
    }
    let progress = started.value as JobProgress;
    // Ctrl+C, or a SIGTERM from a service manager or a closing terminal, cancels the job, which
    // removes its temp files; without a handler SIGTERM would end the process and leave them.
    const cancel = () => void api.dispatch('job.cancel', { id: progress.id });
    process.once('SIGINT', cancel);
    process.once('SIGTERM', cancel);
    while (progress.state === 'running') {
      const next = await api.dispatch('job.watch', { id: progress.id, after: progress.seq });
      if (!next.ok) break;
      progress = next.value as JobProgress;
      if (progress.total) process.stderr.write(`\r${progress.phase}: ${progress.done}/${progress.total}   `);
    }
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
    process.stderr.write('\n');
    if (progress.state === 'done') {
      console.log(JSON.stringify(progress.result, null, 2));
      return 0;
    }
    console.error(JSON.stringify(progress.error ?? { code: 'CANCELLED', message: 'Ekspor dibatalkan' }, null, 2));
    return 1;
  } finally {
    api.close();
  }
}

/**
 * `backup` makes a backup now; `restore [id]` restores one (the newest good one when no id is
 * given), keeping the current file aside; `check` runs SQLite's quick_check on the database and
 * checks every backup. The same channels as the app's Pengaturan (db/maintenance.ts).
 */
async function maintain(command: 'backup' | 'restore' | 'check', dbFile: string, key: DbKey | null, id: string | undefined): Promise<number> {
  if (command === 'check') {
    const problem = existsSync(dbFile) ? quickCheck(dbFile, { key }) : 'berkas tidak ada';
    const backups = listBackups(dbFile).map((b) => {
      try {
        return { id: b.id, ok: true, missingFiles: checkBackup(dbFile, b.id, { schemaVersion: SCHEMA_VERSION, key }).missingFiles };
      } catch (error) {
        return { id: b.id, ok: false, problem: toApiError(error).reason };
      }
    });
    console.log(JSON.stringify({ database: problem ? { ok: false, problem } : { ok: true }, backups }, null, 2));
    return problem ? 1 : 0;
  }
  const api = openApi({ dbFile, key, onEncryptProgress: reportEncryption });
  try {
    let input: unknown = undefined;
    if (command === 'restore') {
      const listed = await api.dispatch('backup.list', undefined);
      const newest = listed.ok ? (listed.value as { backups: { id: string }[] }).backups[0]?.id : undefined;
      input = { id: id ?? newest ?? '' };
      if (!id && !newest) {
        console.error(JSON.stringify({ code: 'NOT_FOUND', reason: 'backup_not_found', message: 'Belum ada cadangan untuk dipulihkan' }, null, 2));
        return 1;
      }
    }
    const started = await api.dispatch(command === 'backup' ? 'backup.create' : 'backup.restore', input);
    if (!started.ok) {
      console.error(JSON.stringify(started.error, null, 2));
      return 1;
    }
    let progress = started.value as JobProgress;
    while (progress.state === 'running') {
      const next = await api.dispatch('job.watch', { id: progress.id, after: progress.seq });
      if (!next.ok) break;
      progress = next.value as JobProgress;
      if (progress.total) process.stderr.write(`\r${progress.phase}: ${progress.done}/${progress.total}   `);
    }
    process.stderr.write('\n');
    if (progress.state === 'done') {
      console.log(JSON.stringify(progress.result, null, 2));
      return 0;
    }
    console.error(JSON.stringify(progress.error, null, 2));
    return 1;
  } finally {
    api.close();
  }
}

/** Characters of a file's text the import prints per value: enough to recognise a cell, never the file. */
const EXCERPT_CHARS = 80;

/** The value with every string longer than an excerpt cut short (a file's cells may be anything). */
function excerpts(value: unknown): unknown {
  if (typeof value === 'string') return value.length > EXCERPT_CHARS ? `${value.slice(0, EXCERPT_CHARS)}… (${value.length} karakter)` : value;
  if (Array.isArray(value)) return value.map(excerpts);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, excerpts(v)]));
  return value;
}

/**
 * `import`: reads a site list (XLSX or CSV), prints the per-row report; with --commit adds the
 * accepted rows in one transaction (duplicates are skipped, so a second run adds nothing).
 */
async function importFrom(dbFile: string, key: DbKey | null, file: string | undefined, commit: boolean): Promise<number> {
  if (!file) {
    console.error(`Sebutkan berkas yang diimpor\n${USAGE}`);
    return 1;
  }
  const core = openCore({ dbFile, key, onEncryptProgress: reportEncryption });
  try {
    const table = await readImportFile(file);
    const mapping = rememberedMapping(core, table.headers);
    const { preview, accepted } = previewImport(core, table, mapping);
    const language = core.settings.getSetup()?.language ?? 'id';
    // The file's own text (headers, names, the values a problem quotes) only as excerpts.
    const notOk = excerpts(preview.rows.filter((r) => r.status !== 'ok')) as ImportRowResult[];
    const report = {
      columns: table.headers.map((h, i) => ({ header: excerpts(h), field: mapping[i] })),
      counts: preview.counts,
      // Each row's problems as codes, and in words in the laptop's language, as the saved report says them.
      problems: notOk.map((r) => ({ ...r, text: r.problems.map((p) => sayImportProblem(p, language)).join('; ') })),
      added: commit ? commitImport(core, accepted) : 0,
    };
    if (commit) rememberMapping(core, table.headers, mapping);
    console.log(JSON.stringify(report, null, 2));
    return 0;
  } catch (error) {
    // The refusal's own sentence is ours; what it quotes from the file (params) only as excerpts.
    const refusal = toApiError(error);
    console.error(JSON.stringify({ ...refusal, params: excerpts(refusal.params), message: refusal.message.slice(0, 400) }, null, 2));
    return 1;
  } finally {
    core.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
