/**
 * The UTC offset (hours) of each province's official time: WIB +7, WITA +8, WIT +9, by the
 * Kemendagri province code. Used to turn a change's HLC (UTC) into the local calendar day the
 * officer made it on, the same day on every replica whatever its own time zone.
 */
export function provinceUtcOffsetHours(provinceCode: string): number {
  const code = Number(provinceCode.slice(0, 2));
  if (code >= 81) return 9; // Maluku, Maluku Utara, the Papua provinces
  if (code === 61 || code === 62 || code < 50) return 7; // Sumatra, Java, Kalimantan Barat and Tengah
  return 8; // Bali, Nusa Tenggara, Kalimantan Selatan/Timur/Utara, Sulawesi
}

/** "YYYY-MM-DD" of an ISO instant in the province's local time. */
export function localDayInProvince(isoInstant: string, provinceCode: string): string {
  const ms = Date.parse(isoInstant) + provinceUtcOffsetHours(provinceCode) * 3_600_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** The name of the province's official time, as printed after a time: "14.05 WITA". */
export function provinceZoneName(provinceCode: string): 'WIB' | 'WITA' | 'WIT' {
  const offset = provinceUtcOffsetHours(provinceCode);
  return offset === 7 ? 'WIB' : offset === 8 ? 'WITA' : 'WIT';
}

/** "YYYY-MM-DDTHH:MM" of an ISO instant in the province's local time. */
export function localMinuteInProvince(isoInstant: string, provinceCode: string): string {
  const ms = Date.parse(isoInstant) + provinceUtcOffsetHours(provinceCode) * 3_600_000;
  return new Date(ms).toISOString().slice(0, 16);
}
