import type { SentraCandidate } from './sentra';
/**
 * Why not @turf/clusters-dbscan: its index is built as `new RBush(points.length)`, and RBush's
 * argument is the node size, so the tree is one flat node and every neighbour query scans all
 * points: 50,000 sites took 62 s. The same rule with a grid of cells one distance wide takes
 * well under a second (bench: cluster_50k_ms).
 */
const EARTH_KM = 6371.0088;
const toRad = (d: number) => (d * Math.PI) / 180;
function distanceKm(a: ClusterPoint, b: ClusterPoint): number {
  const dLat = toRad(b.latitude - a.latitude);
  const dLon = toRad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.latitude)) * Math.cos(toRad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Groups of points each within `km` of another of its group (DBSCAN with two points to a core:
 * the groups are the connected parts of the "within km" graph), found through a grid whose cells
 * are at least `km` wide, so that a neighbour is always in one of the nine cells around a point.
 */
function groupsWithin(points: readonly ClusterPoint[], km: number): ClusterPoint[][] {
  const parent = points.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const latStep = km / 110.574;
  // The widest a degree of longitude gets narrow at these latitudes: cells stay at least km wide.
  const maxLat = Math.max(...points.map((p) => Math.abs(p.latitude)));
  const lonStep = km / (111.32 * Math.cos(toRad(Math.min(maxLat + latStep, 89))));
  const cells = new Map<string, number[]>();
  const cellOf = (p: ClusterPoint) => [Math.floor(p.latitude / latStep), Math.floor(p.longitude / lonStep)];
  points.forEach((p, i) => {
    const [y, x] = cellOf(p);
    const key = `${y}:${x}`;
    const list = cells.get(key);
    if (list) list.push(i);
    else cells.set(key, [i]);
  });
  points.forEach((p, i) => {
    const [y, x] = cellOf(p);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        for (const j of cells.get(`${y + dy}:${x + dx}`) ?? []) {
          if (j <= i || find(i) === find(j)) continue;
          if (distanceKm(p, points[j]) <= km) parent[find(i)] = find(j);
        }
      }
    }
  });
  const groups = new Map<number, ClusterPoint[]>();
  points.forEach((p, i) => {
    const root = find(i);
    const list = groups.get(root);
    if (list) list.push(p);
    else groups.set(root, [p]);
  });
  return [...groups.values()];
}

/** A live site with coordinates, as the clustering reads it. */
export interface ClusterPoint {
  id: string;
  latitude: number;
  longitude: number;
  kbliDivision: string;
  regencyCode: string;
  sentraId: string | null;
}

export interface ClusterPlaces {
  regencyName(code: string): string;
  wilayahOf(code: string): { id: string; name: string } | null;
}

/**
 * Candidate sentra: clusters of live sites of one KBLI division, each site within `distanceKm` of
 * another of the cluster and at least `minSites` together (DBSCAN, two points to a core, over a
 * grid index).
 * Each division is clustered on its own, so a cluster is one commodity. A cluster is placed in
 * the regency most of its sites are in (ties: the smaller code), and listed by wilayah, then size.
 */
export function suggestCandidates(points: readonly ClusterPoint[], distanceKm: number, minSites: number, places: ClusterPlaces): SentraCandidate[] {
  const byDivision = new Map<string, ClusterPoint[]>();
  for (const p of points) {
    let list = byDivision.get(p.kbliDivision);
    if (!list) byDivision.set(p.kbliDivision, (list = []));
    list.push(p);
  }
  const out: SentraCandidate[] = [];
  for (const [division, list] of [...byDivision].sort(([a], [b]) => a.localeCompare(b))) {
    if (list.length < minSites) continue;
    for (const group of groupsWithin(list, distanceKm)) {
      if (group.length < minSites) continue;
      const regencies = new Map<string, number>();
      for (const p of group) regencies.set(p.regencyCode, (regencies.get(p.regencyCode) ?? 0) + 1);
      const regencyCode = [...regencies].sort(([a, n], [b, m]) => m - n || a.localeCompare(b))[0][0];
      const wilayah = places.wilayahOf(regencyCode);
      const siteIds = group.map((p) => p.id).sort();
      out.push({
        key: `${division}:${siteIds[0]}`,
        kbliDivision: division,
        regencyCode,
        regencyName: places.regencyName(regencyCode),
        wilayahId: wilayah?.id ?? null,
        wilayahName: wilayah?.name ?? null,
        siteIds,
        assigned: group.filter((p) => p.sentraId !== null).length,
        centre: {
          latitude: group.reduce((n, p) => n + p.latitude, 0) / group.length,
          longitude: group.reduce((n, p) => n + p.longitude, 0) / group.length,
        },
      });
    }
  }
  return out.sort(
    (a, b) => (a.wilayahName ?? '\uffff').localeCompare(b.wilayahName ?? '\uffff') || b.siteIds.length - a.siteIds.length || a.key.localeCompare(b.key),
  );
}
