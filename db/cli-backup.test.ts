import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KALTIM_SETUP, siteInput, tempDir } from './test-support';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'db/cli.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('cli backup, check and restore: the same backups as the app; a damaged file is found by check and replaced by restore', () => {
  const tmp = tempDir();
  try {
    const db = join(tmp.dir, 'cli.sqlite');
    assert.equal(cli('--db', db, 'setup.save', JSON.stringify(KALTIM_SETUP)).code, 0);
    assert.equal(cli('--db', db, 'site.create', JSON.stringify({ site: siteInput() })).code, 0);

    const backup = cli('--db', db, 'backup');
    assert.equal(backup.code, 0, backup.err);
    const made = JSON.parse(backup.out) as { id: string; kind: string };
    assert.equal(made.kind, 'manual');

    const healthy = cli('--db', db, 'check');
    assert.equal(healthy.code, 0, healthy.err);
    assert.deepEqual(JSON.parse(healthy.out), { database: { ok: true }, backups: [{ id: made.id, ok: true, missingFiles: 0 }] });

    assert.equal(cli('--db', db, 'site.create', JSON.stringify({ site: siteInput({ name: 'Kerupuk Haruan', ownerName: 'Udin' }) })).code, 0);
    const bytes = readFileSync(db);
    bytes.fill(0x5a, 4096 * 3, 4096 * 6);
    writeFileSync(db, bytes);
    const damaged = cli('--db', db, 'check');
    assert.equal(damaged.code, 1);
    assert.equal(JSON.parse(damaged.out).database.ok, false);
    const refused = cli('--db', db, 'site.list', '{}');
    assert.equal(refused.code, 1);
    assert.equal(JSON.parse(refused.err).code, 'DB_DAMAGED');

    const restored = cli('--db', db, 'restore');
    assert.equal(restored.code, 0, restored.err);
    const result = JSON.parse(restored.out) as { restored: { id: string }; setAside: string };
    assert.equal(result.restored.id, made.id, 'the newest backup, when none is named');
    assert.deepEqual(readFileSync(join(result.setAside, 'cli.sqlite')), bytes, 'the damaged file is kept as it was');
    const list = cli('--db', db, 'site.list', '{}');
    assert.equal(list.code, 0, list.err);
    assert.deepEqual(JSON.parse(list.out).items.map((s: { name: string }) => s.name), ['Amplang Mama Ani']);

    const unknown = cli('--db', db, 'restore', '20200101-000000-000');
    assert.equal(unknown.code, 1);
    assert.equal(JSON.parse(unknown.err).reason, 'backup_not_found');
  } finally {
    tmp.dispose();
  }
});
