import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { aSite, createSites } from './support/api';
import { openNav, setUpOffice, siteRows, waitForFrame } from './support/ui';

// Issue 20, major 1 (the rest of it): "bukan duplikat" is a synced decision that can be undone
// from the UI; merges, their undo and those decisions are lines of the site's timeline; Arsip
// shows a merged-away site as merged into its survivor, not as archived.

async function shot(page: Page, name: string): Promise<void> {
  await mkdir('test-results/screens', { recursive: true });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: `test-results/screens/${name}-1366.png` });
}

/** A site call through the app's own window (its connection writes, as a person's press would). */
async function appCall<T = unknown>(page: Page, method: 'merge' | 'unmerge' | 'duplicates', input: unknown): Promise<T> {
  const result = await page.evaluate(
    ([m, i]) => (window as unknown as { ikm: { site: Record<string, (x: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>> } }).ikm.site[m as string](i),
    [method, input] as const,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

async function switchLanguage(page: Page, to: 'id' | 'en'): Promise<void> {
  await page.getByRole('banner').getByRole('radio', { name: to === 'en' ? 'ID' : 'EN' }).focus();
  await page.keyboard.press(to === 'en' ? 'ArrowRight' : 'ArrowLeft');
  await expect(page.locator('html')).toHaveAttribute('lang', to);
}

test('"bukan duplikat" undone from Sinkronisasi and from the timeline; merges on the timeline; Arsip names the survivor', async ({ ikm }) => {
  test.setTimeout(240_000);
  const { amplang, wulandari, haruan, siti } = await ikm.withDb(async (api) => {
    await setUpOffice(api);
    const [amplang, wulandari, haruan, siti] = await createSites(api, [
      aSite({ name: 'Amplang Mama Ani', ownerName: 'Ani', latitude: -0.5771, longitude: 117.2031 }),
      aSite({ name: 'Amplang Mama Ani Wulandari', ownerName: 'Ani Wulandari', latitude: -0.5773, longitude: 117.2034 }),
      aSite({ name: 'Kerupuk Haruan', ownerName: 'Haruan' }),
      aSite({ name: 'Kerupuk Haruan', ownerName: 'Siti Aminah' }),
    ]);
    return { amplang, wulandari, haruan, siti };
  });
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await openNav(page, 'Sinkronisasi');
  const pairs = page.getByTestId('duplicate');
  await expect(pairs).toHaveCount(2);

  // Said, then undone at once from the notice: the pair is back on the list.
  await pairs.filter({ hasText: 'Siti Aminah' }).getByRole('button', { name: 'Bukan duplikat' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'ditandai bukan duplikat' });
  await expect(pairs).toHaveCount(1);
  await shot(page, '240-distinct-undo-notice');
  await notice.getByRole('button', { name: 'Batalkan "bukan duplikat"' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'kembali ditawarkan' })).toBeVisible();
  await expect(pairs).toHaveCount(2);
  expect(await appCall(page, 'duplicates', undefined)).toHaveLength(2);

  // Said again; later, undone from the site's timeline, where the decision is a line with who and when.
  await pairs.filter({ hasText: 'Siti Aminah' }).getByRole('button', { name: 'Bukan duplikat' }).click();
  await expect(pairs).toHaveCount(1);
  // Merge the other pair (without the dialog: its flow is e2e/site-merge.spec.ts) and unmerge it.
  await appCall(page, 'merge', { survivorId: amplang, loserId: wulandari });

  // Arsip: the merged-away site says merged, and into which site.
  await openNav(page, 'Usaha IKM');
  await page.getByRole('radiogroup', { name: 'Daftar atau arsip' }).getByText('Arsip').click();
  await expect(siteRows(page)).toHaveText([/Amplang Mama Ani Wulandari.*Digabung.*ke Amplang Mama Ani/]);
  await expect(siteRows(page)).not.toContainText('Diarsipkan');
  await shot(page, '241-archive-merged');

  await page.evaluate((id) => (location.hash = `#/usaha/${id}`), haruan);
  const distinctLine = page.getByTestId('history-decision-distinct');
  await expect(distinctLine).toContainText('Dinyatakan bukan duplikat dari "Kerupuk Haruan"');
  await expect(distinctLine).toContainText('oleh Ani Suryani (ANS)');
  await distinctLine.scrollIntoViewIfNeeded();
  await shot(page, '242-timeline-distinct');
  await distinctLine.getByRole('button', { name: 'Batalkan "bukan duplikat"' }).click();
  await expect(page.getByTestId('history-decision-distinctUndone')).toContainText('Keputusan "bukan duplikat" dengan "Kerupuk Haruan" dibatalkan');
  await expect(distinctLine.getByRole('button')).toHaveCount(0);
  expect((await appCall<{ a: { id: string }; b: { id: string } }[]>(page, 'duplicates', undefined)).map((p) => [p.a.id, p.b.id].sort())).toContainEqual([haruan, siti].sort());
  // The other site of the pair has the same lines, and the link goes there.
  await distinctLine.getByRole('link', { name: 'Buka "Kerupuk Haruan"' }).click();
  await expect(page).toHaveURL(new RegExp(`#/usaha/${siti}$`));
  await expect(page.getByTestId('history-decision-distinctUndone')).toBeVisible();

  // The survivor's timeline: the merge, then its undo, each with who.
  await page.evaluate((id) => (location.hash = `#/usaha/${id}`), amplang);
  await expect(page.getByTestId('history-decision-merged')).toContainText('"Amplang Mama Ani Wulandari" digabungkan ke usaha ini');
  await appCall(page, 'unmerge', { loserId: wulandari });
  await page.evaluate(() => (location.hash = '#/usaha'));
  await page.evaluate((id) => (location.hash = `#/usaha/${id}`), amplang);
  await expect(page.getByTestId('history-decision-unmerged')).toContainText('Penggabungan "Amplang Mama Ani Wulandari" ke usaha ini dibatalkan');
  await page.getByTestId('history-decision-unmerged').scrollIntoViewIfNeeded();
  await shot(page, '243-timeline-merge');
  // The merged-away (now back) site's own lines.
  await page.evaluate((id) => (location.hash = `#/usaha/${id}`), wulandari);
  await expect(page.getByTestId('history-decision-merged')).toContainText('Digabungkan ke "Amplang Mama Ani"');
  await expect(page.getByTestId('history-decision-unmerged')).toContainText('Penggabungan ke "Amplang Mama Ani" dibatalkan');

  // In English.
  await switchLanguage(page, 'en');
  await expect(page.getByTestId('history-decision-merged')).toContainText('Merged into "Amplang Mama Ani"');
  await page.getByTestId('history-decision-unmerged').scrollIntoViewIfNeeded();
  await shot(page, '244-timeline-merge-english');
  await page.evaluate((id) => (location.hash = `#/usaha/${id}`), haruan);
  await expect(page.getByTestId('history-decision-distinctUndone')).toContainText('"Not a duplicate" with "Kerupuk Haruan" was undone');
  await openNav(page, 'Sync');
  await pairs.filter({ hasText: 'Siti Aminah' }).getByRole('button', { name: 'Not a duplicate' }).click();
  await expect(page.getByRole('status').getByRole('button', { name: 'Undo "not a duplicate"' })).toBeVisible();
  await shot(page, '245-distinct-undo-notice-english');
  await appCall(page, 'merge', { survivorId: amplang, loserId: wulandari });
  await openNav(page, 'IKM businesses');
  await page.getByRole('radiogroup').getByText('Archive').click();
  await expect(siteRows(page)).toHaveText([/Amplang Mama Ani Wulandari.*Merged.*into Amplang Mama Ani/]);
  await shot(page, '246-archive-merged-english');
});
