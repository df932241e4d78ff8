import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import type { Api } from '../db/api';
import type { VisitDataInput } from '../db/model';
import { localDate } from '../db/model/visit';
import { anInventarisasi } from '../db/test-support';
import { expect, test } from './fixtures';
import { aSite, call, createSites, PLACES } from './support/api';
import { combo, pick, setUpOffice, waitForFrame } from './support/ui';

const SCREENS = 'test-results/screens';

/** A 1366×768 screenshot for people to look at (issue 18's Beranda range: 200–209). */
async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENS, { recursive: true });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: `${SCREENS}/${name}-1366.png` });
}

const today = localDate(new Date());
const month = today.slice(0, 7);
// Another day of the same year (January, or the 1st when this is January).
const earlier = month.endsWith('-01') ? `${month}-01` : `${today.slice(0, 4)}-01-15`;

async function finalVisit(api: Api, siteId: string, data: Partial<Extract<VisitDataInput, { kind: 'inventarisasi' }>>): Promise<void> {
  const saved = await call(api, 'visit.saveDraft', { siteId, data: anInventarisasi({ visitDate: today, ...data }) as never });
  await call(api, 'visit.finalize', { id: saved.id });
}

/** Five IKM in three regencies (one stopped), four final visits by two officers. */
async function seed(api: Api): Promise<void> {
  await setUpOffice(api);
  const [amplang, kerupuk, , rotan] = await createSites(api, [
    aSite({ name: 'Amplang Mama Ani', products: 'Amplang, kerupuk', certificates: ['PIRT', 'HALAL'], workers: 10 }),
    aSite({ name: 'Kerupuk Haruan Pak Udin', ownerName: 'Udin', products: 'Kerupuk haruan', certificates: ['NIB', 'PIRT'], workers: 4 }),
    aSite({ name: 'Amplang Bu Siti', ownerName: 'Siti', products: 'amplang', workers: 6 }),
    aSite({ name: 'Anyaman Rotan Berkah', ownerName: 'Rahmat', villageCode: PLACES.balikpapan.village, kbliCode: '16', products: 'Anyaman rotan', certificates: ['NIB'], workers: 25 }),
    aSite({ name: 'Pabrik Karet Marang Kayu', ownerName: 'Hasan', villageCode: PLACES.marangKayu.village, kbliCode: '22', products: 'Karet remah', operatingStatus: 'tidak_beroperasi', workers: null }),
  ]);
  await finalVisit(api, amplang, { workforce: { male: 4, female: 6 }, certificatesHeld: ['PIRT', 'HALAL'] });
  await finalVisit(api, kerupuk, { officers: ['Budi Santoso'], workforce: { male: 1, female: 3 }, certificatesHeld: ['NIB', 'PIRT'], productionValueRp: '60.000.000' });
  await finalVisit(api, rotan, { officers: ['Ani Suryani', 'Budi Santoso'], workforce: { male: 20, female: 5 }, certificatesHeld: ['NIB'], productionValueRp: '1.000.000.000' });
  await finalVisit(api, amplang, { visitDate: earlier, workforce: { male: 4, female: 6 }, certificatesHeld: ['PIRT', 'HALAL'] });
}

test('Beranda: the numbers match the data, and each opens the list behind it', async ({ ikm }) => {
  test.setTimeout(240_000);
  await ikm.withDb(seed);
  // What the data says, counted by the lists themselves (not by the Beranda's tallies).
  const data = await ikm.withDb(async (api) => ({
    sites: (await call(api, 'site.list', {})).total,
    nib: (await call(api, 'site.list', { certificate: 'NIB' })).total,
    samarinda: (await call(api, 'site.list', { regencyCode: '64.72' })).total,
    amplangSamarinda: (await call(api, 'site.list', { regencyCode: '64.72', mainProduct: 'Amplang' })).total,
    monthVisits: (await call(api, 'visit.list', { status: 'final', dateFrom: `${month}-01`, dateTo: `${month}-31` })).total,
    budiYear: (await call(api, 'visit.list', { status: 'final', officer: 'Budi Santoso', dateFrom: `${month.slice(0, 4)}-01-01`, dateTo: `${month.slice(0, 4)}-12-31` })).total,
  }));
  expect(data).toEqual({ sites: 5, nib: 2, samarinda: 3, amplangSamarinda: 2, monthVisits: earlier.startsWith(month) ? 4 : 3, budiYear: 2 });

  const page = await ikm.page();
  await waitForFrame(page);
  const dashboard = page.getByTestId('dashboard');
  await expect(dashboard.getByTestId('dash-sites-value')).toHaveText('5');
  // Workforce from the sites' current facts; men and women from their latest final visits.
  await expect(dashboard.getByTestId('dash-workers-value')).toHaveText('45');
  await expect(dashboard.getByTestId('dash-workers')).toContainText('L 25 · P 14');
  await expect(dashboard.getByTestId('dash-production-value')).toHaveText(/1\.300\.000\.000/);
  await expect(dashboard.getByTestId('dash-visits-month-value')).toHaveText(String(data.monthVisits));
  await expect(dashboard.getByTestId('dash-status-tidak_beroperasi')).toContainText('1');
  await expect(dashboard.getByTestId('dash-regency-64.72')).toHaveText(String(data.samarinda));
  await expect(dashboard.getByTestId('dash-certificate-NIB')).toContainText(String(data.nib));
  await expect(dashboard.getByTestId('dash-officer-year-Budi Santoso')).toHaveText(String(data.budiYear));
  await expect(dashboard.getByTestId('dash-product-64.72-amplang')).toHaveText(String(data.amplangSamarinda));
  await shoot(page, '200-beranda-id');
  await dashboard.getByTestId('dash-leading-64.72').scrollIntoViewIfNeeded();
  await shoot(page, '201-beranda-unggulan-id');

  // A certificate count opens the register filtered by it.
  await dashboard.getByTestId('dash-certificate-NIB').click();
  await expect(page).toHaveURL(/#\/usaha$/);
  await expect(page.getByTestId('site-count')).toHaveText(`${data.nib} usaha`);
  await expect(combo(page, 'Sertifikat')).toHaveValue(/^NIB/);
  await shoot(page, '202-beranda-to-sites-id');

  // A leading product opens the register for its regency and main product (a chip to remove).
  await page.goBack();
  await page.getByTestId('dash-product-64.72-amplang').click();
  await expect(page.getByTestId('site-count')).toHaveText(`${data.amplangSamarinda} usaha`);
  await expect(page.getByTestId('filter-main-product')).toContainText('amplang');

  // An officer's visits of the year open the visit log with the officer and the year set.
  await page.goBack();
  await page.getByTestId('dash-officer-year-Budi Santoso').click();
  await expect(page).toHaveURL(/#\/kunjungan$/);
  await expect(page.getByTestId('visit-count')).toHaveText(`${data.budiYear} kunjungan`);
  await expect(page.getByRole('searchbox', { name: 'Petugas', exact: true })).toHaveValue('Budi Santoso');
  await shoot(page, '203-beranda-to-visits-id');

  // A wilayah narrows the Beranda (Wilayah II: Samarinda's three).
  await page.goBack();
  await pick(page, page.getByTestId('dashboard').getByRole('combobox', { name: 'Wilayah', exact: true }), 'Wilayah II');
  await expect(dashboard.getByTestId('dash-sites-value')).toHaveText(String(data.samarinda));

  // English.
  await ikm.withDb((api) => call(api, 'settings.setLanguage', { language: 'en' }));
  await page.reload();
  await waitForFrame(page);
  await expect(page.getByTestId('dashboard')).toContainText('Overview');
  await expect(page.getByTestId('dash-sites-value')).toHaveText('5');
  await shoot(page, '204-beranda-en');
  await page.getByTestId('dash-leading-64.72').scrollIntoViewIfNeeded();
  await shoot(page, '205-beranda-unggulan-en');
});
