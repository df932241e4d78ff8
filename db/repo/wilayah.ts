import type { Db } from '../open-database';
import type { Clock } from '../clock';
import type { Wilayah } from '../model/area';
import type { WilayahDefault } from '../reference/wilayah-defaults';

interface WilayahRow {
  id: string;
  provinceCode: string;
  name: string;
  indukRegencyCode: string | null;
}

/** Development regions (wilayah pengembangan): groupings of regencies, editable per office. */
export function createWilayahRepo(db: Db, clock: Clock) {
  const list = db.prepare<[string], WilayahRow>(
    `SELECT id, province_code AS provinceCode, name, induk_regency_code AS indukRegencyCode
       FROM wilayah WHERE province_code = ? AND deleted = 0 ORDER BY sort, name`,
  );
  const one = db.prepare<[string], WilayahRow>(
    `SELECT id, province_code AS provinceCode, name, induk_regency_code AS indukRegencyCode
       FROM wilayah WHERE id = ? AND deleted = 0`,
  );
  const members = db.prepare<[string], { regency_code: string }>(
    'SELECT regency_code FROM wilayah_regency WHERE wilayah_id = ? ORDER BY regency_code',
  );
  const countForProvince = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM wilayah WHERE province_code = ?',
  );
  const insert = db.prepare(
    `INSERT INTO wilayah(id, province_code, name, induk_regency_code, sort, created_at, updated_at)
     VALUES (@id, @provinceCode, @name, @indukRegencyCode, @sort, @now, @now)`,
  );
  const update = db.prepare(
    'UPDATE wilayah SET name = @name, induk_regency_code = @indukRegencyCode, updated_at = @now WHERE id = @id',
  );
  const clearMembers = db.prepare<[string]>('DELETE FROM wilayah_regency WHERE wilayah_id = ?');
  const assign = db.prepare<[string, string]>(
    `INSERT INTO wilayah_regency(regency_code, wilayah_id) VALUES (?, ?)
     ON CONFLICT(regency_code) DO UPDATE SET wilayah_id = excluded.wilayah_id`,
  );
  const nextSort = db.prepare<[string], { s: number }>(
    'SELECT coalesce(max(sort), 0) + 1 AS s FROM wilayah WHERE province_code = ?',
  );

  const withMembers = (row: WilayahRow): Wilayah => ({
    ...row,
    regencyCodes: members.all(row.id).map((m) => m.regency_code),
  });

  return {
    list: (provinceCode: string): Wilayah[] => list.all(provinceCode).map(withMembers),
    get: (id: string): Wilayah | null => {
      const row = one.get(id);
      return row ? withMembers(row) : null;
    },
    /** Creates or edits a wilayah; a regency listed here leaves the wilayah it was in. */
    save(w: { id?: string | null; provinceCode: string; name: string; indukRegencyCode: string | null; regencyCodes: string[] }): Wilayah {
      const now = clock.now().toISOString();
      const id = w.id ?? clock.newId();
      if (w.id && one.get(w.id)) {
        update.run({ id, name: w.name, indukRegencyCode: w.indukRegencyCode, now });
      } else {
        const sort = nextSort.get(w.provinceCode)!.s;
        insert.run({ id, provinceCode: w.provinceCode, name: w.name, indukRegencyCode: w.indukRegencyCode, sort, now });
      }
      clearMembers.run(id);
      for (const code of w.regencyCodes) assign.run(code, id);
      return this.get(id)!;
    },
    /** Loads a province's default groupings once, the first time the province is set up. */
    seedDefaults(provinceCode: string, defaults: WilayahDefault[]): void {
      if (countForProvince.get(provinceCode)!.n > 0) return;
      defaults.forEach((d, index) => {
        insert.run({ id: d.id, provinceCode, name: d.name, indukRegencyCode: null, sort: index + 1, now: clock.now().toISOString() });
        for (const code of d.regencyCodes) assign.run(code, d.id);
      });
    },
  };
}
export type WilayahRepo = ReturnType<typeof createWilayahRepo>;
