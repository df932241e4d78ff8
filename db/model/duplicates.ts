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

/** What tells two businesses of one name apart, as an import row and a stored site hold it. */
export interface BusinessContact {
  ownerName: string | null;
  phone: string | null;
  address: string | null;
}

/** How a pair of namesakes compares: the facts that agree, and those that differ. */
export interface BusinessComparison {
  /** Likely one business: nothing known differs more than what agrees (a name alone counts as one). */
  same: boolean;
  agree: ('ownerName' | 'phone' | 'address')[];
  differ: ('ownerName' | 'phone' | 'address')[];
}

/** "Hj. Siti Aminah", "Ibu Siti  Aminah" → "siti aminah": courtesy titles do not tell owners apart. */
const OWNER_TITLES = new Set(['bapak', 'bpk', 'pak', 'ibu', 'bu', 'h', 'hj', 'haji', 'hajjah', 'sdr', 'sdri', 'tn', 'ny', 'nn', 'drs', 'ir', 'dr']);
function ownerKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w && !OWNER_TITLES.has(w))
    .join(' ');
}
/** Digits of a phone number with the country code as a leading 0: "+62 812-555" and "0812555" agree. */
function phoneKey(phone: string): string {
  return phone.replace(/\D/g, '').replace(/^62/, '0');
}
/** "Jl. Pramuka No. 5 RT 03" → "pramuka 5 3": street words without the abbreviations offices vary. */
function addressKey(address: string): string {
  return address
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w && !['jl', 'jln', 'jalan', 'no', 'nomor', 'rt', 'rw', 'gg', 'gang', 'kel', 'desa', 'kec'].includes(w))
    .map((w) => w.replace(/^0+(?=\d)/, ''))
    .join(' ');
}

/**
 * Whether two records of the same name in the same desa are one business, weighing what each
 * tells: the owner weighs most (two owners are two businesses, unless the phone is also the
 * same: a family business listed under two names), then the phone, then the address (written in
 * many ways; one that contains the other agrees). With nothing to compare, the name decides, as
 * the office list's namesakes usually are one business entered twice.
 */
export function compareBusinesses(a: BusinessContact, b: BusinessContact): BusinessComparison {
  const agree: BusinessComparison['agree'] = [];
  const differ: BusinessComparison['differ'] = [];
  const weigh = (field: 'ownerName' | 'phone' | 'address', key: (v: string) => string, matches: (x: string, y: string) => boolean) => {
    const x = a[field] ? key(a[field]!) : '';
    const y = b[field] ? key(b[field]!) : '';
    if (!x || !y) return;
    (matches(x, y) ? agree : differ).push(field);
  };
  // "Ani" and "Ani Wulandari" agree: a list often writes the first name only.
  const wordsWithin = (x: string, y: string) => x.split(' ').every((w) => y.split(' ').includes(w));
  weigh('ownerName', ownerKey, (x, y) => x === y || wordsWithin(x, y) || wordsWithin(y, x) || similarNames(x, y));
  weigh('phone', phoneKey, (x, y) => x === y);
  weigh('address', addressKey, (x, y) => x === y || (Math.min(x.length, y.length) >= 6 && (x.includes(y) || y.includes(x))));
  // A shared phone is strong; a different one is weak (a business changes numbers, has several).
  const agreeWeight = { ownerName: 3, phone: 3, address: 1 } as const;
  const differWeight = { ownerName: 3, phone: 1, address: 1 } as const;
  const score = agree.reduce((s, f) => s + agreeWeight[f], 0) - differ.reduce((s, f) => s + differWeight[f], 0);
  return { same: score >= 0, agree, differ };
}
