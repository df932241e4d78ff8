import { formatEnrollmentCode } from '../hub/store';
import { startHub } from '../hub/test-support';
import { expect, test } from './fixtures';
import { aSite, call, createSites, PLACES } from './support/api';
import { openNav, setUpOffice, waitForFrame } from './support/ui';

/**
 * A scoped laptop and a real hub on loopback: the office narrows the laptop to Samarinda, the
 * officer syncs from Sinkronisasi, the Kutai Kartanegara sites leave the laptop, and the last
 * result says how many, in both languages.
 */
test('Sinkronisasi: the last result counts the sites released from the laptop', async ({ ikm }) => {
  const { hub, url: hubUrl, stop } = await startHub();
  try {
    const code = formatEnrollmentCode(hub.store.createEnrollment({ officerCode: 'ANS', regencies: ['64.72', '64.02'] }, new Date()));
    await ikm.withDb(setUpOffice);
    const [, kerupuk, madu] = await ikm.withDb((api) =>
      createSites(api, [
        aSite({ name: 'Amplang Samarinda Lepas' }),
        aSite({ name: 'Kerupuk Marang Kayu Lepas', villageCode: PLACES.marangKayu.village }),
        aSite({ name: 'Madu Marang Kayu Lepas', villageCode: PLACES.marangKayu.village }),
      ]),
    );
    const page = await ikm.page();
    await waitForFrame(page);
    await openNav(page, 'Sinkronisasi');
    await page.getByLabel('Alamat hub').fill(hubUrl);
    await page.getByLabel('Kode pendaftaran').fill(code);
    await page.getByRole('button', { name: 'Daftarkan laptop' }).click();
    await expect(page.getByRole('region', { name: 'Hub kantor' })).toContainText(hubUrl);
    // The scope by name, not by code.
    await expect(page.getByTestId('sync-scope')).toHaveText('Kota Samarinda, Kabupaten Kutai Kartanegara');

    const syncNow = page.getByRole('button', { name: 'Sinkronkan sekarang' });
    await syncNow.click();
    await expect(page.getByTestId('sync-done')).toBeVisible();
    await expect(page.getByTestId('pending-count')).toHaveText('0');
    // Nothing released yet: the last result does not mention it.
    await expect(page.getByTestId('last-released')).toHaveCount(0);

    // The office narrows the laptop to Samarinda: the two Kutai Kartanegara sites leave it.
    const deviceId = hub.store.devices()[0].id;
    expect(hub.store.setScope(deviceId, ['64.72'])).toEqual({ resent: 0, released: 2 });
    await syncNow.click();
    await expect(page.getByTestId('last-released')).toHaveText('2 usaha di luar wilayah dilepas dari laptop');
    await expect(page.getByTestId('sync-done')).toContainText('0 berkas. 2 usaha di luar wilayah dilepas dari laptop.');
    for (const id of [kerupuk, madu]) expect((await ikm.withDb((api) => api.dispatch('site.get', { id }))).ok).toBe(false);
    expect((await ikm.withDb((api) => call(api, 'site.list', {}))).items.map((s) => s.name)).toEqual(['Amplang Samarinda Lepas']);

    await page.getByRole('banner').getByText('EN', { exact: true }).click();
    await expect(page.getByTestId('last-released')).toHaveText('2 businesses outside the area released from this laptop');
    // The message of the sync made in Indonesian is said again in English: it is kept as data, not words.
    await expect(page.getByTestId('sync-done')).toContainText('2 businesses outside the area released from this laptop.');
    await expect(page.getByTestId('sync-scope')).toHaveText('Kota Samarinda');
  } finally {
    await stop();
  }
});
