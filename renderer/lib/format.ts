import type { Language } from '../../db/model';

// Indonesian is the reference format (DESIGN.md conventions); English mode reads en-GB dates.
const LOCALES: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };

/** 1234 → "1.234" (id) or "1,234" (en). */
export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language]).format(value);
}

// Money is always Rupiah, formatted once in the core's model ("Rp 1.250.000").
export { formatRupiah } from '../../db/model/money';

/** An ISO timestamp as "Rabu, 31 Oktober 2018 pukul 10.15". */
export function formatDateTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** A coordinate with the decimal separator of the language: "-0,5021". */
export function formatCoordinate(value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 6 }).format(value);
}

/** How long ago, in words: "5 menit yang lalu" / "5 minutes ago". */
export function formatRelative(iso: string, language: Language, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = new Intl.RelativeTimeFormat(LOCALES[language], { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}

/** An amount of time in words: "10 menit" / "10 minutes", "3 hari" / "3 days". */
export function formatDuration(value: number, unit: 'minute' | 'hour' | 'day', language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** A file size in the language's decimals: "1,4 MB" (id) or "1.4 MB" (en). */
export function formatBytes(bytes: number, language: Language): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** A distance on the ground: "350 m" below a kilometre, else "1,2 km" (id) / "1.2 km" (en). */
export function formatDistance(meters: number, language: Language): string {
  if (meters < 1000) return `${new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 0 }).format(Math.round(meters / 10) * 10)} m`;
  return `${new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: meters < 10_000 ? 1 : 0 }).format(meters / 1000)} km`;
}
