import { expect, test } from './fixtures';
import { aSite, createSites, PLACES } from './support/api';
import { setUpOffice, siteRows, waitForFrame } from './support/ui';

test('find a site by part of a word in its name, owner or products', async ({ ikm }) => {
  await ikm.withDb(async (api) => {
    await setUpOffice(api);
    await createSites(api, [
      aSite({ name: 'Amplang Mama Ani', ownerName: 'Ani Wulandari', products: 'Amplang ikan pipih' }),
      aSite({ name: 'Tenun Ulap Doyo Lestari', ownerName: 'Yuliana Ningsih', products: 'Kain tenun doyo', kbliCode: '13', villageCode: PLACES.marangKayu.village }),
      aSite({ name: 'Rotan Jaya', ownerName: 'Budi Santoso', products: 'Anyaman rotan, kursi', kbliCode: '16', villageCode: PLACES.balikpapan.village }),
    ]);
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Usaha IKM' }).click();
  await expect(page.getByTestId('site-count')).toHaveText('3 usaha');

  // Ctrl+F puts the cursor in the search box from anywhere.
  await page.keyboard.press('Control+F');
  await expect(page.getByRole('searchbox', { name: 'Cari usaha' })).toBeFocused();
  await page.keyboard.type('mplan');
  await expect(page.getByTestId('site-count')).toHaveText('1 usaha');
  await expect(siteRows(page)).toHaveCount(1);
  await expect(siteRows(page).first()).toContainText('Amplang Mama Ani');

  // The owner's name and the products are searched too.
  await page.getByRole('searchbox', { name: 'Cari usaha' }).fill('santos');
  await expect(siteRows(page)).toHaveCount(1);
  await expect(siteRows(page).first()).toContainText('Rotan Jaya');
  await page.getByRole('searchbox', { name: 'Cari usaha' }).fill('doyo');
  await expect(siteRows(page).first()).toContainText('Tenun Ulap Doyo Lestari');

  // From the search box into the list and open the site, keyboard only.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Tenun Ulap Doyo Lestari' })).toBeVisible();

  // Escape goes back to the list: the search is still there.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('searchbox', { name: 'Cari usaha' })).toHaveValue('doyo');
  await expect(siteRows(page)).toHaveCount(1);

  await page.getByRole('searchbox', { name: 'Cari usaha' }).fill('tidak ada yang seperti ini');
  await expect(page.getByText('Tidak ada usaha yang cocok dengan pencarian atau filter ini.')).toBeVisible();
});
