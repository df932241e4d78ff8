import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { KALTIM_SETUP, siteInput, tempDir } from '../db/test-support';
import type { JobProgress } from '../db/model/job';
import type { ApiError } from '../db/model/result';
import type { ShellServices } from '../db/shell';
import { DbHost } from './db-host';

/**
 * The worker runs from source. Node 20 does not carry tsx's loader into worker threads, so a
 * one-line bootstrap registers it there first.
 */
const bootstrap = tempDir('ikm-worker-');
const WORKER_FILE = join(bootstrap.dir, 'db-worker-bootstrap.mjs');
writeFileSync(
  WORKER_FILE,
  `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};\n` +
    `register();\n` +
    `await import(${JSON.stringify(new URL('./db-worker.ts', import.meta.url).href)});\n`,
);
after(() => bootstrap.dispose());

/** A host on `dbFile`, with main's shell services when a test plays main (save dialog, print). */
function startHost(dbFile: string, { workerFile = WORKER_FILE, shell }: { workerFile?: string; shell?: Partial<ShellServices> } = {}) {
  const fatal: ApiError[] = [];
  const host = new DbHost({ workerFile, dbFile, appVersion: '1.2.3', onFatal: (error) => fatal.push(error), shell });
  return { host, fatal };
}

test('calls reach the core in the worker and come back as plain results', async () => {
  const tmp = tempDir();
  const { host, fatal } = startHost(join(tmp.dir, 'ikm-lapangan.sqlite'));
  try {
    assert.equal(await host.opened, null);
    const info = await host.call('app.info', undefined);
    assert.ok(info.ok);
    assert.equal((info.value as { version: string }).version, '1.2.3');
    const bad = await host.call('site.get', { id: 42 });
    assert.equal(bad.ok ? null : bad.error.code, 'VALIDATION');
    const unknown = await host.call('no.such', undefined);
    assert.equal(unknown.ok ? null : unknown.error.code, 'UNKNOWN_CHANNEL');
    assert.deepEqual(fatal, []);
  } finally {
    await host.close();
    tmp.dispose();
  }
});

test('a worker that dies fails its calls with a clear message and is started again', async (t) => {
  t.mock.method(console, 'error', () => {}); // the host logs the crash; expected here
  const tmp = tempDir();
  const { host, fatal } = startHost(join(tmp.dir, 'ikm-lapangan.sqlite'));
  try {
    await host.opened;
    const inflight = host.call('ref.provinces', undefined);
    await (host as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    const failed = await inflight;
    assert.ok(!failed.ok && failed.error.code === 'INTERNAL' && /berhenti tiba-tiba/.test(failed.error.message));
    const again = await host.call('app.info', undefined);
    assert.ok(again.ok, 'the restarted worker answers');
    assert.deepEqual(fatal, []);
  } finally {
    await host.close();
    tmp.dispose();
  }
  const afterClose = await host.call('app.info', undefined);
  assert.ok(!afterClose.ok && /ditutup/.test(afterClose.error.message));
});

test('a database made by a newer version is reported as DB_TOO_NEW and left unchanged', async () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'newer.sqlite');
  const raw = new Database(dbFile);
  raw.pragma('user_version = 999');
  raw.close();
  const { host } = startHost(dbFile);
  try {
    const error = await host.opened;
    assert.equal(error?.code, 'DB_TOO_NEW');
    const call = await host.call('site.counts', undefined);
    assert.equal(call.ok ? null : call.error.code, 'DB_TOO_NEW');
  } finally {
    await host.close();
  }
  const check = new Database(dbFile, { readonly: true });
  assert.equal(check.pragma('user_version', { simple: true }), 999);
  check.close();
  tmp.dispose();
});

test('a worker that cannot start is reported once, not restarted in a loop', async (t) => {
  t.mock.method(console, 'error', () => {});
  const tmp = tempDir();
  const { host, fatal } = startHost(join(tmp.dir, 'x.sqlite'), { workerFile: join(tmp.dir, 'missing-worker.js') });
  try {
    const error = await host.opened;
    assert.equal(error?.code, 'INTERNAL');
    assert.equal(fatal.length, 1);
    const call = await host.call('app.info', undefined);
    assert.ok(!call.ok);
  } finally {
    await host.close();
    tmp.dispose();
  }
});

test('the core in the worker asks main for a save path, exports in the background, and main hears the result', async () => {
  const tmp = tempDir();
  const target = join(tmp.dir, 'usaha.csv');
  const asked: unknown[] = [];
  const { host } = startHost(join(tmp.dir, 'ikm-lapangan.sqlite'), {
    shell: {
      chooseSavePath: async (request) => {
        asked.push(request);
        return target;
      },
    },
  });
  try {
    assert.ok((await host.call('setup.save', KALTIM_SETUP)).ok);
    assert.ok((await host.call('site.create', { site: siteInput() })).ok);
    const started = await host.call('export.start', { source: 'sites', format: 'csv' });
    assert.ok(started.ok && started.value);
    let progress = started.value as JobProgress;
    while (progress.state === 'running') {
      const next = await host.call('job.watch', { id: progress.id, after: progress.seq });
      assert.ok(next.ok);
      progress = next.value as JobProgress;
    }
    assert.equal(progress.state, 'done');
    assert.equal((asked[0] as { suggestedName: string }).suggestedName.endsWith('.csv'), true);
    assert.match(readFileSync(target, 'utf8'), /Amplang Mama Ani/);
  } finally {
    await host.close();
    tmp.dispose();
  }
});

test('a save dialog or a print that fails in main answers with its reason, not main\'s raw text (issue 10.17)', async () => {
  const tmp = tempDir();
  const { host } = startHost(join(tmp.dir, 'ikm-lapangan.sqlite'), {
    shell: {
      chooseSavePath: async () => {
        throw new Error('dialog: no display');
      },
      print: async () => {
        throw new Error('Gagal mencetak: Print job failed');
      },
    },
  });
  try {
    assert.ok((await host.call('setup.save', KALTIM_SETUP)).ok);
    const target = { kind: 'blank', visitKind: 'identifikasi' };
    const pdf = await host.call('print.pdf', { target });
    assert.deepEqual(pdf.ok ? null : [pdf.error.code, pdf.error.reason, pdf.error.params], ['INTERNAL', 'save_dialog_failed', undefined]);
    const printed = await host.call('print.send', { target });
    assert.deepEqual(printed.ok ? null : [printed.error.code, printed.error.reason], ['INTERNAL', 'print_failed']);
    // Main's own words stay in the message, for the log.
    assert.equal(printed.ok ? null : printed.error.message, 'Gagal mencetak: Print job failed');
  } finally {
    await host.close();
    tmp.dispose();
  }
});

test('hostile input is refused in the worker without killing it', async () => {
  const tmp = tempDir();
  const { host, fatal } = startHost(join(tmp.dir, 'ikm-lapangan.sqlite'));
  try {
    assert.equal(await host.opened, null);
    const worker = (host as unknown as { worker: unknown }).worker;
    const circular: Record<string, unknown> = { id: 'x' };
    circular.self = circular;
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const inputs: [string, string, unknown][] = [
      ['bigint', 'visit.saveDraft', { siteId: 'x', data: { kind: 'identifikasi', workforce: { male: 10n } } }],
      ['circular', 'visit.saveDraft', circular],
      ['deep', 'visit.saveDraft', { siteId: 'x', data: deep }],
      ['bytes', 'app.info', new Uint8Array(10_000_000)],
      ['function', 'site.list', { text: () => 1 }],
    ];
    // Five in a row: before the guard, four stack overflows within a minute ended the app.
    for (const [name, channel, input] of inputs) {
      const result = await host.call(channel, input);
      assert.equal(result.ok ? null : result.error.code, 'VALIDATION', name);
      assert.ok(JSON.stringify(result).length < 2_000, `${name}: the answer is small`);
    }
    assert.equal((host as unknown as { worker: unknown }).worker, worker, 'the same worker is still serving');
    assert.ok((await host.call('app.info', undefined)).ok);
    assert.deepEqual(fatal, []);
  } finally {
    await host.close();
    tmp.dispose();
  }
});

test('closing the app makes the day\'s backup in the worker, once a day; the worker logs to logs/db.log', async () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'ikm-lapangan.sqlite');
  try {
    let { host } = startHost(dbFile);
    assert.equal(await host.opened, null);
    assert.ok((await host.call('setup.save', KALTIM_SETUP)).ok);
    await host.close();
    ({ host } = startHost(dbFile));
    const listed = await host.call('backup.list', undefined);
    const backups = listed.ok ? (listed.value as { backups: { kind: string }[] }).backups : [];
    assert.deepEqual(backups.map((b) => b.kind), ['auto'], 'one automatic backup, made when the app closed');
    await host.close();
    ({ host } = startHost(dbFile));
    const again = await host.call('backup.list', undefined);
    assert.equal(again.ok && (again.value as { backups: unknown[] }).backups.length, 1, 'at most one a day');
    await host.close();
    const lines = readFileSync(join(tmp.dir, 'logs', 'db.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; part: string });
    assert.ok(lines.some((l) => l.event === 'backup_made' && l.part === 'db'));
  } finally {
    tmp.dispose();
  }
});
