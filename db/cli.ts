import { parseArgs } from 'node:util';
import { openApi } from './api';
import { CHANNELS } from './model/channels';

const USAGE = `Pemakaian: npm run cli -- --db BERKAS.sqlite <kanal> '<input JSON>'
Contoh:    npm run cli -- --db data.sqlite site.list '{"text":"amplang"}'
Kanal:     ${CHANNELS.join(', ')}`;

/** The command line over the same API table: prints the JSON result, exit 0; or the error, exit 1. */
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { db: { type: 'string' }, help: { type: 'boolean' } }, allowPositionals: true });
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

process.exitCode = await main(process.argv.slice(2));
