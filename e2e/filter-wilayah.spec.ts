import { expect, test } from './fixtures';
import { aSite, createSites, PLACES } from './support/api';
import { combo, pick, setUpOffice, siteRows, waitForFrame } from './support/ui';

test('filter by wilayah pengembangan, then by kabupaten and status', async ({ ikm }) => {
  await ikm.withDb(async (api) => {
    await setUpOffice(api);
    await createSites(api, [
      aSite({ name: 'Amplang Samarinda', villageCode: PLACES.samarinda.village }),
      aSite({ name: 'Kerupuk Balikpapan', villageCode: PLACES.balikpapan.village }),
      aSite({ name: 'Karet Marang Kayu', villageCode: PLACES.marangKayu.village, kbliCode: '22', operatingStatus: 'tidak_beroperasi' }),
      aSite({ name: 'Abon Tenggarong', villageCode: PLACES.marangKayu.village }),
    ]);
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Usaha IKM' }).click();
  await expect(page.getByTestId('site-count')).toHaveText('4 usaha');

  await pick(page, 'Wilayah', 'Wilayah III');
  await expect(page.getByTestId('site-count')).toHaveText('2 usaha');
  await expect(siteRows(page)).toHaveText([/Abon Tenggarong/, /Karet Marang Kayu/]);

  await pick(page, 'Status', 'Tidak beroperasi');
  await expect(siteRows(page)).toHaveText([/Karet Marang Kayu/]);

  await page.getByRole('button', { name: 'Hapus filter' }).click();
  await expect(page.getByTestId('site-count')).toHaveText('4 usaha');
  await expect(combo(page, 'Wilayah')).toHaveValue('');

  await pick(page, 'Wilayah', 'Wilayah I');
  await expect(siteRows(page)).toHaveText([/Kerupuk Balikpapan/]);
});
