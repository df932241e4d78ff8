// `npm run soak` (not part of `npm test`): thousands of random histories of
//  1. the replication and visit-lifecycle properties (db/sync/replication.property.test.ts,
//     db/sync/lifecycle.property.test.ts): replicas exchange messages directly; IKM_SOAK_RUNS sets how many (default 3000);
//  2. the whole system (hub/system.property.test.ts): a real hub, five laptops with scopes, USB bundles,
//     faults and clock jumps; IKM_SYSTEM_RUNS sets how many (default IKM_SOAK_RUNS, else 2000; 1 to 2 s each).
//     They are split over IKM_SOAK_JOBS processes (default: one per core), each from its own seed.
//  3. the crash soak (db/crash/crash-soak.test.ts): the core killed with SIGKILL while it writes, then
//     checked after each kill; IKM_CRASH_KILLS sets how many kills (default 200, never fewer).
// IKM_SOAK_SEED replays one seed (each test prints its own); IKM_SOAK_ONLY=replication|system|crash runs one of them.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const runs = process.env.IKM_SOAK_RUNS ?? '3000';
const systemRuns = Number(process.env.IKM_SYSTEM_RUNS ?? process.env.IKM_SOAK_RUNS ?? '2000');
const only = process.env.IKM_SOAK_ONLY;
// A replayed seed is one process: the seed names one sequence of histories.
const jobs = process.env.IKM_SOAK_SEED ? 1 : Number(process.env.IKM_SOAK_JOBS ?? availableParallelism());

/** Runs node's test runner on files; resolves to whether it passed. */
function run(files, env, prefix) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
      stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env },
    });
    if (prefix) {
      // Several at once: each line says which process wrote it.
      for (const stream of [child.stdout, child.stderr]) {
        let rest = '';
        stream.on('data', (chunk) => {
          const lines = (rest + chunk).split('\n');
          rest = lines.pop();
          for (const line of lines) console.log(`${prefix} ${line}`);
        });
        stream.on('end', () => rest && console.log(`${prefix} ${rest}`));
      }
    }
    child.on('close', (code) => resolve(code === 0));
  });
}

const started = Date.now();
let failed = false;
if (!only || only === 'replication') {
  console.log(`soak: ${runs} random replication histories, and as many of the visit lifecycle`);
  if (!(await run(['db/sync/replication.property.test.ts', 'db/sync/lifecycle.property.test.ts'], { IKM_SOAK_RUNS: runs }))) failed = true;
}
if (!only || only === 'system') {
  console.log(`soak: ${systemRuns} random whole-system histories in ${jobs} process${jobs > 1 ? 'es' : ''}`);
  const baseSeed = Date.now() % 2 ** 31;
  const results = await Promise.all(
    Array.from({ length: jobs }, (_, i) => {
      const share = Math.floor(systemRuns / jobs) + (i < systemRuns % jobs ? 1 : 0);
      const env = {
        IKM_SYSTEM_RUNS: String(share),
        // A failure's shrinking may take longer here than under `npm test`.
        IKM_SYSTEM_SHRINK_MS: process.env.IKM_SYSTEM_SHRINK_MS ?? String(10 * 60_000),
        ...(process.env.IKM_SOAK_SEED ? {} : { IKM_SOAK_SEED: String((baseSeed + i * 7919) % 2 ** 31) }),
      };
      return run(['hub/system.property.test.ts'], env, jobs > 1 ? `[system ${i + 1}/${jobs}]` : '');
    }),
  );
  if (results.includes(false)) failed = true;
}
if (!only || only === 'crash') {
  // At least 200 kills (issue 21): a smaller count is a test, not the soak.
  const kills = Math.max(200, Number(process.env.IKM_CRASH_KILLS ?? 200));
  console.log(`soak: the core killed ${kills} times while it writes`);
  if (!(await run(['db/crash/crash-soak.test.ts'], { IKM_CRASH_KILLS: String(kills) }))) failed = true;
}
console.log(`soak: ${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
process.exit(failed ? 1 : 0);
