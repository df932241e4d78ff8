import type * as GeoJSON from 'geojson';
import type { MapSite } from '../../../db/model';

/** What the points are coloured by. */
export type ColourBy = 'status' | 'kbli';

export interface LngLatBox {
  west: number;
  east: number;
  south: number;
  north: number;
}

export const STATUS_COLOURS: Record<string, string> = {
  calon: '#868e96',
  aktif: '#2f9e44',
  berhenti_sementara: '#f08c00',
  tidak_beroperasi: '#e03131',
  tutup: '#343a40',
};

/** Twelve distinct colours, taken by KBLI division in turn (10–33). */
const DIVISION_PALETTE = ['#1971c2', '#e8590c', '#2f9e44', '#c2255c', '#6741d9', '#0c8599', '#f08c00', '#5c940d', '#862e9c', '#c92a2a', '#364fc7', '#087f5b'];

export const divisionColour = (division: string): string => DIVISION_PALETTE[(Number(division) - 10 + DIVISION_PALETTE.length * 3) % DIVISION_PALETTE.length];

export const colourOf = (s: MapSite, by: ColourBy): string => (by === 'status' ? (STATUS_COLOURS[s.operatingStatus] ?? '#868e96') : divisionColour(s.kbliDivision));

/** The box around the sites (Kalimantan Timur when there are none), a little wider than they are. */
export function boundsOf(sites: readonly MapSite[]): LngLatBox {
  if (!sites.length) return { west: 113.8, east: 119.1, south: -2.6, north: 2.6 };
  let west = Infinity;
  let east = -Infinity;
  let south = Infinity;
  let north = -Infinity;
  for (const s of sites) {
    west = Math.min(west, s.longitude);
    east = Math.max(east, s.longitude);
    south = Math.min(south, s.latitude);
    north = Math.max(north, s.latitude);
  }
  const margin = Math.max(0.02, (east - west) * 0.05, (north - south) * 0.05);
  return { west: west - margin, east: east + margin, south: south - margin, north: north + margin };
}

/** Lines every `step` degrees across the box, each with its label ("117.5°E", "0.5°S"). */
export function graticule(b: LngLatBox, step: number): GeoJSON.FeatureCollection<GeoJSON.LineString, { label: string }> {
  const span = Math.max(b.east - b.west, b.north - b.south);
  // A small area gets a finer grid, so a sentra's map still shows lines.
  while (span / step < 3 && step > 0.01) step /= 5;
  const features: GeoJSON.Feature<GeoJSON.LineString, { label: string }>[] = [];
  const round = (n: number) => Number(n.toFixed(4));
  for (let lon = Math.ceil(b.west / step) * step; lon <= b.east; lon += step) {
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [[lon, b.north], [lon, b.south]] }, properties: { label: `${round(lon)}°E` } });
  }
  for (let lat = Math.ceil(b.south / step) * step; lat <= b.north; lat += step) {
    const label = lat < 0 ? `${round(-lat)}°S` : `${round(lat)}°N`;
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [[b.west, lat], [b.east, lat]] }, properties: { label } });
  }
  return { type: 'FeatureCollection', features };
}

/** Each regency's name goes at the centre of its sites (there are no boundary outlines to label). */
export function regencyCentres(sites: readonly MapSite[]): { regencyCode: string; latitude: number; longitude: number }[] {
  const sums = new Map<string, { lat: number; lon: number; n: number }>();
  for (const s of sites) {
    const sum = sums.get(s.regencyCode) ?? { lat: 0, lon: 0, n: 0 };
    sum.lat += s.latitude;
    sum.lon += s.longitude;
    sum.n++;
    sums.set(s.regencyCode, sum);
  }
  return [...sums].map(([regencyCode, v]) => ({ regencyCode, latitude: v.lat / v.n, longitude: v.lon / v.n }));
}
