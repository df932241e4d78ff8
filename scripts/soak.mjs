// `npm run soak` (not part of `npm test`): thousands of random histories of
//  1. the replication and visit-lifecycle properties (db/sync/replication.property.test.ts,
//     db/sync/lifecycle.property.test.ts): replicas exchange messages directly; IKM_SOAK_RUNS sets how many (default 3000);
//  2. the whole system (hub/system.property.test.ts): a real hub, five laptops with scopes, USB bundles,
//     faults and clock jumps; IKM_SYSTEM_RUNS sets how many (default IKM_SOAK_RUNS, else 2000; about 3 s each).
// IKM_SOAK_SEED replays one seed (each test prints its own); IKM_SOAK_ONLY=replication|system runs one of them.
import { spawnSync } from 'node:child_process';

const runs = process.env.IKM_SOAK_RUNS ?? '3000';
const systemRuns = process.env.IKM_SYSTEM_RUNS ?? process.env.IKM_SOAK_RUNS ?? '2000';
const only = process.env.IKM_SOAK_ONLY;

const suites = [
  {
    name: 'replication',
    label: `${runs} random replication histories, and as many of the visit lifecycle`,
    files: ['db/sync/replication.property.test.ts', 'db/sync/lifecycle.property.test.ts'],
    env: { IKM_SOAK_RUNS: runs },
  },
  {
    name: 'system',
    label: `${systemRuns} random whole-system histories`,
    files: ['hub/system.property.test.ts'],
    // A failure's shrinking may take longer here than under `npm test`.
    env: { IKM_SYSTEM_RUNS: systemRuns, IKM_SYSTEM_RANDOM: '1', IKM_SYSTEM_SHRINK_MS: process.env.IKM_SYSTEM_SHRINK_MS ?? String(10 * 60_000) },
  },
].filter((s) => !only || s.name === only);

let failed = false;
for (const suite of suites) {
  console.log(`soak: ${suite.label}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...suite.files], {
    stdio: 'inherit',
    env: { ...process.env, ...suite.env },
  });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
