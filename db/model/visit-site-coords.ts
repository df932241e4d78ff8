import { distanceMeters } from './geo';
import type { FinalizeItem } from './finalize-check';

/** Beyond this distance from the site's own point, a visit's point is worth a second look before it moves the site. */
export const FAR_FROM_SITE_M = 1000;

/** What finalizing a visit does to its site's coordinates (the visit's point becomes the site's). */
export interface SiteCoordinateChange {
  /** 'set': the site had none; 'move': a short move; 'far': more than FAR_FROM_SITE_M away. */
  kind: 'set' | 'move' | 'far';
  latitude: number;
  longitude: number;
  /** From the site's point, metres (null when the site had none). */
  distanceM: number | null;
}

type Point = { latitude?: unknown; longitude?: unknown };
const pointOf = (p: Point) =>
  typeof p.latitude === 'number' && typeof p.longitude === 'number' ? { latitude: p.latitude, longitude: p.longitude } : null;

/**
 * The change a visit's coordinates make to its site's when the visit is finalized (never before:
 * a draft, and a photo's suggestion in it, leaves the site as it is). Null when the visit has no
 * point or the site's is the same.
 */
export function siteCoordinateChange(visit: Point, site: Point): SiteCoordinateChange | null {
  const to = pointOf(visit);
  if (!to) return null;
  const from = pointOf(site);
  if (!from) return { kind: 'set', ...to, distanceM: null };
  if (from.latitude === to.latitude && from.longitude === to.longitude) return null;
  const distanceM = Math.round(distanceMeters(from, to));
  return { kind: distanceM > FAR_FROM_SITE_M ? 'far' : 'move', ...to, distanceM };
}

const samePoint = (a: ReturnType<typeof pointOf>, b: ReturnType<typeof pointOf>) =>
  a === b || (!!a && !!b && a.latitude === b.latitude && a.longitude === b.longitude);

/**
 * The change amending a final visit's point makes to its site, as finalizing did: the site follows
 * the corrected point while it still holds the point this visit gave it (or has none). A site whose
 * point was changed since (its form, a later visit) keeps it. Null when the point is not amended.
 */
export function amendedSiteCoordinateChange(before: Point, after: Point, site: Point): SiteCoordinateChange | null {
  const from = pointOf(before);
  if (samePoint(from, pointOf(after))) return null;
  const own = pointOf(site);
  if (own && !samePoint(own, from)) return null;
  return siteCoordinateChange(after, site);
}

/** The finalize checklist's lines about the site's coordinates: what finalizing will do to them, and why to look first. */
export type SiteCoordinateItemCode = 'SITE_COORDS_SET' | 'SITE_COORDS_MOVE' | 'SITE_COORDS_FAR' | 'SITE_COORDS_OTHER_DISTRICT' | 'SITE_COORDS_OUTSIDE_PROVINCE';

export const SITE_COORDINATE_MESSAGES: Record<SiteCoordinateItemCode, string> = {
  SITE_COORDS_SET: 'Koordinat usaha akan diisi dengan koordinat kunjungan ini',
  SITE_COORDS_MOVE: 'Koordinat usaha akan dipindah {{distance}} ke koordinat kunjungan ini',
  SITE_COORDS_FAR: 'Titik kunjungan berjarak {{distance}} dari koordinat usaha; koordinat usaha akan diganti. Periksa dulu lintang dan bujurnya',
  SITE_COORDS_OTHER_DISTRICT: 'Titik kunjungan berada di antara usaha di Kecamatan {{found}}, bukan Kecamatan {{district}} tempat usaha ini terdaftar',
  SITE_COORDS_OUTSIDE_PROVINCE: 'Titik kunjungan berada di luar provinsi. Periksa tanda minus dan urutan lintang/bujur',
};

/** "1,2 km", "350 m", as the Indonesian message says it (the renderer formats its own). */
const distanceText = (m: number) => (m >= 1000 ? `${(m / 1000).toLocaleString('id-ID', { maximumFractionDigits: 1 })} km` : `${m} m`);

/**
 * The checklist lines for a change of the site's coordinates. `foundDistrict` is the kecamatan
 * whose registered sites surround the point when none of the site's own kecamatan do (there are no
 * kecamatan boundaries on the laptop: the neighbours tell); `insideProvince` the province's box.
 */
export function siteCoordinateItems(
  change: SiteCoordinateChange | null,
  context: { insideProvince: boolean; district: string; foundDistrict: string | null },
): FinalizeItem[] {
  if (!change) return [];
  const item = (code: SiteCoordinateItemCode, params: Record<string, string | number> = {}): FinalizeItem => ({
    code,
    blocking: false,
    path: 'latitude',
    params,
    message: SITE_COORDINATE_MESSAGES[code].replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? '')),
  });
  const items: FinalizeItem[] = [];
  const distance = change.distanceM ?? 0;
  if (change.kind === 'set') items.push(item('SITE_COORDS_SET'));
  else items.push(item(change.kind === 'far' ? 'SITE_COORDS_FAR' : 'SITE_COORDS_MOVE', { distanceM: distance, distance: distanceText(distance) }));
  if (!context.insideProvince) items.push(item('SITE_COORDS_OUTSIDE_PROVINCE'));
  else if (context.foundDistrict) items.push(item('SITE_COORDS_OTHER_DISTRICT', { found: context.foundDistrict, district: context.district }));
  return items;
}
