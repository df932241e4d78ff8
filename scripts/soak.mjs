// `npm run soak`: the replication and visit-lifecycle property tests with thousands of random histories (not part of `npm test`).
// IKM_SOAK_RUNS sets how many (default 3000); IKM_SOAK_SEED replays one seed.
import { spawnSync } from 'node:child_process';

const runs = process.env.IKM_SOAK_RUNS ?? '3000';
console.log(`soak: ${runs} random replication histories, and as many of the visit lifecycle`);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', 'db/sync/replication.property.test.ts', 'db/sync/lifecycle.property.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, IKM_SOAK_RUNS: runs },
});
process.exit(result.status ?? 1);
