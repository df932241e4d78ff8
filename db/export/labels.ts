import { CATALOG } from '../reference/catalog';

/** Indonesian words for the stored codes, as exports and printed forms show them. */
const fromCatalog = (entries: { code: string; id: string }[]) => Object.fromEntries(entries.map((e) => [e.code, e.id]));

export const LABELS = {
  kind: { identifikasi: 'Identifikasi', inventarisasi: 'Inventarisasi', evaluasi: 'Evaluasi', pembinaan: 'Pembinaan' },
  status: { draft: 'Draf', final: 'Final' },
  operatingStatus: fromCatalog(CATALOG.operatingStatuses),
  certificate: { NIB: 'NIB', PIRT: 'PIRT', HALAL: 'Halal', SNI: 'SNI', ISO9001: 'ISO 9001', BPOM_MD: 'BPOM MD', HKI: 'HKI/Merek' },
  legalForm: fromCatalog(CATALOG.legalForms),
  sizeClass: { mikro: 'Mikro', kecil: 'Kecil', menengah: 'Menengah' } as Record<string, string>,
  sectorGroup: fromCatalog(CATALOG.sectorGroups),
  kbli: fromCatalog(CATALOG.kbli),
  problem: {
    bahan_baku: 'Bahan baku',
    modal: 'Modal',
    pemasaran: 'Pemasaran',
    keterampilan: 'Keterampilan',
    teknologi: 'Teknologi',
    perizinan: 'Perizinan',
    infrastruktur: 'Infrastruktur',
  },
  origin: { lokal: 'lokal', luar_provinsi: 'luar provinsi', impor: 'impor' },
  market: { lokal: 'Lokal', regional: 'Regional', nasional: 'Nasional', ekspor: 'Ekspor' },
  energy: { listrik_pln: 'Listrik PLN', genset: 'Genset', kayu_bakar: 'Kayu bakar', gas: 'Gas', surya: 'Surya', lainnya: 'Lainnya' },
  condition: { baik: 'Baik', rusak_ringan: 'Rusak ringan', rusak_berat: 'Rusak berat', tidak_ada: 'Tidak ada' },
  period: { hari: 'per hari', minggu: 'per minggu', bulan: 'per bulan', tahun: 'per tahun' },
  potential: { tinggi: 'Tinggi', sedang: 'Sedang', rendah: 'Rendah' },
} satisfies Record<string, Record<string, string>>;

/** The label of `code` in `table`, or the code itself when it is not known (an old or synced value). */
export function label(table: keyof typeof LABELS, code: unknown): string | null {
  if (code === null || code === undefined || code === '') return null;
  const text = String(code);
  return (LABELS[table] as Record<string, string>)[text] ?? text;
}

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** "2018-10-31" → "31 Oktober 2018" (the date of a letter, whatever the machine's locale). */
export function longDate(iso: string | null | undefined): string {
  if (!iso || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}
