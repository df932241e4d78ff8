import { mkdir } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { expect, test } from './fixtures';
import { aSite, createSites } from './support/api';
import { openNav, setUpOffice, waitForFrame } from './support/ui';

/**
 * Sinkronisasi → "Periksa data" (sync.verify, issue 19.5): a clean database says so; after the
 * search entry of one site is removed behind the app's back, the line names the difference, in
 * Indonesian and in English. Screenshots of both at 1366×768 go to test-results/screens.
 */
test('Sinkronisasi: "Periksa data" reports a clean database, then a damaged search index, in both languages', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const [amplang] = await ikm.withDb((api) =>
    createSites(api, [aSite({ name: 'Amplang Periksa Data' }), aSite({ name: 'Kerupuk Periksa Data' }), aSite({ name: 'Batik Periksa Data' })]),
  );
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  // A search brings the index up to date, as the register does.
  await ikm.withDb((api) => api.dispatch('site.list', { text: 'periksa' }));
  await openNav(page, 'Sinkronisasi');
  const check = page.getByRole('button', { name: 'Periksa data' });
  const result = page.getByTestId('verify-result');
  await check.click();
  await expect(result).toContainText(/^Data cocok: \d+ baris diperiksa dalam [\d,]+ detik, tidak ada perbedaan\.$/);

  // Behind the app's back: one site's search entry is gone.
  const db = new Database(ikm.dbFile);
  db.prepare('DELETE FROM site_fts WHERE rowid = (SELECT rowid FROM site WHERE id = ?)').run(amplang);
  db.close();
  await check.click();
  await expect(result).toContainText('Ditemukan 1 perbedaan');
  await expect(result).toContainText('indeks pencarian 1');
  await expect(result).toContainText(`site_fts ${amplang}, (entry): tersimpan tidak ada, seharusnya ada`);
  await mkdir('test-results/screens', { recursive: true });
  await result.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/38-sync-verify-1366.png' });

  await page.getByRole('banner').getByText('EN', { exact: true }).click();
  await page.getByRole('button', { name: 'Check data' }).click();
  await expect(result).toContainText('Found 1 difference (');
  await expect(result).toContainText('search index 1');
  await expect(result).toContainText(`stored absent, expected present`);
  await result.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/39-sync-verify-english-1366.png' });
});
