import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { writeWhole, writeWholeSync } from '../whole-file';
import { hostname } from 'node:os';
import type { SettingsRepo } from '../repo/settings';
import { newReplicaId } from './hlc';
import { log } from '../log';

/** What this laptop remembers of its replica, beside the database file (not inside it). */
interface Sidecar {
  replicaId: string;
  machine: string;
  /** The last HLC this replica issued, as far as this laptop knows. */
  lastHlc: string;
}

export interface StoredReplica {
  id: string;
}

/**
 * Decides, when the database opens, whether it may go on stamping with its replica id. A
 * database copied to another laptop (another machine, or no sidecar file beside it) or restored
 * from a backup (its clock is behind what this replica already issued) gets a new replica id
 * before it writes, so no two replicas ever stamp the same HLC or make the same visit number.
 */
export function openReplicaIdentity(options: {
  dbFile: string;
  settings: SettingsRepo;
  /** The last HLC the database's clock holds. */
  clockLast: string | undefined;
  machine?: string;
  newId?: () => string;
}) {
  const machine = options.machine ?? hostname();
  const sidecarFile = options.dbFile === ':memory:' ? null : `${options.dbFile}.replica`;
  const readSidecar = (): Sidecar | null => {
    if (!sidecarFile || !existsSync(sidecarFile)) return null;
    try {
      return JSON.parse(readFileSync(sidecarFile, 'utf8')) as Sidecar;
    } catch {
      return null;
    }
  };
  let stored = options.settings.get<StoredReplica>('replica');
  const sidecar = readSidecar();
  const moved =
    sidecarFile !== null &&
    (!sidecar || sidecar.replicaId !== stored?.id || sidecar.machine !== machine || (options.clockLast ?? '') < sidecar.lastHlc);
  if (!stored || moved) {
    stored = { id: (options.newId ?? newReplicaId)() };
    options.settings.set('replica', stored);
  }
  const sidecarText = (lastHlc: string) => JSON.stringify({ replicaId: stored!.id, machine, lastHlc } satisfies Sidecar);
  const writeSidecar = (lastHlc: string) => {
    if (!sidecarFile) return;
    try {
      writeWholeSync(sidecarFile, sidecarText(lastHlc));
    } catch (error) {
      // A read-only folder must not stop work; the worst case is a new replica id next time.
      log.warn('replica_file_unwritable', error);
    }
  };
  writeSidecar(options.clockLast ?? '');

  // After each commit the sidecar learns the last HLC issued, off the calling thread: a file write
  // per user action would cost more than the action. Writes coalesce; `flush` ends them on close.
  let latest: string | null = null;
  let writing = false;
  const writeLatest = (): void => {
    if (!sidecarFile || latest === null || writing) return;
    const text = sidecarText(latest);
    latest = null;
    writing = true;
    // Whole or not at all: the database opened again at once must never read a half-written file
    // (it would take the copy for a restored backup and give it a new replica id).
    writeWhole(sidecarFile, (temp) => writeFile(temp, text))
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') log.warn('replica_file_unwritable', error);
      })
      .finally(() => {
        writing = false;
        writeLatest();
      });
  };
  let lastCommitted = options.clockLast ?? '';

  return {
    id: (): string => stored!.id,
    /** Remembers the last HLC issued, after each commit. */
    committed(lastHlc: string): void {
      lastCommitted = lastHlc;
      latest = lastHlc;
      writeLatest();
    },
    /** Writes the sidecar now (when the database closes). */
    flush(): void {
      latest = null;
      writeSidecar(lastCommitted);
    },
  };
}
export type ReplicaIdentity = ReturnType<typeof openReplicaIdentity>;
