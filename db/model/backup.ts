import { z } from 'zod';

/** Why a backup was made: on close or the daily run, by the officer, just before a restore, or before a plain database was encrypted. */
export const BACKUP_KINDS = ['auto', 'manual', 'before-restore', 'before-encryption'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** One backup as the app lists it (db/backup.ts). */
export interface BackupInfo {
  id: string;
  kind: BackupKind;
  /** ISO time it was made. */
  createdAt: string;
  appVersion: string;
  schemaVersion: number;
  databaseBytes: number;
  /** Attachment files it holds, and their bytes. */
  files: number;
  filesBytes: number;
}

/** What `backup.list` answers: the backups, newest first, and where they are. */
export interface BackupList {
  folder: string;
  backups: BackupInfo[];
}

/** What a finished restore answers. */
export interface RestoreResult {
  restored: BackupInfo;
  /** Where the replaced database was kept (null: there was none). */
  setAside: string | null;
  /** Attachment files the backup lacked: the next sync fetches them again. */
  missingFiles: number;
}

/** Why the database did not open at start (the damaged-file screen says it). */
export interface DamagedDatabase {
  dbFile: string;
  /** SQLite's first complaint, for IT. */
  detail: string;
}

export const BackupIdRequest = z.object({ id: z.string().regex(/^\d{8}-\d{6}-\d{3}(-[0-9a-f]{4})?$/, 'Nama cadangan tidak valid') });
export type BackupIdRequest = z.input<typeof BackupIdRequest>;
