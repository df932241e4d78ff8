/**
 * The database thread. better-sqlite3 is synchronous, so the core runs here, never on Electron's
 * main thread: a long export or import must not freeze the window.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openApi } from '../db/api';
import { refuse } from '../db/model/result';
import type { ShellServices } from '../db/shell';
import type { DbReply, DbRequest, DbWorkerData, ShellMethod } from './db-protocol';
import { log, logToFolder } from '../db/log';
import { dirname, join } from 'node:path';

const port = parentPort;
if (!port) throw new Error('db-worker must run as a worker thread');

const { dbFile, appVersion, key } = workerData as DbWorkerData;

// The core's shell requests (save dialog, print) go to main, which owns the windows.
const shellCalls = new Map<number, { method: ShellMethod; resolve(value: unknown): void; reject(error: Error): void }>();
let nextShellId = 1;
function askMain(method: ShellMethod, arg: unknown): Promise<never> {
  const id = nextShellId++;
  return new Promise((resolve, reject) => {
    shellCalls.set(id, { method, resolve: resolve as (value: unknown) => void, reject });
    port!.postMessage({ kind: 'shell', id, method, arg } satisfies DbReply);
  });
}
const shell: ShellServices = {
  chooseSavePath: (request) => askMain('chooseSavePath', request),
  renderPdf: (route) => askMain('renderPdf', route),
  print: (route) => askMain('print', route),
};

// The database thread's log file, beside main's (db/log.ts): the core's and sync's events.
logToFolder(join(dirname(dbFile), 'logs'), 'db');

// A plain database from before is encrypted at this open, after a backup; its steps go to the log.
const api = openApi({
  dbFile,
  appVersion,
  shell,
  key: key ? Buffer.from(key) : null,
  onEncryptProgress: (done, total, phase) => log.info('database_encrypting', { phase, done, total }),
});

// The daily backup also for a laptop that is never closed: checked every hour, made once a day.
const BACKUP_CHECK_MS = 60 * 60_000;
setInterval(() => void api.autoBackup(), BACKUP_CHECK_MS).unref();

function reply(message: DbReply): void {
  try {
    port!.postMessage(message);
  } catch (error) {
    // A value that cannot be cloned must still answer the caller, or its promise would hang.
    if (message.kind !== 'result') throw error;
    log.error('result_unsendable', error);
    port!.postMessage({
      kind: 'result',
      id: message.id,
      result: { ok: false, error: { code: 'INTERNAL', reason: 'reply_unsendable', message: 'Hasil tidak dapat dikirim ke jendela. Ulangi sekali lagi.' } },
    } satisfies DbReply);
  }
}

port.on('message', async (message: DbRequest) => {
  if (message.kind === 'shell-result') {
    const pending = shellCalls.get(message.id);
    shellCalls.delete(message.id);
    if (message.ok) pending?.resolve(message.value);
    // Main's text (Electron's own words) stays in the message, for the log; the window says the reason.
    else if (pending) pending.reject(refuse('INTERNAL', pending.method === 'chooseSavePath' ? 'save_dialog_failed' : 'print_failed', message.message));
    return;
  }
  if (message.kind === 'close') {
    // The backup when the app closes (at most one a day: db/maintenance.ts), before the database closes.
    await api.autoBackup();
    api.close();
    port.close();
    return;
  }
  reply({ kind: 'result', id: message.id, result: await api.dispatch(message.channel, message.input) });
});

// openApi never throws; a file it cannot open (e.g. DB_TOO_NEW) answers every call with the error.
// (app.info answers without a database: the probe is a channel that needs one.)
const probe = await api.dispatch('setup.get', undefined);
reply({ kind: 'ready', openError: probe.ok ? null : probe.error });
