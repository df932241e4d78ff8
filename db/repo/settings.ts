import type { Db } from '../open-database';
import type { Clock } from '../clock';
import type { Replicator } from '../sync/replicator';
import type { Language } from '../model/catalog';
import type { Officer } from '../model/setup';
import type { Role } from '../model/review';

/** What the setup stores under the 'setup' key. */
export interface StoredSetup {
  officerId: string;
  provinceCode: string;
  regencyCode: string | null;
  language: Language;
  /** Absent before issue 18: an officer. Set at setup, or by the office's enrolment (hub). */
  role?: Role;
}

/** An office rule as stored: its value, who set it and when. */
export interface OfficeSetting<T> {
  value: T;
  changedBy: string | null;
  changedAt: string;
}

/**
 * Key/value settings (JSON values, local to this laptop: never synced), the office's rules
 * (`office_setting`, synced) and the officers who use it (synced, through the write unit).
 */
export function createSettingsRepo(db: Db, clock: Clock, replicator: Replicator) {
  const getStmt = db.prepare<[string], { value: string }>('SELECT value FROM setting WHERE key = ?');
  const setStmt = db.prepare<[string, string]>(
    'INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const officeStmt = db.prepare<[string], { value: string; changed_by: string | null; changed_at: string }>(
    'SELECT value, changed_by, changed_at FROM office_setting WHERE key = ?',
  );
  const officerStmt = db.prepare<[string], Officer>(
    'SELECT id, name, nip, code FROM officer WHERE id = ? AND deleted = 0',
  );

  function get<T>(key: string): T | null {
    const row = getStmt.get(key);
    return row ? (JSON.parse(row.value) as T) : null;
  }

  return {
    get,
    set(key: string, value: unknown): void {
      setStmt.run(key, JSON.stringify(value));
    },
    getSetup(): StoredSetup | null {
      return get<StoredSetup>('setup');
    },
    /** The office's rule under `key`, or null when the office never set it. */
    officeSetting<T>(key: string): OfficeSetting<T> | null {
      const row = officeStmt.get(key);
      return row ? { value: JSON.parse(row.value) as T, changedBy: row.changed_by, changedAt: row.changed_at } : null;
    },
    /** Sets an office rule: a synced change every laptop receives. */
    setOfficeSetting(key: string, value: unknown, changedBy: string): void {
      replicator.write((w) => {
        const values = { value: JSON.stringify(value), changed_by: changedBy, changed_at: w.nowIso };
        if (officeStmt.get(key)) w.update('office_setting', key, values);
        else w.insert('office_setting', key, values);
      });
    },
    getOfficer(id: string): Officer | null {
      return officerStmt.get(id) ?? null;
    },
    /** Creates the officer, or updates them when `id` is given and exists. */
    saveOfficer(officer: Omit<Officer, 'id'> & { id?: string | null }): Officer {
      return replicator.write((w) => {
        const values = { name: officer.name, nip: officer.nip, code: officer.code };
        if (officer.id && officerStmt.get(officer.id)) {
          w.update('officer', officer.id, values);
          return { id: officer.id, ...values };
        }
        const id = clock.newId();
        w.insert('officer', id, { ...values, created_at: w.nowIso, deleted: 0 });
        return { id, ...values };
      });
    },
  };
}
export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
