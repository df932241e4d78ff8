/**
 * Dates as officers type them ("20/11/2026", "20-11-2026", "20 November 2026", "20 nov 2026")
 * read into the ISO `YYYY-MM-DD` the forms and the core store. Pure, so it runs under node --test.
 */

// Indonesian and English month names and their usual abbreviations, lower case.
const MONTH_WORDS: Record<string, number> = {};
const NAMES: string[][] = [
  ['januari', 'january', 'jan'],
  ['februari', 'february', 'pebruari', 'feb', 'peb'],
  ['maret', 'march', 'mar'],
  ['april', 'apr'],
  ['mei', 'may'],
  ['juni', 'june', 'jun'],
  ['juli', 'july', 'jul'],
  ['agustus', 'august', 'agu', 'agt', 'agst', 'aug'],
  ['september', 'sep', 'sept'],
  ['oktober', 'october', 'okt', 'oct'],
  ['november', 'nopember', 'nov', 'nop'],
  ['desember', 'december', 'des', 'dec'],
];
NAMES.forEach((words, i) => words.forEach((w) => (MONTH_WORDS[w] = i + 1)));

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The ISO date for a day, or null when the day does not exist (31/02, 00/11). */
function isoOf(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * Reads a typed date; null when it is not a whole, real date. Day first, as in Indonesia;
 * a four-digit year is required, so "20/11/20" is not silently taken as 0020 or 2020.
 */
export function parseDateText(text: string): string | null {
  const s = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2}) ?[/.-] ?(\d{1,2}) ?[/.-] ?(\d{4})$/.exec(s);
  if (m) return isoOf(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[ /.-]+([a-z]+)\.?[ /.-]+(\d{4})$/.exec(s);
  if (m && MONTH_WORDS[m[2]]) return isoOf(Number(m[3]), MONTH_WORDS[m[2]], Number(m[1]));
  return null;
}

/** "2026-11-20" → "20/11/2026"; anything else is returned as it is. */
export function formatDateText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

