import { useEffect, useSyncExternalStore } from 'react';
import type { SyncStatus } from '../../db/model/sync-client';

/**
 * The sync state, shared by the app frame and the Sinkronisasi screen: one poll of
 * `hubSync.status` for the whole window (every 3 s while a sync runs, every 15 s otherwise).
 */
let current: SyncStatus | null = null;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;
let users = 0;

function publish(next: SyncStatus): void {
  current = next;
  for (const listener of listeners) listener();
}

/** Reads the status now (after an action) and tells every screen. */
export async function refreshSyncStatus(): Promise<SyncStatus | null> {
  const result = await window.ikm.hubSync.status();
  if (result.ok) publish(result.value);
  return result.ok ? result.value : null;
}

/** Takes a status an action returned (enroll, auto on/off) without another round trip. */
export function publishSyncStatus(next: SyncStatus): void {
  publish(next);
}

function poll(): void {
  void refreshSyncStatus().finally(() => {
    if (users > 0) timer = setTimeout(poll, current?.running ? 3_000 : 15_000);
  });
}

export function useSyncStatus(): SyncStatus | null {
  useEffect(() => {
    users++;
    if (users === 1) poll();
    return () => {
      users--;
      if (users === 0 && timer) {
        clearTimeout(timer);
        timer = null;
      }
    };
  }, []);
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
