import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { aSite, call, createSites, PLACES } from './support/api';
import { pick, setUpOffice, siteRows, waitForFrame } from './support/ui';

/**
 * Sentra and kawasan (issue 18): a sentra made from a cluster the app suggests, sites assigned from
 * the map with a box and from the register by picking rows; the screens at 1366×768 in both languages.
 */

const DIR = 'test-results/screens';
async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(DIR, { recursive: true });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: `${DIR}/${name}-1366.png` });
}

/** Six amplang makers 300 m apart in Palaran (one cluster), two weavers in Balikpapan, a snack maker in Marang Kayu. */
async function seed(api: Parameters<Parameters<import('./fixtures').IkmApp['withDb']>[0]>[0]): Promise<void> {
  await setUpOffice(api);
  // The office set Samarinda as Wilayah II's induk in Pengaturan.
  const w2 = (await call(api, 'wilayah.list')).find((w) => w.name === 'Wilayah II')!;
  await call(api, 'wilayah.save', { id: w2.id, name: w2.name, indukRegencyCode: '64.72', regencyCodes: w2.regencyCodes });
  const amplang = ['Amplang Hj. Siti', 'Amplang Pak Udin', 'Amplang Rizki', 'Amplang Bu Nur', 'Amplang Mahakam', 'Amplang Citra'];
  await createSites(api, [
    ...amplang.map((name, i) => aSite({ name, ownerName: `Pemilik ${i}`, latitude: String(-0.55 - i * 0.0027), longitude: '117.17', workers: 4 + i })),
    aSite({ name: 'Tenun Ulap Doyo', ownerName: 'Bu Lina', villageCode: PLACES.balikpapan.village, kbliCode: '13', products: 'Kain tenun', latitude: '-1.25', longitude: '116.85' }),
    aSite({ name: 'Tenun Sarung Samarinda', ownerName: 'Pak Amir', villageCode: PLACES.balikpapan.village, kbliCode: '13', products: 'Sarung', latitude: '-1.2505', longitude: '116.851' }),
    aSite({ name: 'Keripik Tenggarong', ownerName: 'Bu Ratna', villageCode: PLACES.marangKayu.village, products: 'Keripik pisang', latitude: '-0.2', longitude: '117.3' }),
  ]);
}

/** Shift-drags a box over the map, as fractions of its width and height. */
async function boxSelect(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const surface = page.getByTestId('map-surface');
  await expect(surface).toHaveAttribute('data-ready', 'true');
  const box = (await surface.boundingBox())!;
  const at = ([fx, fy]: [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.keyboard.down('Shift');
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at([(from[0] + to[0]) / 2, (from[1] + to[1]) / 2]), { steps: 4 });
  await expect(page.getByTestId('map-select-box')).toBeVisible();
  await page.mouse.move(...at(to), { steps: 4 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
}

test('a sentra made from a suggested cluster; sites assigned from the map with a box and from the register', async ({ ikm }) => {
  test.setTimeout(360_000);
  await ikm.withDb(seed);
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);

  await page.getByRole('navigation').getByRole('link', { name: 'Sentra' }).click();
  await expect(page.getByText('Belum ada sentra')).toBeVisible();
  await shoot(page, '210-sentra-kosong');

  // Candidates: within 1 km, at least 5 sites of one KBLI division.
  await page.getByRole('tab', { name: 'Kandidat usulan' }).click();
  await page.getByRole('textbox', { name: 'Jarak antar-usaha paling jauh' }).fill('1');
  await page.getByRole('textbox', { name: 'Jumlah usaha paling sedikit' }).fill('5');
  await page.getByRole('button', { name: 'Cari kandidat' }).click();
  await expect(page.getByTestId('candidate-summary')).toContainText('1 kandidat dari 9 usaha berkoordinat');
  const row = page.getByTestId('candidate-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Kota Samarinda');
  await expect(row.getByRole('cell').nth(2)).toHaveText('6');
  await expect(page.getByText('Wilayah II', { exact: true })).toBeVisible();
  await shoot(page, '211-sentra-kandidat');
  await row.getByRole('button', { name: 'Jadikan kandidat' }).click();

  // The candidate's page: its six sites, their workforce (4 + 5 + … + 9 = 39).
  await expect(page.getByTestId('sentra-page')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2 })).toContainText('Kandidat sentra');
  await expect(page.getByTestId('total-sites')).toHaveText('6');
  await expect(page.getByTestId('total-workers')).toHaveText('39');
  await expect(page.getByTestId('sentra-sites').getByRole('row')).toHaveCount(7);
  await expect(page.getByTestId('map-surface')).toHaveAttribute('data-ready', 'true');
  const renderer = await page.getByTestId('site-map').getAttribute('data-renderer');
  test.info().annotations.push({ type: 'map renderer', description: String(renderer) });
  await shoot(page, '212-sentra-halaman');

  // A sentra made by hand for the weavers of Balikpapan.
  await page.getByRole('link', { name: '← Sentra & kawasan' }).click();
  await page.getByRole('button', { name: 'Sentra baru' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sentra baru' });
  await dialog.getByRole('textbox', { name: 'Nama sentra' }).fill('Sentra Tenun Balikpapan');
  await pick(page, dialog.getByRole('combobox', { name: 'Jenis' }), 'Sentra IKM');
  await pick(page, dialog.getByRole('combobox', { name: 'Kabupaten/kota' }), 'Kota Balikpapan');
  await shoot(page, '213-sentra-baru');
  await dialog.getByRole('button', { name: 'Simpan sentra' }).click();
  await expect(page.getByRole('heading', { name: 'Sentra Tenun Balikpapan' })).toBeVisible();
  await expect(page.getByTestId('total-sites')).toHaveText('0');

  // The map: a box over the south-west corner takes the two Balikpapan weavers, nothing else.
  await page.getByRole('navigation').getByRole('link', { name: 'Sentra' }).click();
  await page.getByRole('tab', { name: 'Peta' }).click();
  await expect(page.getByTestId('site-map')).toHaveAttribute('data-points', '9');
  await boxSelect(page, [0.01, 0.6], [0.6, 0.99]);
  await expect(page.getByTestId('selected-count')).toHaveText('2 usaha dipilih');
  await pick(page, page.getByTestId('assign-bar').getByRole('combobox', { name: 'Pilih sentra' }), 'Sentra Tenun Balikpapan — Kota Balikpapan');
  await shoot(page, '214-sentra-peta-pilih');
  await page.getByRole('button', { name: 'Tetapkan ke sentra' }).click();
  await expect(page.getByTestId('assign-message')).toHaveText('2 usaha ditetapkan ke sentra');
  const weavers = await ikm.withDb(async (api) => {
    const sentra = (await call(api, 'sentra.list', {})).find((s) => s.name === 'Sentra Tenun Balikpapan')!;
    return (await call(api, 'sentra.get', { id: sentra.id })).sites.map((s) => s.name);
  });
  expect(weavers).toEqual(['Tenun Sarung Samarinda', 'Tenun Ulap Doyo']);

  // The register: pick a row (click) and assign it to the candidate sentra.
  await page.getByRole('navigation').getByRole('link', { name: 'Usaha IKM' }).click();
  await page.getByRole('button', { name: 'Pilih untuk sentra' }).click();
  await siteRows(page).filter({ hasText: 'Keripik Tenggarong' }).click();
  await expect(page.getByTestId('selected-count')).toHaveText('1 usaha dipilih');
  await expect(page).toHaveURL(/#\/usaha$/);
  await pick(page, page.getByTestId('assign-bar').getByRole('combobox', { name: 'Pilih sentra' }), 'Sentra Tenun Balikpapan — Kota Balikpapan');
  await shoot(page, '215-usaha-pilih-sentra');
  await page.getByRole('button', { name: 'Tetapkan ke sentra' }).click();
  await expect(page.getByTestId('assign-message')).toHaveText('1 usaha ditetapkan ke sentra');
  const counts = await ikm.withDb(async (api) => Object.fromEntries((await call(api, 'sentra.list', {})).map((s) => [s.name.startsWith('Kandidat') ? 'kandidat' : s.name, s.siteCount])));
  expect(counts).toEqual({ kandidat: 6, 'Sentra Tenun Balikpapan': 3 });

  // The list per wilayah, and Wilayah II's page with its induk.
  await page.getByRole('navigation').getByRole('link', { name: 'Sentra' }).click();
  await expect(page.getByTestId('sentra-list')).toContainText('Sentra Tenun Balikpapan');
  await shoot(page, '216-sentra-daftar');
  await page.getByRole('link', { name: 'Wilayah II', exact: true }).click();
  await expect(page.getByTestId('wilayah-page')).toContainText('Kandidat sentra');
  await expect(page.getByTestId('wilayah-induk')).toHaveText('Kota Samarinda');
  await shoot(page, '217-wilayah');

  // The same screens in English.
  await page.getByRole('banner').getByText('EN', { exact: true }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Centres' }).click();
  await expect(page.getByRole('heading', { name: 'Centres & estates' })).toBeVisible();
  await shoot(page, '218-sentra-list-en');
  await page.getByRole('tab', { name: 'Map' }).click();
  await expect(page.getByTestId('map-surface')).toHaveAttribute('data-ready', 'true');
  await shoot(page, '219-sentra-map-en');
});
