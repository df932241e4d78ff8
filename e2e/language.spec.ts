import { expect, test } from './fixtures';
import { call } from './support/api';
import { setUpOffice, waitForFrame } from './support/ui';

test('the English switch works from the keyboard and is remembered', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await waitForFrame(page);
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('link', { name: 'Beranda' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');

  // Reach the switch with the keyboard: focus "ID", then the arrow key moves to "EN".
  await page.getByRole('banner').getByRole('radio', { name: 'ID' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(nav.getByRole('link', { name: 'Home' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'IKM businesses' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect.poll(() => ikm.withDb((api) => call(api, 'setup.get')).then((s) => s?.language)).toBe('en');

  // The schema's Indonesian messages are said in English too.
  await page.keyboard.press('Control+N');
  await page.getByRole('textbox', { name: 'Latitude', exact: true }).fill('abc');
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.getByText('Business name needs at least 2 characters')).toBeVisible();
  await expect(page.getByText('Latitude must be a decimal number, e.g. -0.5021')).toBeVisible();

  const again = await ikm.restart();
  await expect(again.getByRole('navigation').getByRole('link', { name: 'Settings' })).toBeVisible();
  await again.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await again.getByRole('main').getByText('ID', { exact: true }).click();
  await expect(again.getByRole('navigation').getByRole('link', { name: 'Pengaturan' })).toBeVisible();
});
