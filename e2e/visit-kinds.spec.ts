import { expect, test } from './fixtures';
import { call } from './support/api';
import { combo, field, pick } from './support/ui';
import { dateField, officeWithSite, startVisit, visitFromUrl, waitSaved } from './support/visit-ui';

test('evaluasi through the form: finalized, and the site is recorded as not operating', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api, { name: 'Pabrik Karet Marang Kayu', operatingStatus: 'aktif' }));
  const page = await ikm.page();
  await startVisit(page, siteId, 'Evaluasi');

  await expect(field(page, 'Nama responden')).toBeVisible();
  await dateField(page, 'Tanggal kunjungan').fill('2026-11-20');
  await field(page, 'Nama responden').fill('Pak Darman');
  await expect(combo(page, 'Status operasi')).toHaveValue('Tidak beroperasi');
  await dateField(page, 'Berhenti sejak').fill('2025-06-01');
  await page.getByRole('checkbox', { name: 'Bahan baku' }).check();
  await field(page, 'Catatan penyebab berhenti').fill('Harga karet turun, pasokan lateks berhenti');
  await pick(page, 'Kondisi bangunan', 'Rusak ringan');
  await pick(page, 'Kondisi mesin', 'Rusak berat');
  await page.locator('label', { hasText: /^3$/ }).click();
  await expect(page.getByRole('radio', { name: '3' })).toBeChecked();
  await waitSaved(page);
  await page.screenshot({ path: '/tmp/vf/evaluasi-draft.png', fullPage: false });

  await page.getByRole('button', { name: 'Finalisasi' }).click();
  await expect(page.getByTestId('visit-status')).toHaveText('Final');
  await expect(page.getByTestId('visit-number')).toHaveText(/^ANS\/\d{4}\/0001$/);
  await page.screenshot({ path: '/tmp/vf/evaluasi-final.png', fullPage: false });

  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  expect(visit.status).toBe('final');
  expect(visit.data).toMatchObject({
    kind: 'evaluasi',
    visitDate: '2026-11-20',
    officers: ['Ani Suryani'],
    respondent: { name: 'Pak Darman' },
    stoppedSince: '2025-06-01',
    stopReasons: ['bahan_baku'],
    buildingCondition: 'rusak_ringan',
    machineCondition: 'rusak_berat',
    revivalPotential: 3,
    operatingStatus: 'tidak_beroperasi',
  });
  const site = await ikm.withDb((api) => call(api, 'site.get', { id: siteId }));
  expect(site.operatingStatus).toBe('tidak_beroperasi');
});
