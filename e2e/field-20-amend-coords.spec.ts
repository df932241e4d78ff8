import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { call } from './support/api';
import { field, waitForFrame } from './support/ui';
import { officeWithSite } from './support/visit-ui';

// Issue 20, major 8 for amendments: a final visit's point corrected by an amendment moves the site
// as finalizing did, and the reason dialog warns first when the point is far (as Finalisasi does).

const SITE = { latitude: -0.5921, longitude: 117.1836 };

async function shot(page: Page, name: string): Promise<void> {
  await mkdir('test-results/screens', { recursive: true });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: `test-results/screens/${name}-1366.png` });
}

test("amending a final visit's point warns that it is far, then moves the site", async ({ ikm }) => {
  test.setTimeout(150_000);
  const { siteId, visitId } = await ikm.withDb(async (api) => {
    const siteId = await officeWithSite(api, SITE);
    await call(api, 'settings.setOffice', { signaturesRequired: false }).catch(() => undefined);
    const draft = await call(api, 'visit.saveDraft', {
      siteId,
      data: { kind: 'pembinaan', visitDate: '2026-11-20', officers: ['Ani Suryani'], respondent: { name: 'Pak Rahmat' }, operatingStatus: 'aktif', ...SITE },
    });
    await call(api, 'visit.finalize', { id: draft.id });
    return { siteId, visitId: draft.id };
  });
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  const siteNow = () => ikm.withDb((api) => call(api, 'site.get', { id: siteId })).then((s) => ({ latitude: s.latitude, longitude: s.longitude }));

  await page.evaluate((id) => (window.location.hash = `#/kunjungan/${id}`), visitId);
  await page.getByRole('button', { name: 'Ubah (amendemen)' }).click();
  await field(page, 'Lintang').fill('-0,5021');
  await field(page, 'Bujur').fill('117,1536');
  await page.getByRole('button', { name: 'Simpan amendemen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Alasan perubahan' });
  await expect(dialog.getByTestId('amend-site-coords')).toContainText(/Titik kunjungan berjarak 1[01](,\d)? km dari koordinat usaha/);
  expect(await siteNow()).toEqual(SITE);
  await shot(page, '247-amend-site-coords');
  await dialog.getByRole('textbox', { name: 'Alasan perubahan' }).fill('Titik salah ketik');
  await dialog.getByRole('button', { name: 'Simpan amendemen' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(siteNow).toEqual({ latitude: -0.5021, longitude: 117.1536 });

  // In English: the same warning on the way back.
  await page.getByRole('banner').getByRole('radio', { name: 'ID' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: 'Change (amendment)' }).click();
  await field(page, 'Latitude').fill('-0.5921');
  await field(page, 'Longitude').fill('117.1836');
  await page.getByRole('button', { name: 'Save amendment' }).click();
  const english = page.getByRole('dialog', { name: 'Reason for the change' });
  await expect(english.getByTestId('amend-site-coords')).toContainText(/The visit's point is 1[01](\.\d)? km from the business's coordinates/);
  await shot(page, '247-amend-site-coords-english');
});
