import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { aSite, createSites, PLACES } from './support/api';
import { field, openNav, pick, setUpOffice, waitForFrame } from './support/ui';

/** The area between the fixed header and the sticky action bar, in viewport pixels. */
async function clearArea(page: Page): Promise<{ top: number; bottom: number }> {
  const header = await page.getByRole('banner').boundingBox();
  const bar = await page.getByTestId('form-action-bar').boundingBox();
  return { top: header!.y + header!.height, bottom: bar!.y };
}

/** The field's label and input, as a box. */
async function fieldBox(input: Locator) {
  return input.evaluate((el) => {
    const wrapper = el.closest('.mantine-InputWrapper-root') ?? el;
    const r = wrapper.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom };
  });
}

test('the first field with an error and fields reached by Tab are fully visible under the sticky bars', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await page.keyboard.press('Control+N');
  await field(page, 'Nama usaha').fill('Kerupuk Ikan Pak Budi');
  await field(page, 'NIB').fill('12345abc');
  // Saving from the bottom of the form: the cursor goes up to the NIB.
  await field(page, 'Catatan').scrollIntoViewIfNeeded();
  await page.getByRole('button', { name: /^Simpan/ }).click();
  await expect(field(page, 'NIB')).toBeFocused();
  const area = await clearArea(page);
  const nib = await fieldBox(field(page, 'NIB'));
  expect(nib.top).toBeGreaterThanOrEqual(area.top);
  expect(nib.bottom).toBeLessThanOrEqual(area.bottom);

  // From the top, Tab through the form: every field it reaches is shown whole.
  await page.keyboard.press('Control+Home');
  await field(page, 'Nama usaha').focus();
  for (let i = 0; i < 24; i++) {
    await page.keyboard.press('Tab');
    const box = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el.closest('[data-testid="form-action-bar"]') || !el.closest('form')) return null;
      const r = (el.closest('.mantine-InputWrapper-root') ?? el).getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, name: el.getAttribute('aria-label') ?? el.id };
    });
    if (!box) continue;
    expect(box.top, `${box.name} under the header`).toBeGreaterThanOrEqual(area.top - 1);
    expect(box.bottom, `${box.name} under the action bar`).toBeLessThanOrEqual(area.bottom + 1);
  }
});

test('filters show whole names and the navigation does not wrap, in both languages', async ({ ikm }) => {
  await ikm.withDb(async (api) => {
    await setUpOffice(api);
    await createSites(api, [aSite({ villageCode: PLACES.marangKayu.village })]);
  });
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await openNav(page, 'Usaha IKM');
  const regency = page.getByRole('combobox', { name: 'Kabupaten/kota' });
  await pick(page, regency, 'Kab. Kutai Kartanegara');
  const cut = (input: Locator) => input.evaluate((el: HTMLInputElement) => el.scrollWidth > el.clientWidth);
  expect(await cut(regency)).toBe(false);

  await openNav(page, 'Kunjungan');
  const kind = page.getByRole('combobox', { name: 'Jenis kunjungan' });
  await pick(page, kind, 'Inventarisasi');
  expect(await cut(kind)).toBe(false);
  const officer = page.getByRole('searchbox', { name: 'Petugas', exact: true });
  expect((await officer.boundingBox())!.width).toBeGreaterThan(120);

  for (const language of ['ID', 'EN']) {
    await page.getByText(language, { exact: true }).click();
    const links = page.getByRole('navigation').first().getByRole('link');
    for (const link of await links.all()) {
      const label = link.locator('.mantine-NavLink-label');
      const lines = await label.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
      expect(lines, `${await label.textContent()} on one line`).toBe(1);
    }
  }
  await page.screenshot({ path: test.info().outputPath('visit-log-filters.png') });
});
