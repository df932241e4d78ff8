import type { ApiError, Result } from '../db/model/result';

/** What main hands the database worker when it starts. */
export interface DbWorkerData {
  dbFile: string;
  appVersion: string;
  /** The data key (electron/db-key-store.ts); null: a plain database. */
  key?: Uint8Array | null;
}

/** What the core asks of the shell (db/shell.ts), forwarded from the worker to main. */
export type ShellMethod = 'chooseSavePath' | 'renderPdf' | 'print';

/** Main → worker. */
export type DbRequest =
  | { kind: 'call'; id: number; channel: string; input: unknown }
  | { kind: 'shell-result'; id: number; ok: true; value: unknown }
  | { kind: 'shell-result'; id: number; ok: false; message: string }
  | { kind: 'close' };

/** Worker → main. `ready` carries the error the database was opened with, if any. */
export type DbReply =
  | { kind: 'ready'; openError: ApiError | null }
  | { kind: 'result'; id: number; result: Result<unknown> }
  | { kind: 'shell'; id: number; method: ShellMethod; arg: unknown };
