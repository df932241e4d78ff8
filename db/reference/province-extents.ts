/**
 * Approximate bounding box of each province (degrees), with its outlying islands. Used only to
 * warn when a site's coordinates look wrong (a swapped sign, lat/long reversed), never to reject.
 * Checked in tests against every island coordinate that idn-area-data ships.
 */
export interface Extent {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

// [minLat, maxLat, minLng, maxLng]
const BOXES: Record<string, [number, number, number, number]> = {
  '11': [1.9, 6.2, 94.9, 98.4], // Aceh
  '12': [-0.7, 4.4, 97.0, 100.5], // Sumatera Utara
  '13': [-3.6, 1.0, 98.5, 101.9], // Sumatera Barat
  '14': [-1.2, 3.0, 100.0, 103.9], // Riau
  '15': [-2.8, -0.7, 101.1, 104.6], // Jambi
  '16': [-5.0, -1.6, 102.0, 106.3], // Sumatera Selatan
  '17': [-5.5, -2.2, 101.0, 103.9], // Bengkulu
  '18': [-6.2, -3.7, 103.5, 106.4], // Lampung
  '19': [-3.9, -1.4, 105.1, 108.9], // Kepulauan Bangka Belitung
  '21': [-1.3, 4.9, 103.2, 109.2], // Kepulauan Riau
  '31': [-6.4, -5.1, 106.3, 107.0], // DKI Jakarta
  '32': [-7.9, -5.8, 106.3, 108.9], // Jawa Barat
  '33': [-8.3, -5.7, 108.5, 111.7], // Jawa Tengah
  '34': [-8.3, -7.5, 110.0, 110.9], // DI Yogyakarta
  '35': [-8.9, -4.8, 110.8, 116.4], // Jawa Timur
  '36': [-7.1, -5.8, 105.0, 106.8], // Banten
  '51': [-8.9, -8.0, 114.4, 115.8], // Bali
  '52': [-9.2, -8.0, 115.8, 119.4], // Nusa Tenggara Barat
  '53': [-11.1, -7.6, 118.8, 125.3], // Nusa Tenggara Timur
  '61': [-3.1, 2.1, 108.0, 114.3], // Kalimantan Barat
  '62': [-3.6, 0.9, 110.7, 115.9], // Kalimantan Tengah
  '63': [-5.1, -1.3, 114.3, 117.6], // Kalimantan Selatan
  '64': [-2.6, 2.6, 113.8, 119.1], // Kalimantan Timur
  '65': [1.1, 4.4, 114.5, 118.1], // Kalimantan Utara
  '71': [0.3, 5.6, 123.1, 127.2], // Sulawesi Utara
  '72': [-3.7, 1.4, 119.4, 124.2], // Sulawesi Tengah
  '73': [-7.8, -1.9, 117.0, 122.3], // Sulawesi Selatan
  '74': [-6.3, -2.8, 120.8, 124.7], // Sulawesi Tenggara
  '75': [0.3, 1.1, 121.1, 123.6], // Gorontalo
  '76': [-3.6, -0.8, 116.9, 119.9], // Sulawesi Barat
  '81': [-8.4, -2.7, 125.7, 134.9], // Maluku
  '82': [-2.5, 2.7, 124.2, 130.0], // Maluku Utara
  '91': [-3.9, 1.1, 134.2, 141.1], // Papua
  '92': [-4.3, -0.7, 131.4, 135.3], // Papua Barat
  '93': [-9.2, -4.0, 137.5, 141.1], // Papua Selatan
  '94': [-5.0, -2.1, 134.2, 138.4], // Papua Tengah
  '95': [-5.4, -3.0, 137.8, 141.1], // Papua Pegunungan
  '96': [-2.4, 1.2, 129.3, 133.2], // Papua Barat Daya
};

/** How far outside the box a point may be before we warn: boxes are drawn by hand. */
export const EXTENT_MARGIN_DEG = 0.15;

export function provinceExtent(provinceCode: string): Extent | null {
  const box = BOXES[provinceCode];
  if (!box) return null;
  const [minLat, maxLat, minLng, maxLng] = box;
  return { minLat, maxLat, minLng, maxLng };
}

/** Whether a point lies inside the province's box, widened by the margin. Unknown province: true. */
export function isInsideProvince(provinceCode: string, latitude: number, longitude: number): boolean {
  const e = provinceExtent(provinceCode);
  if (!e) return true;
  const m = EXTENT_MARGIN_DEG;
  return latitude >= e.minLat - m && latitude <= e.maxLat + m && longitude >= e.minLng - m && longitude <= e.maxLng + m;
}
