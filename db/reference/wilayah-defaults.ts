/**
 * Default development regions (wilayah pengembangan) per province, loaded at first-run setup and
 * editable afterwards. Only Kalimantan Timur's are known so far (DESIGN.md, "The field").
 */
export interface WilayahDefault {
  id: string;
  name: string;
  regencyCodes: string[];
}

export const WILAYAH_DEFAULTS: Record<string, WilayahDefault[]> = {
  '64': [
    // Balikpapan, Penajam Paser Utara, Paser, Berau
    { id: '64-wp-1', name: 'Wilayah I', regencyCodes: ['64.71', '64.09', '64.01', '64.03'] },
    // Samarinda, Bontang, Kutai Timur
    { id: '64-wp-2', name: 'Wilayah II', regencyCodes: ['64.72', '64.74', '64.08'] },
    // Kutai Kartanegara, Kutai Barat, Mahakam Ulu
    { id: '64-wp-3', name: 'Wilayah III', regencyCodes: ['64.02', '64.07', '64.11'] },
  ],
};
