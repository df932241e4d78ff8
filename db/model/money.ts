import { z } from 'zod';

/**
 * Rupiah typed by a person: "1.250.000", "Rp 1.250.000", "1250000" or a number. Whole rupiah,
 * never negative. Empty means unknown (null).
 */
export function rupiah(label: string) {
  return z
    .union([z.number(), z.string()])
    .nullish()
    .transform((v, ctx) => {
      if (v === null || v === undefined) return null;
      if (typeof v === 'string') {
        const text = v.trim().replace(/^rp\.?\s*/i, '');
        if (text === '') return null;
        // Dots (or spaces) group thousands in Indonesian; a comma would start decimals.
        if (!/^\d{1,3}([. ]\d{3})*(,0+)?$|^\d+(,0+)?$/.test(text)) {
          ctx.addIssue({ code: 'custom', message: `${label} harus berupa angka rupiah, mis. 1.250.000`, params: { code: 'rupiah' } });
          return z.NEVER;
        }
        v = Number(text.replace(/,0+$/, '').replace(/[. ]/g, ''));
      }
      if (!Number.isSafeInteger(v) || v < 0) {
        ctx.addIssue({ code: 'custom', message: `${label} harus bilangan bulat rupiah, tidak negatif`, params: { code: 'rupiah' } });
        return z.NEVER;
      }
      return v;
    });
}

/** "Rp 1.250.000" */
export function formatRupiah(value: number): string {
  return `Rp ${new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 }).format(value)}`;
}
