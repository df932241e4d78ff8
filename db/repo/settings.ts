import type { Db } from '../open-database';
import type { Clock } from '../clock';
import type { Language } from '../model/catalog';
import type { Officer } from '../model/setup';

/** What the setup stores under the 'setup' key. */
export interface StoredSetup {
  officerId: string;
  provinceCode: string;
  regencyCode: string | null;
  language: Language;
}

/** Key/value settings (JSON values) and the officers who use this laptop. */
export function createSettingsRepo(db: Db, clock: Clock) {
  const getStmt = db.prepare<[string], { value: string }>('SELECT value FROM setting WHERE key = ?');
  const setStmt = db.prepare<[string, string]>(
    'INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const officerStmt = db.prepare<[string], Officer>(
    'SELECT id, name, nip, code FROM officer WHERE id = ? AND deleted = 0',
  );
  const insertOfficer = db.prepare(
    `INSERT INTO officer(id, name, nip, code, created_at, updated_at) VALUES (@id, @name, @nip, @code, @now, @now)`,
  );
  const updateOfficer = db.prepare(
    'UPDATE officer SET name = @name, nip = @nip, code = @code, updated_at = @now WHERE id = @id',
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
    getOfficer(id: string): Officer | null {
      return officerStmt.get(id) ?? null;
    },
    /** Creates the officer, or updates them when `id` is given and exists. */
    saveOfficer(officer: Omit<Officer, 'id'> & { id?: string | null }): Officer {
      const now = clock.now().toISOString();
      if (officer.id && officerStmt.get(officer.id)) {
        updateOfficer.run({ ...officer, now });
        return { id: officer.id, name: officer.name, nip: officer.nip, code: officer.code };
      }
      const id = clock.newId();
      insertOfficer.run({ id, name: officer.name, nip: officer.nip, code: officer.code, now });
      return { id, name: officer.name, nip: officer.nip, code: officer.code };
    },
  };
}
export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
