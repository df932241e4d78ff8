/**
 * The capital city of each province, by Kemendagri province code: where a provincial office
 * (Dinas) sits, so the place written before the date of a signed form ("Samarinda, 31 Oktober
 * 2018"). A regency or city office writes its own regency or city instead.
 */
export const PROVINCE_CAPITALS: Readonly<Record<string, string>> = {
  '11': 'Banda Aceh',
  '12': 'Medan',
  '13': 'Padang',
  '14': 'Pekanbaru',
  '15': 'Jambi',
  '16': 'Palembang',
  '17': 'Bengkulu',
  '18': 'Bandar Lampung',
  '19': 'Pangkalpinang',
  '21': 'Tanjungpinang',
  '31': 'Jakarta',
  '32': 'Bandung',
  '33': 'Semarang',
  '34': 'Yogyakarta',
  '35': 'Surabaya',
  '36': 'Serang',
  '51': 'Denpasar',
  '52': 'Mataram',
  '53': 'Kupang',
  '61': 'Pontianak',
  '62': 'Palangka Raya',
  '63': 'Banjarbaru',
  '64': 'Samarinda',
  '65': 'Tanjung Selor',
  '71': 'Manado',
  '72': 'Palu',
  '73': 'Makassar',
  '74': 'Kendari',
  '75': 'Gorontalo',
  '76': 'Mamuju',
  '81': 'Ambon',
  '82': 'Sofifi',
  '91': 'Jayapura',
  '92': 'Manokwari',
  '93': 'Merauke',
  '94': 'Nabire',
  '95': 'Wamena',
  '96': 'Sorong',
};

/**
 * Where a regency office sits when the seat's name is not the regency's own ("Kabupaten Kutai
 * Kartanegara" signs in Tenggarong). A city signs in its own name; a regency not listed here
 * signs in the regency's name, which the office can change in Pengaturan.
 */
export const REGENCY_SEATS: Readonly<Record<string, string>> = {
  '64.01': 'Tana Paser',
  '64.02': 'Sendawar',
  '64.03': 'Tenggarong',
  '64.04': 'Sangatta',
  '64.05': 'Tanjung Redeb',
  '64.09': 'Penajam',
  '64.11': 'Ujoh Bilang',
};
