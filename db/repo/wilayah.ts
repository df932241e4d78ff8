import type { Db } from '../open-database';
import type { Clock } from '../clock';
import type { Replicator } from '../sync/replicator';
import type { Wilayah } from '../model/area';
import type { WilayahDefault } from '../reference/wilayah-defaults';

interface WilayahRow {
  id: string;
  provinceCode: string;
  name: string;
  indukRegencyCode: string | null;
}

const DEFAULTS_CREATED_AT = '2025-01-01T00:00:00.000Z';

/** Development regions (wilayah pengembangan): groupings of regencies, editable per office. */
export function createWilayahRepo(db: Db, clock: Clock, replicator: Replicator) {
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
    save(input: { id?: string | null; provinceCode: string; name: string; indukRegencyCode: string | null; regencyCodes: string[] }): Wilayah {
      return replicator.write((w) => {
        const id = input.id ?? clock.newId();
        if (input.id && one.get(input.id)) {
          w.update('wilayah', id, { name: input.name, induk_regency_code: input.indukRegencyCode });
        } else {
          const sort = nextSort.get(input.provinceCode)!.s;
          w.insert('wilayah', id, {
            province_code: input.provinceCode,
            name: input.name,
            induk_regency_code: input.indukRegencyCode,
            sort,
            created_at: w.nowIso,
            deleted: 0,
          });
        }
        // Leaving a wilayah is a change of the regency's row (to none), never a delete.
        for (const m of members.all(id)) {
          if (!input.regencyCodes.includes(m.regency_code)) w.update('wilayah_regency', m.regency_code, { wilayah_id: null });
        }
        for (const code of input.regencyCodes) w.update('wilayah_regency', code, { wilayah_id: id });
        return this.get(id)!;
      });
    },
    /** Loads a province's default groupings once, the first time the province is set up. */
    seedDefaults(provinceCode: string, defaults: WilayahDefault[]): void {
      if (countForProvince.get(provinceCode)!.n > 0) return;
      replicator.write((w) =>
        defaults.forEach((d, index) => {
          // Every laptop seeds the same messages for a province's defaults: one message each, no conflicts.
          const slot = Number(provinceCode) * 1000 + index * 50;
          w.seed('wilayah', d.id, { province_code: provinceCode, name: d.name, induk_regency_code: null, sort: index + 1, created_at: DEFAULTS_CREATED_AT, deleted: 0 }, slot);
          d.regencyCodes.forEach((code, i) => w.seed('wilayah_regency', code, { wilayah_id: d.id }, slot + 1 + i));
        }),
      );
    },
  };
}
export type WilayahRepo = ReturnType<typeof createWilayahRepo>;
