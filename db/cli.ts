import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openApi } from './api';
import { channelHelp } from './cli-help';

const USAGE = `Pemakaian: npm run cli -- --db BERKAS.sqlite <kanal> '<input JSON>'
Contoh:    npm run cli -- --db data.sqlite site.list '{"text":"amplang"}'
Daftar kanal dan inputnya: npm run cli -- --help`;

const SETUP_HINT = `Siapkan dulu basis data ini, mis.:
  npm run cli -- --db BERKAS.sqlite setup.save '{"officerName":"Ani Suryani","officerCode":"ANS","provinceCode":"64"}'`;

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
    if (result.error.code === 'NOT_SET_UP') console.error(SETUP_HINT);
    return 1;
  } finally {
    api.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
