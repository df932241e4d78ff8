import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KALTIM_SETUP, siteInput, tempDir } from './test-support';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'db/cli.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('cli: prints JSON results (exit 0) and errors (exit 1) over the same API table', () => {
  const tmp = tempDir();
  try {
    const db = join(tmp.dir, 'cli.sqlite');
    const setup = cli('--db', db, 'setup.save', JSON.stringify(KALTIM_SETUP));
    assert.equal(setup.code, 0, setup.err);
    assert.equal(JSON.parse(setup.out).provinceName, 'Kalimantan Timur');

    const created = cli('--db', db, 'site.create', JSON.stringify({ site: siteInput() }));
    assert.equal(created.code, 0, created.err);
    assert.equal(JSON.parse(created.out).saved, true);

    const bad = cli('--db', db, 'site.create', JSON.stringify({ site: siteInput({ name: 'Lain', workers: -3 }) }));
    assert.equal(bad.code, 1);
    assert.equal(JSON.parse(bad.err).code, 'VALIDATION');
    assert.match(JSON.parse(bad.err).message, /tidak boleh negatif/);

    const notJson = cli('--db', db, 'site.list', '{oops');
    assert.equal(notJson.code, 1);
    assert.match(notJson.err, /bukan JSON/);

    const list = cli('--db', db, 'site.list', '{"text":"amplang"}');
    assert.equal(list.code, 0);
    assert.equal(JSON.parse(list.out).total, 1, 'the refused create left nothing behind');

    const usage = cli('site.list');
    assert.equal(usage.code, 1);
    assert.match(usage.err, /Pemakaian/);
  } finally {
    tmp.dispose();
  }
});

test('cli export: writes the file named by --out and prints what it wrote; --out is required', async () => {
  const tmp = tempDir();
  try {
    const db = join(tmp.dir, 'cli.sqlite');
    assert.equal(cli('--db', db, 'setup.save', JSON.stringify(KALTIM_SETUP)).code, 0);
    assert.equal(cli('--db', db, 'site.create', JSON.stringify({ site: siteInput({ name: 'Kerupuk Amplang – Café' }) })).code, 0);
    const out = join(tmp.dir, 'usaha.csv');
    const exported = cli('--db', db, 'export', JSON.stringify({ source: 'sites', format: 'csv' }), '--out', out);
    assert.equal(exported.code, 0, exported.err);
    assert.deepEqual(JSON.parse(exported.out).files, [{ path: out, kind: 'sites', rows: 1 }]);
    const { readFileSync } = await import('node:fs');
    assert.match(readFileSync(out, 'utf8'), /Kerupuk Amplang – Café/);

    const missing = cli('--db', db, 'export', JSON.stringify({ source: 'sites', format: 'csv' }));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /--out/);
  } finally {
    tmp.dispose();
  }
});

test('cli import: reports every row, --commit adds the good ones once', async () => {
  const tmp = tempDir();
  try {
    const db = join(tmp.dir, 'cli.sqlite');
    assert.equal(cli('--db', db, 'setup.save', JSON.stringify(KALTIM_SETUP)).code, 0);
    const { writeFileSync } = await import('node:fs');
    const csv = join(tmp.dir, 'daftar.csv');
    writeFileSync(csv, 'Nama Usaha,Kab/Kota,Kecamatan,Desa/Kel,KBLI,Jumlah TK\nAmplang Ani,Kota Samarinda,Palaran,Rawa Makmur,10,3\nSalah,Samarinda,Palaran,Tidak Ada,10,1\n');
    const preview = cli('--db', db, 'import', csv);
    assert.equal(preview.code, 0, preview.err);
    assert.deepEqual(JSON.parse(preview.out).counts, { ok: 1, error: 1, duplicate: 0 });
    assert.equal(JSON.parse(preview.out).added, 0);
    const [bad] = JSON.parse(preview.out).problems;
    assert.deepEqual(bad.problems, [{ code: 'area_village_not_found', params: { value: 'Tidak Ada' }, field: 'village' }]);
    assert.equal(bad.text, 'Desa/kelurahan "Tidak Ada" tidak ditemukan; periksa ejaan atau isi kode desa');
    const first = cli('--db', db, 'import', csv, '--commit');
    assert.equal(JSON.parse(first.out).added, 1);
    const second = cli('--db', db, 'import', csv, '--commit');
    assert.equal(JSON.parse(second.out).added, 0);
    assert.deepEqual(JSON.parse(second.out).counts, { ok: 0, error: 1, duplicate: 1 });
  } finally {
    tmp.dispose();
  }
});

test('cli: --help lists every channel with its input', () => {
  const help = cli('--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /site\.create\s+\{ site: \{ name: teks,/);
  assert.match(help.out, /app\.info\s+\(tanpa input\)/);
  assert.match(help.out, /visit\.finalize\s+\{ id: id \}/);
  assert.match(help.out, /settings\.setLanguage\s+\{ language: "id"\|"en" \}/);
});

test('cli: --db in a folder that does not exist is an error and creates nothing', () => {
  const tmp = tempDir();
  try {
    const missing = join(tmp.dir, 'tidak-ada', 'data.sqlite');
    const r = cli('--db', missing, 'app.info');
    assert.equal(r.code, 1);
    assert.match(JSON.parse(r.err).message, /Folder basis data tidak ada/);
    assert.equal(existsSync(join(tmp.dir, 'tidak-ada')), false);
  } finally {
    tmp.dispose();
  }
});

test('cli: a channel used before setup says that setup is needed', () => {
  const tmp = tempDir();
  try {
    const db = join(tmp.dir, 'baru.sqlite');
    for (const [channel, input] of [
      ['site.list', '{}'],
      ['site.create', JSON.stringify({ site: siteInput() })],
      ['visit.list', '{}'],
    ]) {
      const r = cli('--db', db, channel, input);
      assert.equal(r.code, 1, channel);
      assert.match(r.err, /"code": "NOT_SET_UP"/, channel);
      assert.match(r.err, /setup\.save/, `${channel}: says how`);
    }
    assert.equal(cli('--db', db, 'ref.provinces').code, 0, 'the setup form’s channels still work');
  } finally {
    tmp.dispose();
  }
});

test('cli export: SIGTERM mid-export cancels it and leaves no hidden temp file; old leftovers go at the next start', async () => {
  const { readdirSync, utimesSync, writeFileSync } = await import('node:fs');
  const { spawn } = await import('node:child_process');
  const tmp = tempDir();
  try {
    const db = join(tmp.dir, 'cli.sqlite');
    assert.equal(cli('--db', db, 'setup.save', JSON.stringify(KALTIM_SETUP)).code, 0);
    // Enough sites that the export is still writing when the signal comes.
    const rows = Array.from({ length: 4000 }, (_, i) => `Usaha ${i},Kota Samarinda,Palaran,Rawa Makmur,10,${i % 20}`);
    const csv = join(tmp.dir, 'daftar.csv');
    writeFileSync(csv, `Nama Usaha,Kab/Kota,Kecamatan,Desa/Kel,KBLI,Jumlah TK\n${rows.join('\n')}\n`);
    assert.equal(JSON.parse(cli('--db', db, 'import', csv, '--commit').out).added, 4000);

    const outDir = join(tmp.dir, 'ekspor');
    (await import('node:fs')).mkdirSync(outDir);
    const out = join(outDir, 'usaha.xlsx');
    const temps = () => readdirSync(outDir).filter((n) => n.endsWith('.tmp'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'db/cli.ts', '--db', db, 'export', JSON.stringify({ source: 'sites', format: 'xlsx' }), '--out', out]);
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // The first progress line: the temp file is open and rows are being written.
        if (/sites: [1-9]\d*\/4000/.test(stderr)) resolve();
      }),
    );
    child.kill('SIGTERM');
    const code = await exited;
    assert.equal(code, 1, `the export was cancelled, not finished: ${stderr}`);
    assert.match(stderr, /CANCELLED|dibatalkan/i);
    assert.deepEqual(temps(), [], 'no hidden temp file left beside the target');
    assert.deepEqual(readdirSync(outDir), [], 'and no half file under the chosen name');

    // A leftover of a killed export (SIGKILL, power cut), hours old, goes at the next export's
    // start; a fresh one may be another export still writing and stays.
    const old = join(outDir, '.usaha.xlsx.0123abcd.tmp');
    const fresh = join(outDir, '.usaha - Lampiran.zip.89abcdef.tmp');
    writeFileSync(old, 'half');
    writeFileSync(fresh, 'half');
    const hoursAgo = new Date(Date.now() - 3 * 60 * 60_000);
    utimesSync(old, hoursAgo, hoursAgo);
    const again = cli('--db', db, 'export', JSON.stringify({ source: 'sites', format: 'xlsx' }), '--out', out);
    assert.equal(again.code, 0, again.err);
    assert.deepEqual(temps(), ['.usaha - Lampiran.zip.89abcdef.tmp']);
  } finally {
    tmp.dispose();
  }
});
