import type { SiteInput, SiteListQuery } from '../db/model/site';
import type { Area } from '../db/model/area';

/** A small deterministic PRNG (mulberry32), so every bench run measures the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(rand: () => number, table: [T, number][]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [value, weight] of table) {
    if ((r -= weight) < 0) return value;
  }
  return table[table.length - 1][0];
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

/** Kaltim regencies weighted roughly as BPS counts IKM (Samarinda about a quarter). */
const REGENCY_WEIGHTS: [string, number][] = [
  ['64.72', 25], // Samarinda
  ['64.02', 20], // Kutai Kartanegara
  ['64.71', 12], // Balikpapan
  ['64.08', 8], // Kutai Timur
  ['64.01', 7], // Paser
  ['64.03', 7], // Berau
  ['64.74', 7], // Bontang
  ['64.09', 6], // Penajam Paser Utara
  ['64.07', 7], // Kutai Barat
  ['64.11', 1], // Mahakam Ulu
];

/** KBLI divisions weighted as BPS reports Kaltim's micro and small industry: food 42%. */
const KBLI_WEIGHTS: [string, number][] = [
  ['10', 42], ['11', 8], ['14', 9], ['16', 10], ['31', 7], ['13', 4], ['22', 3],
  ['23', 5], ['25', 5], ['32', 4], ['15', 1], ['18', 2],
];

const PRODUCTS: Record<string, string[]> = {
  '10': ['Amplang', 'Kerupuk Ikan', 'Abon Ikan', 'Keripik Pisang', 'Kue Bingka', 'Dodol Rumput Laut', 'Ikan Asin', 'Terasi', 'Roti', 'Tahu Tempe', 'Kerupuk Udang', 'Sambal Raja'],
  '11': ['Kopi Bubuk', 'Air Minum Isi Ulang', 'Sirup Kayu Manis', 'Jahe Instan', 'Teh Herbal'],
  '13': ['Tenun Ulap Doyo', 'Sarung Samarinda', 'Kain Songket'],
  '14': ['Konveksi', 'Jahit Pakaian', 'Sablon Kaos', 'Batik Kaltim', 'Seragam Sekolah'],
  '15': ['Sepatu Kulit', 'Tas Kulit', 'Sandal'],
  '16': ['Anyaman Rotan', 'Kerajinan Manik', 'Ukiran Kayu', 'Kayu Ulin Olahan', 'Anjat Dayak'],
  '18': ['Percetakan', 'Sablon Undangan'],
  '22': ['Karet Remah', 'Barang Plastik', 'Ban Vulkanisir'],
  '23': ['Batu Bata', 'Batako', 'Genteng', 'Gerabah'],
  '25': ['Las Teralis', 'Pandai Besi', 'Pagar Besi', 'Perahu Aluminium'],
  '31': ['Mebel Kayu', 'Furnitur Rotan', 'Lemari Kayu'],
  '32': ['Kerajinan Manik Dayak', 'Aksesoris', 'Souvenir Khas'],
};

const FIRST = ['Budi', 'Siti', 'Ani', 'Agus', 'Dewi', 'Rahmat', 'Nur', 'Hendra', 'Yuliana', 'Fitri', 'Rudi', 'Aisyah', 'Muhammad', 'Sri', 'Andi', 'Wahyu', 'Rina', 'Syahrani', 'Irwan', 'Lestari'];
const LAST = ['Santoso', 'Wulandari', 'Hidayat', 'Saputra', 'Rahman', 'Lestari', 'Kurniawan', 'Pratama', 'Syahputra', 'Ningsih', 'Gunawan', 'Aryani', 'Effendi', 'Nasution', 'Hasibuan'];
const STREETS = ['Jl. Pangeran Antasari', 'Jl. Sultan Hasanuddin', 'Jl. Jenderal Sudirman', 'Jl. Ahmad Yani', 'Jl. Gatot Subroto', 'Jl. Pramuka', 'Jl. Poros Desa', 'Jl. Kadrie Oening'];
const STATUSES: [SiteInput['operatingStatus'], number][] = [
  ['aktif', 80], ['calon', 8], ['berhenti_sementara', 6], ['tidak_beroperasi', 4], ['tutup', 2],
];

export interface AreaIndex {
  /** regency code → its desa/kelurahan codes */
  villagesByRegency: Map<string, string[]>;
}

export function indexVillages(villages: (Area & { districtCode: string })[]): AreaIndex {
  const villagesByRegency = new Map<string, string[]>();
  for (const v of villages) {
    const regency = v.code.slice(0, 5);
    if (!villagesByRegency.has(regency)) villagesByRegency.set(regency, []);
    villagesByRegency.get(regency)!.push(v.code);
  }
  return { villagesByRegency };
}

/** `count` sites with a realistic mix of regencies, KBLI divisions, names and products. */
export function generateSites(count: number, areas: AreaIndex, seed = 42): SiteInput[] {
  const rand = random(seed);
  const sites: SiteInput[] = [];
  for (let i = 0; i < count; i++) {
    const regency = weighted(rand, REGENCY_WEIGHTS);
    const kbli = weighted(rand, KBLI_WEIGHTS);
    const product = pick(rand, PRODUCTS[kbli]);
    const owner = `${pick(rand, FIRST)} ${pick(rand, LAST)}`;
    const workers = Math.min(99, Math.floor(1 + rand() * rand() * 40));
    sites.push({
      name: `${product} ${owner.split(' ')[rand() < 0.5 ? 0 : 1]} ${i}`,
      ownerName: owner,
      phone: `08${Math.floor(1e9 + rand() * 9e9)}`,
      address: `${pick(rand, STREETS)} No. ${1 + Math.floor(rand() * 200)} RT ${1 + Math.floor(rand() * 40)}`,
      villageCode: pick(rand, areas.villagesByRegency.get(regency)!),
      latitude: Number((-1 + rand() * 2.5).toFixed(5)),
      longitude: Number((115 + rand() * 3).toFixed(5)),
      kbliCode: kbli,
      products: `${product}, ${pick(rand, PRODUCTS[kbli]).toLowerCase()}`,
      workers,
      operatingStatus: weighted(rand, STATUSES),
      certificates: rand() < 0.4 ? ['NIB'] : rand() < 0.2 ? ['NIB', 'PIRT', 'HALAL'] : [],
      yearEstablished: 1990 + Math.floor(rand() * 35),
    });
  }
  return sites;
}

/** Search boxes as officers type them: parts of products, owners and places, some with filters. */
export function searchQueries(count: number, seed = 7): SiteListQuery[] {
  const rand = random(seed);
  const texts = ['ampl', 'kerupuk', 'rotan', 'tenun', 'budi', 'siti santoso', 'palaran', 'samarinda', 'mebel', 'batu bata', 'abon', 'ulin', 'ku', 'keripik pisang', 'manik', 'sarung', 'hidayat', 'sudirman', 'loa janan', 'kopi'];
  const filters: SiteListQuery[] = [{}, {}, {}, { wilayahId: '64-wp-2' }, { regencyCode: '64.72' }, { kbliDivision: '10' }, { operatingStatus: 'aktif' }];
  return Array.from({ length: count }, () => ({ text: rand() < 0.85 ? pick(rand, texts) : '', ...pick(rand, filters), limit: 100 }));
}

/**
 * A generated site as a `site` row (what the repo would store, without its change log and search
 * entry): the Beranda bench fills a million of them in minutes instead of an hour.
 */
export function siteRow(s: SiteInput, i: number, now: string) {
  const workers = s.workers ?? null;
  return {
    id: `bench-site-${String(i).padStart(9, '0')}`,
    name: s.name,
    name_norm: s.name.toLowerCase(),
    province_code: s.villageCode.slice(0, 2),
    regency_code: s.villageCode.slice(0, 5),
    district_code: s.villageCode.slice(0, 8),
    village_code: s.villageCode,
    kbli_code: s.kbliCode,
    kbli_division: s.kbliCode.slice(0, 2),
    products: s.products ?? null,
    certificates: JSON.stringify(s.certificates ?? []),
    workers,
    size_class: workers === null ? null : workers <= 4 ? 'mikro' : workers <= 19 ? 'kecil' : 'menengah',
    operating_status: s.operatingStatus ?? 'aktif',
    now,
  };
}
