import { distanceMeters } from './geo';
import { similarNames } from './text';

/** How close two registrations with similar names must be to be offered as one IKM. */
export const DUPLICATE_RADIUS_M = 300;

/**
 * Why two registrations are likely one IKM: the same normalized name in the same desa, a very
 * similar name within DUPLICATE_RADIUS_M metres, or a very similar name in the same kecamatan.
 */
export type DuplicateReason = 'same_name_village' | 'similar_name_nearby' | 'similar_name_district';

/** What the duplicate rule reads of a site. */
export interface DuplicateCandidate {
  /** normalizeName() of its name. */
  nameNorm: string;
  villageCode: string;
  districtCode: string;
  latitude: number | null;
  longitude: number | null;
}

export interface DuplicateMatch {
  reason: DuplicateReason;
  /** Metres between the two points, when both have coordinates. */
  distanceM: number | null;
}

/** The duplicate rule, the one place it lives: why `a` and `b` are likely one IKM, or null. */
export function duplicateMatch(a: DuplicateCandidate, b: DuplicateCandidate): DuplicateMatch | null {
  const located = a.latitude !== null && a.longitude !== null && b.latitude !== null && b.longitude !== null;
  const distanceM = located
    ? Math.round(distanceMeters({ latitude: a.latitude!, longitude: a.longitude! }, { latitude: b.latitude!, longitude: b.longitude! }))
    : null;
  if (a.nameNorm !== '' && a.nameNorm === b.nameNorm && a.villageCode === b.villageCode) return { reason: 'same_name_village', distanceM };
  if (!similarNames(a.nameNorm, b.nameNorm)) return null;
  if (distanceM !== null && distanceM <= DUPLICATE_RADIUS_M) return { reason: 'similar_name_nearby', distanceM };
  if (a.districtCode === b.districtCode) return { reason: 'similar_name_district', distanceM };
  return null;
}

/** Of several matches, the one to show first: the same name in the desa, then the nearest, then the rest. */
export function closerMatch(a: DuplicateMatch, b: DuplicateMatch): number {
  const rank = (m: DuplicateMatch) => ['same_name_village', 'similar_name_nearby', 'similar_name_district'].indexOf(m.reason);
  return rank(a) - rank(b) || (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity);
}

/**
 * The site a merged site now lives on: follow each merge from loser to survivor (`survivorOf`
 * answers one step). In a cycle (two people merged the same pair in opposite directions before
 * their changes met) the smallest id is the survivor, on every replica and at the hub.
 */
export function finalSurvivor(site: string, survivorOf: (loser: string) => string | undefined): string {
  const seen = [site];
  let current = site;
  for (;;) {
    const next = survivorOf(current);
    if (!next) return current;
    if (seen.includes(next)) return seen.slice(seen.indexOf(next)).reduce((a, b) => (a < b ? a : b));
    seen.push(next);
    current = next;
  }
}

/**
 * The site and every site a merge ties it to, either way round, however many steps away
 * (`mergesOf` answers the merges that name one site, as survivor or as loser).
 */
export function mergeGroupOf(site: string, mergesOf: (site: string) => Iterable<{ survivor_id: string; loser_id: string }>): string[] {
  const group = new Set([site]);
  const queue = [site];
  while (queue.length) {
    const current = queue.pop()!;
    for (const m of mergesOf(current)) {
      for (const other of [m.survivor_id, m.loser_id]) {
        if (!group.has(other)) {
          group.add(other);
          queue.push(other);
        }
      }
    }
  }
  return [...group];
}
