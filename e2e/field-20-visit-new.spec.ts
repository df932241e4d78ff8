import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openNav, waitForFrame } from './support/ui';
import { officeWithSite } from './support/visit-ui';

// Issue 20, Kunjungan baru minors: the site list opens over nothing it hides (not over the
// "Daftarkan unit baru" card); an opened visit puts the focus in its first field; "Tambah bahan
// baku" puts it in the new row; a skip link is the first Tab stop.

async function shot(page: Page, name: string): Promise<void> {
  await mkdir('test-results/screens', { recursive: true });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: `test-results/screens/${name}-1366.png` });
}

test('Kunjungan baru: the list leaves the new-unit card visible; focus follows opening and adding; a skip link', async ({ ikm }) => {
  test.setTimeout(150_000);
  await ikm.withDb((api) => officeWithSite(api));
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);

  // The first Tab stop is the skip link; it takes the focus to the page.
  await page.reload();
  await waitForFrame(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Langsung ke isi halaman' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await shot(page, '249-skip-link');
  await page.keyboard.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();

  await openNav(page, 'Kunjungan');
  await page.evaluate(() => (window.location.hash = '#/kunjungan/baru'));
  const search = page.getByRole('combobox', { name: 'Cari usaha' });
  await search.fill('Amplang');
  const list = page.getByRole('listbox');
  await expect(list.getByRole('option')).toHaveCount(1);
  const card = page.getByRole('button', { name: 'Daftarkan unit baru' });
  const [listBox, cardBox] = [await list.boundingBox(), await card.boundingBox()];
  const overlaps = !!listBox && !!cardBox && listBox.x < cardBox.x + cardBox.width && cardBox.x < listBox.x + listBox.width && listBox.y < cardBox.y + cardBox.height && cardBox.y < listBox.y + listBox.height;
  expect(overlaps, 'the site list does not cover the new-unit button').toBe(false);
  await shot(page, '249-visit-new-dropdown');
  await list.getByRole('option').first().click();
  await page.getByRole('button', { name: /^Inventarisasi/ }).click();
  await expect(page.getByTestId('visit-status')).toHaveText('Draf');
  // Opened: the focus is in the form's first field, not on the page body.
  await expect(page.locator('#bagian-umum input:focus, #bagian-umum textarea:focus')).toHaveCount(1);

  await page.getByRole('button', { name: 'Tambah bahan baku' }).click();
  await expect(page.getByRole('textbox', { name: 'Bahan baku' }).first()).toBeFocused();
  await page.keyboard.type('Ikan pipih');
  await page.getByRole('button', { name: 'Tambah bahan baku' }).click();
  await expect(page.getByRole('textbox', { name: 'Bahan baku' }).nth(1)).toBeFocused();
  await shot(page, '249-raw-material-focus');

  // In English, the skip link and the new-visit screen.
  await page.getByRole('banner').getByRole('radio', { name: 'ID' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.evaluate(() => (window.location.hash = '#/kunjungan/baru'));
  await page.getByRole('combobox', { name: 'Search businesses' }).fill('Amplang');
  await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(1);
  await shot(page, '249-visit-new-dropdown-english');
  await openNav(page, 'Home');
  await page.reload();
  await waitForFrame(page);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the page content' })).toBeFocused();
  await shot(page, '249-skip-link-english');
});
