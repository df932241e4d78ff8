// `npm test` step: Doyensec's Electronegativity over electron/ and renderer/, offline. Fails on any
// HIGH finding (or a file it cannot parse); prints the MEDIUM ones. A finding we accept carries an
// `eng-disable CHECK_ID` comment on its line saying why (see electron/main.ts).
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const toolDir = join(require.resolve('@doyensec/electronegativity/package.json'), '..');

// The tool fetches fresh translations (and Electron's release list) from the internet: answer
// "no network" at once, so the run is the same offline, on CI, and on a laptop.
const gotPath = require.resolve('got', { paths: [toolDir] });
const offline = () => Promise.reject(new Error('offline'));
offline.head = offline;
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };

const run = require('@doyensec/electronegativity');
const electronVersion = require('electron/package.json').version;

// It asks GitHub which Electron releases carry security fixes: a network check, not a code one.
const NETWORK_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
// Navigation limits and the permission handler are main-process code: the electron/ run checks
// them there; in the renderer alone they would always be "missing".
const MAIN_PROCESS_CHECKS = ['LimitNavigationGlobalCheck', 'PermissionRequestHandlerGlobalCheck'];

let high = 0;
for (const [input, excluded] of [
  ['electron', NETWORK_CHECKS],
  ['renderer', [...NETWORK_CHECKS, ...MAIN_PROCESS_CHECKS]],
]) {
  const result = await run({
    input: join(process.cwd(), input),
    isRelative: true,
    electronVersionOverride: electronVersion,
    excludeFromScan: excluded,
    parserPlugins: ['typescript', 'jsx'],
  });
  const unparsed = result.errors.filter((e) => !e.tolerable);
  for (const e of unparsed) console.error(`electronegativity: cannot read ${input}/${e.file}: ${e.message}`);
  high += unparsed.length;
  for (const issue of result.issues) {
    const where = `${input}/${issue.file}:${issue.location.line}`;
    if (issue.severity.name === 'HIGH' || issue.severity.name === 'CRITICAL') {
      high++;
      console.error(`HIGH ${issue.id} ${where} ${issue.description}`);
    } else if (issue.severity.name === 'MEDIUM') {
      console.log(`medium ${issue.id} ${where} ${issue.description}`);
    }
  }
}
if (high > 0) {
  console.error(`electronegativity: ${high} high finding(s) or unreadable file(s)`);
  process.exit(1);
}
console.log('electronegativity: no high finding');
