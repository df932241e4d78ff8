import type { Locator, Page } from '@playwright/test';
import type { Api } from '../db/api';
import { anInventarisasi } from '../db/test-support';
import { expect, test } from './fixtures';
import { call } from './support/api';
import { field, waitForFrame } from './support/ui';
import { officeWithSite, officeWithSiteInEnglish } from './support/visit-ui';

const LONG_RECOMMENDATION =
  'Ajukan sertifikat halal dan SNI lewat program fasilitasi dinas tahun depan, lengkapi dulu izin edar PIRT yang habis masa berlakunya, ' +
  'dan ikutkan pemilik pada pelatihan pengemasan di UPTD Samarinda agar amplang bisa dijual ke toko oleh-oleh bandara.';
const LONG_FINDINGS = Array.from({ length: 12 }, (_, i) => `Temuan ${i + 1}: produksi dan pemasaran dicatat di buku harian usaha.`).join('\n');

/** Whether the whole text of a box is in view: nothing cut at the side or scrolled away below. */
const shownWhole = (box: Locator) => box.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1);

async function openRecord(page: Page, visitId: string, status: string): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await page.evaluate((id) => (window.location.hash = `#/kunjungan/${id}`), visitId);
  await expect(page.getByTestId('visit-status')).toHaveText(status);
}

const finalVisit = (api: Api, siteId: string) =>
  call(api, 'visit.saveDraft', {
    siteId,
    data: anInventarisasi({
      respondent: { name: 'Pak Rahmat', position: 'Pemilik, pengelola produksi dan pemasaran kelompok usaha amplang keluarga Ani', phone: '081234567890' },
      findings: LONG_FINDINGS,
      recommendations: [{ text: LONG_RECOMMENDATION, action: 'Pendampingan sertifikasi', dueDate: '2027-03-31' }],
    }),
  }).then(async (saved) => {
    await call(api, 'visit.finalize', { id: saved.id });
    return saved.id;
  });

test('the final record shows long text whole and Rupiah amounts as "Rp 240.000.000", not under the "Rp" (Indonesian)', async ({ ikm }) => {
  const visitId = await ikm.withDb(async (api) => finalVisit(api, await officeWithSite(api, { name: 'Amplang Mama Ani' })));
  const page = await ikm.page();
  await openRecord(page, visitId, 'Final');

  const recommendation = field(page, 'Rekomendasi 1');
  await expect(recommendation).toHaveValue(LONG_RECOMMENDATION);
  expect(await shownWhole(recommendation), 'the long recommendation wraps, nothing cut').toBe(true);
  expect(await shownWhole(field(page, 'Jabatan responden')), 'the long position wraps').toBe(true);
  const findings = field(page, 'Temuan');
  await expect(findings).toHaveValue(LONG_FINDINGS);
  expect(await shownWhole(findings), 'twelve lines of findings, all in view (no inner scroll)').toBe(true);

  // The amount reads as one piece, "Rp" before it, with no section drawn over its first digits.
  const production = field(page, 'Nilai produksi per tahun');
  await expect(production).toHaveValue('Rp\u00a0240.000.000');
  await expect(field(page, 'Nilai investasi')).toHaveValue('Rp\u00a0150.000.000');
  await expect(page.locator('[data-path="productionValueRp"]').locator('xpath=..').locator('.mantine-Input-section')).toHaveCount(0);

  await production.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/130-visit-record-long-text-1366.png' });
  await recommendation.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/131-visit-record-recommendation-1366.png' });

  // Amending turns the values back into boxes to type in, the amount without its "Rp".
  await page.getByRole('button', { name: 'Ubah (amendemen)' }).click();
  await expect(field(page, 'Nilai produksi per tahun')).toHaveValue('240.000.000');
});

test('the final record shows long text whole and Rupiah amounts whole (English)', async ({ ikm }) => {
  const visitId = await ikm.withDb(async (api) => finalVisit(api, await officeWithSiteInEnglish(api)));
  const page = await ikm.page();
  await openRecord(page, visitId, 'Final');
  const recommendation = field(page, 'Recommendation 1');
  await expect(recommendation).toHaveValue(LONG_RECOMMENDATION);
  expect(await shownWhole(recommendation)).toBe(true);
  const production = page.locator('textarea[data-path="productionValueRp"]');
  await expect(production).toHaveValue('Rp\u00a0240.000.000');
  await production.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/132-visit-record-long-text-english-1366.png' });
});
