import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { JobProgress } from './model/job';
import { openApi } from './api';
import { CHANNELS } from './model/channels';

const USAGE = `Pemakaian: npm run cli -- --db BERKAS.sqlite <kanal> '<input JSON>'
           npm run cli -- --db BERKAS.sqlite export '<input JSON>' --out BERKAS
Contoh:    npm run cli -- --db data.sqlite site.list '{"text":"amplang"}'
           npm run cli -- --db data.sqlite export '{"source":"visits","format":"xlsx","filter":{"dateFrom":"2026-01-01"}}' --out kunjungan.xlsx
Kanal:     ${CHANNELS.join(', ')}`;

/** The command line over the same API table: prints the JSON result, exit 0; or the error, exit 1. */
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } },
      allowPositionals: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  const [channel, json] = positionals;
  if (values.help || !values.db || !channel || positionals.length > 2) {
    console.error(USAGE);
    return values.help ? 0 : 1;
  }
  let input: unknown = undefined;
  if (json !== undefined) {
    try {
      input = JSON.parse(json);
    } catch {
      console.error(JSON.stringify({ code: 'VALIDATION', message: 'Input bukan JSON yang valid' }, null, 2));
      return 1;
    }
  }
  if (channel === 'export') return exportTo(values.db, input, values.out);
  const api = openApi({ dbFile: values.db });
  try {
    const result = await api.dispatch(channel, input);
    if (result.ok) {
      console.log(JSON.stringify(result.value, null, 2));
      return 0;
    }
    console.error(JSON.stringify(result.error, null, 2));
    return 1;
  } finally {
    api.close();
  }
}

/**
 * `export`: the `export.start` channel with --out as the answer to the save dialog, then the
 * job's progress on stderr until it is done (Ctrl+C cancels it and leaves no file).
 */
async function exportTo(dbFile: string, input: unknown, out: string | undefined): Promise<number> {
  if (!out) {
    console.error(`Sebutkan berkas tujuan dengan --out\n${USAGE}`);
    return 1;
  }
  const api = openApi({ dbFile, shell: { chooseSavePath: async () => resolve(out) } });
  try {
    const started = await api.dispatch('export.start', input);
    if (!started.ok) {
      console.error(JSON.stringify(started.error, null, 2));
      return 1;
    }
    let progress = started.value as JobProgress;
    const cancel = () => void api.dispatch('job.cancel', { id: progress.id });
    process.once('SIGINT', cancel);
    while (progress.state === 'running') {
      const next = await api.dispatch('job.watch', { id: progress.id, after: progress.seq });
      if (!next.ok) break;
      progress = next.value as JobProgress;
      if (progress.total) process.stderr.write(`\r${progress.phase}: ${progress.done}/${progress.total}   `);
    }
    process.off('SIGINT', cancel);
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

process.exitCode = await main(process.argv.slice(2));
