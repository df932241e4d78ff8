import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function check(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['scripts/check-chromium.mjs'], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, err: r.stderr };
}

test('npm test first checks for Chromium and says what is missing and how to install it', () => {
  const missing = check({ IKM_CHROMIUM: '/tidak/ada/chromium' });
  assert.equal(missing.code, 1);
  assert.match(missing.err, /IKM_CHROMIUM=\/tidak\/ada\/chromium/);
  assert.match(missing.err, /sudo apt-get install chromium/);

  assert.equal(check({ IKM_CHROMIUM: process.execPath }).code, 0, 'an executable that exists passes');

  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.match(scripts.test, /^node scripts\/check-chromium\.mjs && /, 'npm test checks before anything else');
  assert.match(scripts['test:e2e'], /^node scripts\/check-chromium\.mjs && /);
  assert.match(readFileSync('README.md', 'utf8'), /sudo apt-get install chromium/, 'the README names the prerequisite');
});
