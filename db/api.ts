// placeholder: being written now (see openApi contract below)
import type { Result } from './model';

/** A running core: every shell calls `dispatch(channel, rawInput)` and gets plain JSON back. */
export interface Api {
  dispatch(channel: string, input: unknown): Promise<Result<unknown>>;
  close(): void;
}

export interface ApiOptions {
  /** The SQLite file; created with its folder when missing. */
  dbFile: string;
  appVersion?: string;
}

export declare function openApi(options: ApiOptions): Api;
