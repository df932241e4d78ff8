import { z } from 'zod';
import { Language } from './catalog';
import { refuse, type AppError } from './result';
import { optionalText, requiredText } from './text';
import { Role } from './review';

/** First-run setup: who uses this laptop, and for which office. */
export const SetupInput = z.object({
  officerName: requiredText(2, 120, 'Nama petugas'),
  nip: optionalText(18, 'NIP').refine((v) => v === null || /^\d{18}$/.test(v), {
    message: 'NIP terdiri dari 18 digit angka (kosongkan bila bukan PNS)',
    params: { code: 'nip' },
  }),
  officerCode: z
    .string({ error: 'Kode petugas wajib diisi' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2,5}$/, 'Kode petugas 2–5 huruf, mis. ANS'),
  provinceCode: z.string({ error: 'Provinsi wajib dipilih' }).regex(/^\d{2}$/, 'Provinsi wajib dipilih'),
  regencyCode: z
    .string()
    .regex(/^\d{2}\.\d{2}$/, 'Kabupaten/kota tidak valid')
    .nullish()
    .transform((v) => v ?? null),
  language: Language.default('id'),
  /** Petugas or penyelia (supervisor); on an enrolled laptop the office's enrolment decides. */
  role: Role.default('officer'),
});
export type SetupInput = z.input<typeof SetupInput>;

export interface Officer {
  id: string;
  name: string;
  nip: string | null;
  code: string;
}

/** The laptop's configuration; null from `setup.get` until the first-run setup is done. */
export interface Setup {
  officer: Officer;
  provinceCode: string;
  provinceName: string;
  regencyCode: string | null;
  regencyName: string | null;
  language: Language;
  role: Role;
}

export const LanguageRequest = z.object({ language: Language });

/** The refusal of anything that needs the first setup (the officer and the office) before it. */
export function notSetUp(): AppError {
  return refuse('NOT_SET_UP', 'not_set_up', 'Aplikasi belum disiapkan: isi dulu data petugas dan kantor (penyiapan pertama)');
}
