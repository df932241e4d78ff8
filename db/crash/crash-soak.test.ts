import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../test-support';
import { runCrashSoak } from './crash-soak';

// `npm test` kills 5 times; `npm run soak` (IKM_SOAK_ONLY=crash) sets IKM_CRASH_KILLS to 200 or more.
const KILLS = Number(process.env.IKM_CRASH_KILLS ?? 5);
// IKM_SOAK_SEED replays a failed run (the failure names its seed).
const SEED = Number(process.env.IKM_SOAK_SEED ?? Date.now() % 2 ** 31);

test(`the core killed with SIGKILL ${KILLS} times while it writes: opens whole, keeps every committed write, leaves no partial or stray file (seed ${SEED})`, { timeout: KILLS * 120_000 }, async () => {
  const tmp = tempDir('ikm-crash-');
  try {
    const report = await runCrashSoak({
      dir: tmp.dir,
      kills: KILLS,
      seed: SEED,
      onRound: (r) => {
        if (KILLS <= 10 || r.round % 10 === 0) {
          console.log(`crash round ${r.round}/${KILLS}: kill ${r.moment}, during ${r.killedDuring ?? 'no write'}, ${r.committed} writes committed, left ${r.leftTemps} temp and ${r.leftUnusedFiles} unused files (ms: start ${r.ms.start}, write ${r.ms.write}, check ${r.ms.check})`);
        }
      },
    });
    assert.equal(report.rounds.length, KILLS);
    // The checks were made on a database that moved (a random kill may come before a round's first commit).
    assert.ok(report.rounds.filter((r) => r.committed > 0).length >= KILLS / 2, 'most rounds committed writes before their kill');
    const during = (kind: string) => report.rounds.filter((r) => r.killedDuring === kind).length;
    console.log(
      `crash soak: ${KILLS} kills in ${(report.ms / 1000).toFixed(0)} s, ${report.committed} writes checked; kills during attachment ${during('attachment')}, ` +
        `site ${during('site')}, edit ${during('siteEdit')}, visit ${during('visit')}; left by kills ${report.rounds.reduce((s, r) => s + r.leftTemps, 0)} temp and ` +
        `${report.rounds.reduce((s, r) => s + r.leftUnusedFiles, 0)} unused files, all removed at start-up`,
    );
  } finally {
    tmp.dispose();
  }
});
