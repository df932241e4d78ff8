import type { KbliEntry, SectorGroup } from '../model/catalog';

/**
 * KBLI 2020, Kategori C (Industri Pengolahan): the 24 golongan pokok with their official names
 * (Peraturan BPS No. 2 Tahun 2020), English names after ISIC Rev. 4, and the industry group a
 * provincial office reports them under (a default the officer may change per site).
 */
export const KBLI_2020_DIVISIONS: readonly KbliEntry[] = [
  { code: '10', id: 'Industri Makanan', en: 'Manufacture of food products', sectorGroup: 'pangan' },
  { code: '11', id: 'Industri Minuman', en: 'Manufacture of beverages', sectorGroup: 'pangan' },
  { code: '12', id: 'Industri Pengolahan Tembakau', en: 'Manufacture of tobacco products', sectorGroup: 'pangan' },
  { code: '13', id: 'Industri Tekstil', en: 'Manufacture of textiles', sectorGroup: 'sandang_kulit' },
  { code: '14', id: 'Industri Pakaian Jadi', en: 'Manufacture of wearing apparel', sectorGroup: 'sandang_kulit' },
  {
    code: '15',
    id: 'Industri Kulit, Barang dari Kulit dan Alas Kaki',
    en: 'Manufacture of leather and related products',
    sectorGroup: 'sandang_kulit',
  },
  {
    code: '16',
    id: 'Industri Kayu, Barang dari Kayu dan Gabus (Tidak Termasuk Furnitur) dan Barang Anyaman dari Bambu, Rotan dan Sejenisnya',
    en: 'Manufacture of wood and of products of wood and cork, except furniture; articles of straw and plaiting materials',
    sectorGroup: 'kerajinan',
  },
  {
    code: '17',
    id: 'Industri Kertas dan Barang dari Kertas',
    en: 'Manufacture of paper and paper products',
    sectorGroup: 'kimia_bahan_bangunan',
  },
  {
    code: '18',
    id: 'Industri Pencetakan dan Reproduksi Media Rekaman',
    en: 'Printing and reproduction of recorded media',
    sectorGroup: 'kimia_bahan_bangunan',
  },
  {
    code: '19',
    id: 'Industri Produk dari Batu Bara dan Pengilangan Minyak Bumi',
    en: 'Manufacture of coke and refined petroleum products',
    sectorGroup: 'kimia_bahan_bangunan',
  },
  {
    code: '20',
    id: 'Industri Bahan Kimia dan Barang dari Bahan Kimia',
    en: 'Manufacture of chemicals and chemical products',
    sectorGroup: 'kimia_bahan_bangunan',
  },
  {
    code: '21',
    id: 'Industri Farmasi, Produk Obat Kimia dan Obat Tradisional',
    en: 'Manufacture of pharmaceuticals, medicinal chemical and botanical products',
    sectorGroup: 'kimia_bahan_bangunan',
  },
  {
    code: '22',
    id: 'Industri Karet, Barang dari Karet dan Plastik',
    en: 'Manufacture of rubber and plastics products',
    sectorGroup: 'kimia_bahan_bangunan',
  },
  {
    code: '23',
    id: 'Industri Barang Galian Bukan Logam',
    en: 'Manufacture of other non-metallic mineral products',
    sectorGroup: 'kimia_bahan_bangunan',
  },
  { code: '24', id: 'Industri Logam Dasar', en: 'Manufacture of basic metals', sectorGroup: 'logam_elektronika' },
  {
    code: '25',
    id: 'Industri Barang Logam, Bukan Mesin dan Peralatannya',
    en: 'Manufacture of fabricated metal products, except machinery and equipment',
    sectorGroup: 'logam_elektronika',
  },
  {
    code: '26',
    id: 'Industri Komputer, Barang Elektronik dan Optik',
    en: 'Manufacture of computer, electronic and optical products',
    sectorGroup: 'logam_elektronika',
  },
  { code: '27', id: 'Industri Peralatan Listrik', en: 'Manufacture of electrical equipment', sectorGroup: 'logam_elektronika' },
  {
    code: '28',
    id: 'Industri Mesin dan Perlengkapan YTDL',
    en: 'Manufacture of machinery and equipment n.e.c.',
    sectorGroup: 'logam_elektronika',
  },
  {
    code: '29',
    id: 'Industri Kendaraan Bermotor, Trailer dan Semi Trailer',
    en: 'Manufacture of motor vehicles, trailers and semi-trailers',
    sectorGroup: 'logam_elektronika',
  },
  { code: '30', id: 'Industri Alat Angkutan Lainnya', en: 'Manufacture of other transport equipment', sectorGroup: 'logam_elektronika' },
  { code: '31', id: 'Industri Furnitur', en: 'Manufacture of furniture', sectorGroup: 'kerajinan' },
  { code: '32', id: 'Industri Pengolahan Lainnya', en: 'Other manufacturing', sectorGroup: 'kerajinan' },
  {
    code: '33',
    id: 'Jasa Reparasi dan Pemasangan Mesin dan Peralatan',
    en: 'Repair and installation of machinery and equipment',
    sectorGroup: 'logam_elektronika',
  },
];

/** The industry group a KBLI code's division is reported under; null for a non-manufacturing code. */
export function defaultSectorGroup(kbliCode: string): SectorGroup | null {
  return KBLI_2020_DIVISIONS.find((d) => d.code === kbliCode.slice(0, 2))?.sectorGroup ?? null;
}
