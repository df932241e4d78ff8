import { log } from '../log';

/** Queries slower than this are logged by name (never with their parameters: they hold personal data). */
export const SLOW_QUERY_MS = 40;

export function timed<T>(name: string, run: () => T): T {
  const start = performance.now();
  try {
    return run();
  } finally {
    const ms = performance.now() - start;
    if (ms > SLOW_QUERY_MS) log.warn('slow_query', { name, ms: Math.round(ms) });
  }
}
