import { z } from 'zod';

// Generic zod messages (wrong type, too long, ...) in Indonesian, the UI language.
z.config(z.locales.id());

/** Optional free text from a form: trimmed, and an empty string becomes null. */
export function optionalText(max: number, label: string) {
  return z
    .string()
    .trim()
    .max(max, `${label} paling panjang ${max} karakter`)
    .nullish()
    .transform((v) => (v ? v : null));
}

/** Required free text: trimmed, at least `min` characters. */
export function requiredText(min: number, max: number, label: string) {
  return z
    .string({ error: `${label} wajib diisi` })
    .trim()
    .min(min, min <= 1 ? `${label} wajib diisi` : `${label} paling sedikit ${min} karakter`)
    .max(max, `${label} paling panjang ${max} karakter`);
}

/** Legal-form words that do not distinguish one business from another. */
const NOISE_WORDS = new Set(['pt', 'cv', 'ud', 'pd', 'kud', 'koperasi', 'ikm', 'ukm', 'umkm', 'toko', 'usaha', 'industri']);

/**
 * Normalized names that are the same words give or take a typo: one contains the other (4+
 * letters), or their letter trigrams overlap by 60% or more. "amplang mama ani" ~ "amplang mama any".
 */
export function similarNames(a: string, b: string): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.includes(b) || b.includes(a)) return Math.min(a.length, b.length) >= 4;
  const grams = (t: string) => {
    const padded = `  ${t} `;
    const out = new Set<string>();
    for (let i = 0; i < padded.length - 2; i++) out.add(padded.slice(i, i + 3));
    return out;
  };
  const ga = grams(a);
  const gb = grams(b);
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared++;
  return shared / (ga.size + gb.size - shared) >= 0.6;
}

/**
 * Name used to spot duplicates: lower case, no accents or punctuation, no legal-form words.
 * "UD. Amplang Mama Ani" and "amplang mama ani" give the same key.
 */
export function normalizeName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w && !NOISE_WORDS.has(w));
  return words.join(' ');
}

/** Letters to insert, delete or change to turn `a` into `b` (Levenshtein): how far a misspelling is from a name. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** A calendar date "YYYY-MM-DD" that really exists. */
export const IsoDate = z
  .string({ error: 'Tanggal wajib diisi' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Tanggal harus berformat TTTT-BB-HH')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
    message: 'Tanggal tidak ada di kalender',
    params: { code: 'date_not_in_calendar' },
  });
