/**
 * Who may use the one database connection while a long write holds its transaction open.
 *
 * better-sqlite3 is synchronous and every caller shares one connection, so a transaction that
 * stays open across yields (the import's write phase, so its progress and Cancel are answered)
 * would take in whatever else ran meanwhile: a window's edit or a sync round would join it, be
 * rolled back with a cancelled import, and a sync round could even send the import's uncommitted
 * changes to the hub. The gate keeps them apart:
 *
 *   shared    — an ordinary call (an API call, a sync round): waits while a long write holds the
 *               connection, and is counted while it runs (it may await in the middle);
 *   exclusive — a long write: waits until no shared call is running, and while it runs every new
 *               shared call waits. A long write never makes shared calls itself.
 *
 * The job channels (job.watch, job.cancel) stay outside the gate: they read no database.
 */
export function createDbGate() {
  let exclusive = false;
  let running = 0;
  const wakers: (() => void)[] = [];
  const wake = () => {
    for (const w of wakers.splice(0)) w();
  };
  const until = async (ready: () => boolean) => {
    while (!ready()) await new Promise<void>((resolve) => wakers.push(resolve));
  };

  return {
    /** Runs `fn` once no long write holds the connection; counted as running until it settles. */
    async shared<T>(fn: () => Promise<T> | T): Promise<T> {
      if (exclusive) await until(() => !exclusive);
      running++;
      try {
        return await fn();
      } finally {
        running--;
        wake();
      }
    },
    /** Runs `fn` alone: after the running calls have settled, and holding every new one back until it settles. */
    async exclusive<T>(fn: () => Promise<T>): Promise<T> {
      await until(() => !exclusive && running === 0);
      exclusive = true;
      try {
        return await fn();
      } finally {
        exclusive = false;
        wake();
      }
    },
    /** Whether a long write holds the connection now. */
    held: (): boolean => exclusive,
  };
}
export type DbGate = ReturnType<typeof createDbGate>;
