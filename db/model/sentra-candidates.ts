import { clustersDbscan } from '@turf/clusters-dbscan';
import { featureCollection, point } from '@turf/helpers';
import type { SentraCandidate } from './sentra';

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
 * another of the cluster and at least `minSites` together (DBSCAN with Turf's spatial index, two
 * points to a core).
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
    const fc = featureCollection(list.map((p, i) => point([p.longitude, p.latitude], { i })));
    // Two points make a core: a cluster is then every site reachable by steps within the distance
    // (a row of workshops along a road is one sentra); its size is checked against `minSites` below.
    const clustered = clustersDbscan(fc, distanceKm, { minPoints: 2, units: 'kilometers', mutate: true });
    const members = new Map<number, ClusterPoint[]>();
    for (const f of clustered.features) {
      if (f.properties.cluster === undefined) continue;
      const at = f.properties.cluster;
      let group = members.get(at);
      if (!group) members.set(at, (group = []));
      group.push(list[f.properties.i as number]);
    }
    for (const group of members.values()) {
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
