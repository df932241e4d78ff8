import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The app's log: one JSON line per event, into a rotating file an officer can send to IT
 * (`<data folder>/logs/<part>.log`, then `.1` … `.4`, 1 MB each). A small writer of our own: no
 * logging package is a dependency of the app (pino is only fastify's, electron-log is not installed).
 *
 * No personal data goes in: callers log event names, codes, counts and durations, never a
 * record's values; an error is logged by its name, code and stack frames, and its message only
 * when it comes from SQLite or the OS (those name tables and calls, not values). Messages of our
 * own code and of other libraries may quote what a person typed, so they are left out.
 */

export type LogPart = 'main' | 'db' | 'hub' | 'cli';
type Level = 'info' | 'warn' | 'error';
type Fields = Record<string, string | number | boolean | null | undefined>;

/** Bytes of one log file before it rotates, and how many older files are kept. */
export const LOG_MAX_BYTES = 1_000_000;
export const LOG_KEEP = 4;

interface Sink {
  write(line: string): void;
  close(): void;
}

let sink: Sink | null = null;
let folder: string | null = null;
let part: LogPart = 'cli';

/** A file that starts again under its name once it passes `maxBytes`, keeping `keep` older ones. */
export function rotatingFile(file: string, { maxBytes = LOG_MAX_BYTES, keep = LOG_KEEP } = {}): Sink {
  let fd = -1;
  let size = 0;
  const openFile = () => {
    fd = openSync(file, 'a', 0o600);
    size = fstatSync(fd).size;
  };
  const rotate = () => {
    closeSync(fd);
    rmSync(`${file}.${keep}`, { force: true });
    for (let n = keep - 1; n >= 1; n--) if (existsSync(`${file}.${n}`)) renameSync(`${file}.${n}`, `${file}.${n + 1}`);
    renameSync(file, `${file}.1`);
    openFile();
  };
  openFile();
  return {
    write(line) {
      const bytes = Buffer.from(`${line}\n`);
      if (size > 0 && size + bytes.byteLength > maxBytes) rotate();
      writeSync(fd, bytes);
      size += bytes.byteLength;
    },
    close() {
      if (fd >= 0) closeSync(fd);
      fd = -1;
    },
  };
}

/** Sends this process's (or thread's) log to `<dir>/<part>.log`. */
export function logToFolder(dir: string, as: LogPart, options?: { maxBytes?: number; keep?: number }): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  sink?.close();
  const file = join(dir, `${as}.log`);
  sink = rotatingFile(file, options);
  folder = dir;
  part = as;
  return file;
}

/** Back to the console (tests). */
export function logToConsole(): void {
  sink?.close();
  sink = null;
  folder = null;
}

/** Where the log files are (null: the console). */
export const logFolder = (): string | null => folder;

const HOME = homedir();
/** A path with the officer's home folder (their account name) said as `~`. */
const withoutHome = (text: string) => (HOME.length > 1 ? text.split(HOME).join('~') : text);

/** An error as far as it is safe to log: see the note at the top. */
export function loggableError(error: unknown): Fields {
  if (!(error instanceof Error)) return { error: typeof error };
  const code = (error as { code?: unknown }).code;
  const fromSqlite = error.name === 'SqliteError';
  const fromOs = typeof code === 'string' && /^E[A-Z]+$/.test(code) && typeof (error as { syscall?: unknown }).syscall === 'string';
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 6)
    .map((l) => withoutHome(l.trim()))
    .join(' | ');
  return {
    error: error.name,
    code: typeof code === 'string' || typeof code === 'number' ? code : undefined,
    ...(fromSqlite ? { message: error.message.slice(0, 300) } : {}),
    ...(fromOs ? { syscall: (error as unknown as { syscall: string }).syscall } : {}),
    stack: frames,
  };
}

function write(level: Level, event: string, fields: Fields): void {
  const entry: Record<string, unknown> = { t: new Date().toISOString(), level, part, event };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) entry[key] = typeof value === 'string' ? withoutHome(value).slice(0, 2000) : value;
  const line = JSON.stringify(entry);
  if (sink) {
    try {
      sink.write(line);
    } catch {
      // A full disk must not stop the app: the console still has it.
      console.error(line);
    }
  } else if (level === 'warn') console.warn(line);
  // Without a log file (tests, the CLI) the everyday events stay out of the terminal.
  else if (level === 'info') return;
  else console.error(line);
}

const withError = (detail: unknown): Fields =>
  detail instanceof Error || (detail !== null && typeof detail === 'object' && 'stack' in detail) ? loggableError(detail) : ((detail as Fields | undefined) ?? {});

/** The log. `fields` hold names, codes, counts and durations; never a record's values. */
export const log = {
  info: (event: string, fields: Fields = {}) => write('info', event, fields),
  warn: (event: string, detail?: Fields | unknown) => write('warn', event, withError(detail)),
  error: (event: string, detail?: Fields | unknown) => write('error', event, withError(detail)),
};
