import { Worker } from 'node:worker_threads';
import type { ApiError, Result } from '../db/model/result';
import type { ShellServices } from '../db/shell';
import type { DbReply, DbRequest, DbWorkerData } from './db-protocol';
import { log } from '../db/log';

const WORKER_DIED: ApiError = {
  code: 'INTERNAL',
  reason: 'worker_restarted',
  message:
    'Proses basis data berhenti tiba-tiba dan sedang dijalankan ulang. ' +
    'Periksa apakah perubahan terakhir sudah tersimpan, lalu ulangi bila perlu.',
};

const WORKER_GAVE_UP: ApiError = {
  code: 'INTERNAL',
  reason: 'worker_gave_up',
  message:
    'Proses basis data berulang kali berhenti. Tutup lalu buka lagi IKM Lapangan; ' +
    'bila masih terjadi, hubungi admin kantor.',
};

const UNSENDABLE: ApiError = {
  code: 'VALIDATION',
  reason: 'invalid_input',
  message: 'Data tidak valid: isinya tidak dapat dikirim ke basis data',
  issues: [{ path: '', message: 'Isinya tidak dapat dikirim ke basis data' }],
};

const CLOSED: ApiError = { code: 'INTERNAL', reason: 'app_closing', message: 'Basis data sudah ditutup karena aplikasi sedang keluar.' };

/** More crashes than this within CRASH_WINDOW_MS and we stop restarting: something is broken for good. */
const MAX_CRASHES = 3;
const CRASH_WINDOW_MS = 60_000;

export interface DbHostOptions extends DbWorkerData {
  workerFile: string;
  /** Told once when the worker cannot run at all (e.g. it cannot load better-sqlite3), or keeps crashing. */
  onFatal(error: ApiError, detail: string): void;
  /** Answers the core's shell requests (save dialog, print); absent: they are refused. */
  shell?: Partial<ShellServices>;
}

/**
 * Runs the core in a worker thread and forwards calls to it. A worker that dies fails the calls
 * it was serving with a clear message and is started again.
 */
export class DbHost {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private nextId = 1;
  private crashes: number[] = [];
  private closing = false;
  private everReady = false;
  /** Resolves with the error the database was opened with (null: opened fine). */
  readonly opened: Promise<ApiError | null>;
  private resolveOpened!: (error: ApiError | null) => void;

  constructor(private readonly options: DbHostOptions) {
    this.opened = new Promise((resolve) => (this.resolveOpened = resolve));
    this.start();
  }

  /** Sends one API call to the worker; always resolves with a Result. */
  call(channel: string, input: unknown): Promise<Result<unknown>> {
    const worker = this.worker;
    if (!worker) return Promise.resolve({ ok: false, error: this.closing ? CLOSED : WORKER_GAVE_UP });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      try {
        worker.postMessage({ kind: 'call', id, channel, input } satisfies DbRequest);
      } catch (error) {
        // A value structured clone cannot copy (a function, a DOM object) never reaches the worker.
        this.pending.delete(id);
        log.error('input_unsendable', error);
        resolve({ ok: false, error: UNSENDABLE });
      }
    });
  }

  /**
   * Closes the database cleanly (so the WAL is checkpointed), after the day's backup when one is
   * due; gives up after `timeoutMs` (a backup cut short leaves only a partial folder, removed next time).
   */
  async close(timeoutMs = 60_000): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ kind: 'close' } satisfies DbRequest);
    const timer = setTimeout(() => void worker.terminate(), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  private start(): void {
    const { dbFile, appVersion, workerFile } = this.options;
    const worker = new Worker(workerFile, { workerData: { dbFile, appVersion, key: this.options.key ?? null } satisfies DbWorkerData });
    this.worker = worker;
    let lastError = '';
    worker.on('message', (message: DbReply) => {
      if (message.kind === 'ready') {
        this.everReady = true;
        this.resolveOpened(message.openError);
        return;
      }
      if (message.kind === 'shell') {
        void this.serveShell(worker, message);
        return;
      }
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.result);
    });
    worker.on('error', (error) => {
      lastError = error.stack ?? String(error);
      log.error('db_worker_failed', error);
    });
    worker.on('exit', (code) => this.onExit(worker, code, lastError));
  }

  /** Runs a shell request of the core (a save dialog, a print) here in main, and answers the worker. */
  private async serveShell(worker: Worker, message: Extract<DbReply, { kind: 'shell' }>): Promise<void> {
    const method = this.options.shell?.[message.method] as ((arg: unknown) => Promise<unknown>) | undefined;
    let reply: DbRequest;
    try {
      if (!method) throw new Error('Fitur ini tidak tersedia di jendela ini');
      reply = { kind: 'shell-result', id: message.id, ok: true, value: await method(message.arg) };
    } catch (error) {
      reply = { kind: 'shell-result', id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    if (this.worker === worker) worker.postMessage(reply);
  }

  private onExit(worker: Worker, code: number, lastError: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const resolve of this.pending.values()) resolve({ ok: false, error: WORKER_DIED });
    this.pending.clear();
    if (this.closing) return;

    // A worker that never opened the database will not do better a second time (for instance
    // better-sqlite3 built for another Node ABI): report it instead of looping.
    const now = Date.now();
    this.crashes = this.crashes.filter((at) => now - at < CRASH_WINDOW_MS).concat(now);
    if (!this.everReady || this.crashes.length > MAX_CRASHES) {
      const error = this.everReady ? WORKER_GAVE_UP : startFailure(lastError);
      this.resolveOpened(error);
      this.options.onFatal(error, lastError || `exit code ${code}`);
      return;
    }
    log.error('db_worker_restarting', { exitCode: code });
    this.start();
  }
}

/** The message for a worker that died before it could open the database. */
function startFailure(detail: string): ApiError {
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version|ERR_DLOPEN_FAILED/.test(detail)) {
    return {
      code: 'INTERNAL',
      reason: 'db_module_mismatch',
      message:
        'Modul basis data (better-sqlite3) tidak cocok dengan versi Electron ini. ' +
        'Pengembang: jalankan "npx electron-builder install-app-deps", lalu buka lagi aplikasi.',
    };
  }
  return { code: 'INTERNAL', reason: 'db_cannot_start', message: 'Basis data tidak dapat dijalankan. Tutup lalu buka lagi IKM Lapangan.' };
}
