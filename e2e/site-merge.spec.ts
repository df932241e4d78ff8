import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { aSite, call, createSites } from './support/api';
import { openNav, setUpOffice, waitForFrame } from './support/ui';

// Issue 20, major 1: merging duplicates was one click and final. Now: a side-by-side comparison
// choosing the survivor and, per field, the value kept; a confirmation; a result with a link to
// the survivor; "bukan duplikat" that keeps a pair off the list; and an unmerge from the
// merged-away site's page, which names its survivor instead of offering Pulihkan.

async function shot(page: Page, name: string): Promise<void> {
  await mkdir('test-results/screens', { recursive: true });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: `test-results/screens/${name}-1366.png` });
}

/** The header's ID/EN switch, from the keyboard. */
async function switchLanguage(page: Page, to: 'id' | 'en'): Promise<void> {
  await page.getByRole('banner').getByRole('radio', { name: to === 'en' ? 'ID' : 'EN' }).focus();
  await page.keyboard.press(to === 'en' ? 'ArrowRight' : 'ArrowLeft');
  await expect(page.locator('html')).toHaveAttribute('lang', to);
}

test('duplicates: compare side by side, choose the survivor and each value, confirm, open the survivor; "bukan duplikat"; unmerge from the merged-away page', async ({ ikm }) => {
  // One long story (two merges, an unmerge, both languages) on a busy machine.
  test.setTimeout(240_000);
  const { amplang, wulandari, haruan, visitId } = await ikm.withDb(async (api) => {
    await setUpOffice(api);
    const [amplang, wulandari, haruan] = await createSites(api, [
      aSite({ name: 'Amplang Mama Ani', ownerName: 'Ani', phone: null, workers: 3, latitude: -0.5771, longitude: 117.2031 }),
      aSite({ name: 'Amplang Mama Ani Wulandari', ownerName: 'Ani Wulandari', phone: '081250002222', workers: 7, latitude: -0.5773, longitude: 117.2034 }),
      aSite({ name: 'Kerupuk Haruan', ownerName: 'Haruan', products: 'Kerupuk ikan haruan' }),
      aSite({ name: 'Kerupuk Haruan', ownerName: 'Siti Aminah', products: 'Kerupuk udang' }),
    ]);
    const visit = await call(api, 'visit.saveDraft', { siteId: wulandari, data: { kind: 'inventarisasi', visitDate: '2026-11-20' } as never });
    return { amplang, wulandari, haruan, visitId: visit.id };
  });
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await openNav(page, 'Sinkronisasi');
  const pairs = page.getByTestId('duplicate');
  await expect(pairs).toHaveCount(2);

  // "Bukan duplikat": two businesses of one name in one desa. The pair leaves the list, and says so.
  await pairs.filter({ hasText: 'Siti Aminah' }).getByRole('button', { name: 'Bukan duplikat' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'ditandai bukan duplikat' })).toContainText('"Kerupuk Haruan" dan "Kerupuk Haruan"');
  await expect(pairs).toHaveCount(1);
  expect(await ikm.withDb((api) => call(api, 'site.duplicates'))).toHaveLength(1);
  expect((await ikm.withDb((api) => call(api, 'site.get', { id: haruan }))).deleted).toBe(false);

  // Compare: the registration with a visit is offered as the survivor; the officer keeps the older one.
  await pairs.getByRole('button', { name: 'Bandingkan & gabungkan' }).click();
  const dialog = page.getByRole('dialog', { name: 'Gabungkan dua pendaftaran' });
  const compare = dialog.getByTestId('merge-compare');
  await expect(compare).toBeVisible();
  await expect(dialog.getByRole('radio', { name: '"Amplang Mama Ani Wulandari" tetap ada' })).toBeChecked();
  await dialog.getByRole('radio', { name: '"Amplang Mama Ani" tetap ada' }).check();
  // Per field: the survivor's value by default, the other's where the survivor has none (the phone).
  await expect(dialog.getByRole('radio', { name: 'Simpan Nomor telepon dari "Amplang Mama Ani Wulandari"' })).toBeChecked();
  await expect(dialog.getByRole('radio', { name: 'Simpan Nama pemilik dari "Amplang Mama Ani"' })).toBeChecked();
  // The officer takes the full owner name, from the keyboard: the row's two values are one radio group.
  await dialog.getByRole('radio', { name: 'Simpan Nama pemilik dari "Amplang Mama Ani"' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(dialog.getByRole('radio', { name: 'Simpan Nama pemilik dari "Amplang Mama Ani Wulandari"' })).toBeChecked();
  // Fields both say alike have nothing to choose.
  await expect(compare.locator('tr[data-field="address"]')).toContainText('sama');
  await expect(compare.locator('tr[data-field="address"]').getByRole('radio')).toHaveCount(0);
  await shot(page, '140-merge-compare');

  // Confirm: what stays, what goes, what is taken, and that it can be undone.
  await dialog.getByRole('button', { name: 'Lanjut' }).click();
  const confirm = dialog.getByTestId('merge-confirm');
  await expect(confirm).toContainText('Gabungkan "Amplang Mama Ani Wulandari" ke "Amplang Mama Ani"?');
  await expect(confirm).toContainText('menerima 1 kunjungan dari "Amplang Mama Ani Wulandari"');
  await expect(confirm).toContainText('Nilai yang diambil dari "Amplang Mama Ani Wulandari": Nama pemilik, Nomor telepon.');
  await expect(confirm).toContainText('dapat dibatalkan');
  await shot(page, '141-merge-confirm');
  // Kembali keeps the choices.
  await dialog.getByRole('button', { name: 'Kembali' }).click();
  await expect(dialog.getByRole('radio', { name: 'Simpan Nama pemilik dari "Amplang Mama Ani Wulandari"' })).toBeChecked();
  await dialog.getByRole('button', { name: 'Lanjut' }).click();
  await dialog.getByRole('button', { name: 'Gabungkan', exact: true }).click();

  // The result, with a link to the survivor; the list is empty behind it.
  const result = dialog.getByTestId('merge-result');
  await expect(result).toContainText('"Amplang Mama Ani Wulandari" sekarang menjadi bagian dari "Amplang Mama Ani"');
  await expect(pairs).toHaveCount(0);
  await shot(page, '142-merge-result');
  const merged = await ikm.withDb((api) => call(api, 'site.get', { id: amplang }));
  expect([merged.ownerName, merged.phone, merged.workers]).toEqual(['Ani Wulandari', '081250002222', 3]);
  expect((await ikm.withDb((api) => call(api, 'visit.get', { id: visitId }))).siteId).toBe(amplang);
  await dialog.getByRole('link', { name: 'Buka "Amplang Mama Ani"' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 2, name: 'Amplang Mama Ani' })).toBeVisible();
  await expect(page.getByText('Ani Wulandari', { exact: true })).toBeVisible();

  // The merged-away site's page: names its survivor with a link, offers the unmerge, not Pulihkan.
  await page.evaluate((id) => (location.hash = `#/usaha/${id}`), wulandari);
  const notice = page.getByTestId('merged-notice');
  await expect(notice).toContainText('Usaha ini sudah digabung ke Amplang Mama Ani oleh Ani Suryani (ANS)');
  await expect(page.getByRole('button', { name: 'Pulihkan' })).toHaveCount(0);
  await expect(page.getByText('Digabung', { exact: true })).toBeVisible();
  await expect(page.getByText('Diarsipkan', { exact: true })).toHaveCount(0);
  await shot(page, '143-merged-site');
  await notice.getByRole('link', { name: 'Amplang Mama Ani' }).click();
  await expect(page).toHaveURL(new RegExp(`#/usaha/${amplang}$`));
  await page.goBack();
  await expect(notice).toBeVisible();

  // Unmerge: asked, then done; the site is back with its visit, and the pair is offered again.
  await page.getByRole('button', { name: 'Batalkan penggabungan' }).click();
  const ask = page.getByRole('dialog', { name: 'Batalkan penggabungan?' });
  await expect(ask).toContainText('"Amplang Mama Ani Wulandari" akan terdaftar lagi sebagai usaha tersendiri');
  await shot(page, '144-unmerge-confirm');
  await ask.getByRole('button', { name: 'Ya, pisahkan lagi' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Penggabungan dibatalkan' })).toBeVisible();
  await expect(notice).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Ubah' })).toBeVisible();
  expect((await ikm.withDb((api) => call(api, 'site.get', { id: wulandari }))).deleted).toBe(false);
  expect((await ikm.withDb((api) => call(api, 'visit.get', { id: visitId }))).siteId).toBe(wulandari);

  // In English, the same flow the other way round: the Wulandari registration stays this time.
  await switchLanguage(page, 'en');
  await openNav(page, 'Sync');
  await expect(pairs).toHaveCount(1);
  await pairs.getByRole('button', { name: 'Compare & merge' }).click();
  const dialogEn = page.getByRole('dialog', { name: 'Merge two registrations' });
  await expect(dialogEn.getByRole('radio', { name: '"Amplang Mama Ani Wulandari" stays' })).toBeChecked();
  await shot(page, '145-merge-compare-english');
  await dialogEn.getByRole('button', { name: 'Next' }).click();
  await expect(dialogEn.getByTestId('merge-confirm')).toContainText('Merge "Amplang Mama Ani" into "Amplang Mama Ani Wulandari"?');
  await expect(dialogEn.getByTestId('merge-confirm')).toContainText('receives 0 visits from');
  await shot(page, '146-merge-confirm-english');
  await dialogEn.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(dialogEn.getByTestId('merge-result')).toContainText('"Amplang Mama Ani" is now part of "Amplang Mama Ani Wulandari"');
  await shot(page, '147-merge-result-english');
  await dialogEn.getByRole('button', { name: 'Close' }).click();
  await page.evaluate((id) => (location.hash = `#/usaha/${id}`), amplang);
  await expect(notice).toContainText('This site was merged into Amplang Mama Ani Wulandari by Ani Suryani (ANS)');
  await expect(page.getByRole('button', { name: 'Restore' })).toHaveCount(0);
  await shot(page, '148-merged-site-english');
  await page.getByRole('button', { name: 'Undo merge' }).click();
  await expect(page.getByRole('dialog', { name: 'Undo the merge?' })).toContainText('will be registered again as a site of its own');
  await shot(page, '149-unmerge-confirm-english');
});
