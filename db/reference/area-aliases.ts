/**
 * Short names and old names offices write for an area, by its Kemendagri code: data, like the
 * wilayah groupings, so another province adds its own. Compared as the import compares area
 * names (lower case, letters and digits only).
 */
export const AREA_ALIASES: Record<string, string[]> = {
  // Kalimantan Timur
  '64.01': ['Pasir', 'Kabupaten Pasir'], // Paser was written Pasir until 2007
  '64.02': ['Kukar'],
  '64.07': ['Kubar'],
  '64.08': ['Kutim'],
  '64.09': ['PPU', 'Penajam', 'Penajam Paser'],
  '64.11': ['Mahulu'],
  '64.71': ['Bpp', 'Bpn'],
  '64.72': ['Smd'],
};
