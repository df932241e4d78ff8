import type { ApiError, Result } from '../db/model/result';

/** What main hands the database worker when it starts. */
export interface DbWorkerData {
  dbFile: string;
  appVersion: string;
}

/** Main → worker. */
export type DbRequest =
  | { kind: 'call'; id: number; channel: string; input: unknown }
  | { kind: 'close' };

/** Worker → main. `ready` carries the error the database was opened with, if any. */
export type DbReply =
  | { kind: 'ready'; openError: ApiError | null }
  | { kind: 'result'; id: number; result: Result<unknown> };
