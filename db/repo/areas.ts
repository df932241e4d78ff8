import type { Db } from '../open-database';
import type { Area } from '../model/area';
import type { ProvinceAreas } from '../reference/areas';

export interface VillagePlace {
  villageCode: string;
  villageName: string;
  districtCode: string;
  districtName: string;
  regencyCode: string;
  regencyName: string;
  provinceCode: string;
}

/** The Kemendagri area tree, as far as this office has loaded it. */
export function createAreasRepo(db: Db) {
  const children = db.prepare<[string, number], Area>(
    'SELECT code, name FROM area WHERE parent_code = ? AND level = ? ORDER BY name',
  );
  const byCode = db.prepare<[string], Area & { level: number; parent_code: string | null }>(
    'SELECT code, name, level, parent_code FROM area WHERE code = ?',
  );
  const provinces = db.prepare<[], Area>('SELECT code, name FROM area WHERE level = 1 ORDER BY code');
  const countChildren = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM area WHERE parent_code = ?');
  const upsert = db.prepare<[string, string | null, number, string]>(
    `INSERT INTO area(code, parent_code, level, name) VALUES (?, ?, ?, ?)
     ON CONFLICT(code) DO UPDATE SET parent_code = excluded.parent_code, level = excluded.level, name = excluded.name`,
  );
  const place = db.prepare<[string], VillagePlace>(
    `SELECT v.code AS villageCode, v.name AS villageName, d.code AS districtCode, d.name AS districtName,
            r.code AS regencyCode, r.name AS regencyName, r.parent_code AS provinceCode
       FROM area v
       JOIN area d ON d.code = v.parent_code AND d.level = 3
       JOIN area r ON r.code = d.parent_code AND r.level = 2
      WHERE v.code = ? AND v.level = 4`,
  );

  return {
    provinces: (): Area[] => provinces.all(),
    regencies: (provinceCode: string): Area[] => children.all(provinceCode, 2),
    districts: (regencyCode: string): Area[] => children.all(regencyCode, 3),
    villages: (districtCode: string): Area[] => children.all(districtCode, 4),
    get: (code: string) => byCode.get(code) ?? null,
    /** A desa/kelurahan with its kecamatan and kabupaten/kota; null when unknown here. */
    village: (code: string): VillagePlace | null => place.get(code) ?? null,
    hasProvinceLoaded: (provinceCode: string): boolean => countChildren.get(provinceCode)!.n > 0,
    /** Writes all provinces, plus one province's tree. Call inside a transaction. */
    store(provinceList: Area[], areas: ProvinceAreas): void {
      for (const p of provinceList) upsert.run(p.code, null, 1, p.name);
      for (const r of areas.regencies) upsert.run(r.code, areas.province.code, 2, r.name);
      for (const d of areas.districts) upsert.run(d.code, d.regencyCode, 3, d.name);
      for (const v of areas.villages) upsert.run(v.code, v.districtCode, 4, v.name);
    },
  };
}
export type AreasRepo = ReturnType<typeof createAreasRepo>;
