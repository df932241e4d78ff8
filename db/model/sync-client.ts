import { z } from 'zod';
import { EnrollmentCode } from './hub';
import type { ApiError } from './result';

/** Inputs and outputs of the app's sync channels (Pengaturan → Sinkronisasi and the app frame). */

/** A hub address: http(s), host and optional port; a path is allowed (a hub behind a proxy). */
export const HubUrl = z
  .string()
  .trim()
  .min(1, 'Alamat hub wajib diisi')
  .max(300, 'Alamat hub terlalu panjang')
  .transform((text) => (/^https?:\/\//i.test(text) ? text : `http://${text}`))
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !!url.hostname && !url.username && !url.password;
    } catch {
      return false;
    }
  }, { message: 'Alamat hub tidak valid, contoh: http://192.168.1.10:8787', params: { code: 'hub_url' } })
  .transform((text) => text.replace(/\/+$/, ''));

export const SyncEnrollRequest = z.object({ url: HubUrl, code: EnrollmentCode });
export const SyncAutoRequest = z.object({ enabled: z.boolean() });
export const BundleExportRequest = z.object({
  /** Everything this laptop holds, not only what the office has not confirmed. */
  all: z.boolean().default(false),
});
export const BundleImportRequest = z.object({
  bytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array, { error: 'Berkas paket wajib dipilih' }),
  /** Accept a valid bundle from a laptop this one does not know yet (once; it is then remembered). */
  acceptNewDevice: z.boolean().default(false),
});

/** Records with changes the hub has not received; `more` when there were too many messages to read them all. */
export interface WaitingRecords {
  sites: number;
  visits: number;
  files: number;
  /** A person's decisions: merges, "bukan duplikat", conflicts reviewed. */
  other: number;
  more: boolean;
}

export type SyncPhase = 'idle' | 'sending' | 'receiving' | 'files';

/** What the Sinkronisasi screen and the app frame show. */
export interface SyncStatus {
  hubUrl: string | null;
  enrolled: boolean;
  deviceId: string | null;
  officerCode: string | null;
  /** The regencies this laptop receives; empty means the whole province. */
  regencies: string[];
  auto: boolean;
  running: boolean;
  phase: SyncPhase;
  progress: { sent: number; received: number };
  lastSyncAt: string | null;
  lastResult: SyncRunReport | null;
  /** Changes on this laptop the hub has not received (capped; `pendingMore` when more). */
  pending: number;
  pendingMore: boolean;
  /** The same in records an officer knows (sites, visits, photos and documents), enrolled or not yet. */
  waiting: WaitingRecords;
  /** Conflicts on this laptop a person has not reviewed yet (a sync that brings one does not look all clear). */
  openConflicts: number;
  /** Photos and documents waiting to go up or come down. */
  filesWaiting: number;
  /** The last sync's refusal, with its reason and parameters (said in the UI language) and when. */
  lastError: (Omit<ApiError, 'issues'> & { at: string }) | null;
  /** The next automatic try after an error (backoff), ISO. */
  nextRetryAt: string | null;
  /**
   * Laptop clock minus hub clock now: the hub's time at the last contact plus the time elapsed
   * since (db/sync/clock-guard.ts); null when unknown. A warning shows beyond 5 minutes.
   */
  clockSkewMs: number | null;
  /** Beyond 5 minutes: which way and how much (said in the UI language), and the Indonesian sentence. */
  clockWarning: { ahead: boolean; amount: ClockAmount; message: string } | null;
}

/** A clock difference in the unit an officer reads it in. */
export interface ClockAmount {
  value: number;
  unit: 'minute' | 'hour' | 'day';
}

/** Minutes under two hours, hours under two days, then days. */
export function clockAmount(ms: number): ClockAmount {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 120) return { value: minutes, unit: 'minute' };
  const hours = Math.round(minutes / 60);
  return hours < 48 ? { value: hours, unit: 'hour' } : { value: Math.round(hours / 24), unit: 'day' };
}

export interface SyncRunReport {
  sent: number;
  received: number;
  conflicts: number;
  filesSent: number;
  filesReceived: number;
  /** Sites removed from this laptop in this sync: they left its scope and all their changes had reached the hub. */
  released: number;
  finishedAt: string;
}

export interface BundleExportResult {
  fileName: string;
  bytes: Uint8Array;
  messages: number;
  blobs: number;
}

export interface BundleImportResult {
  from: string;
  messages: number;
  received: number;
  duplicates: number;
  conflicts: number;
  blobs: number;
  /** Sites removed from this laptop: the hub's bundle said they left its scope, and the hub holds all their changes. */
  released: number;
  /**
   * Changes of another laptop's bundle stamped more than a day ahead (its clock was wrong), not
   * taken in: the hub refuses them, so passing them on would block this laptop's own sync. Their
   * author sends them again, re-stamped, once its clock is right.
   */
  refusedAhead?: number;
}
