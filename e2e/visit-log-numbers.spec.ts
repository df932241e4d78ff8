import { mkdir } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { aSite, call, createSites, OFFICER, PLACES } from './support/api';
import { setUpOffice, waitForFrame } from './support/ui';
import { fillDate } from './support/visit-ui';

// Issue 20, major 2: the part of a visit number that tells visits apart (its tail) was cut in the
// log, the log's search did not find a visit by that tail, and a long site name was cut on its page.

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1280, height: 720 },
];
const LONG_NAME = 'Anyaman Rotan Bunga Tanjung Harapan Tenggarong Seberang Kutai Kartanegara';

async function shot(page: Page, name: string): Promise<void> {
  await mkdir('test-results/screens', { recursive: true });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: `test-results/screens/${name}.png` });
}

/** The header's ID/EN switch, from the keyboard (its radios are drawn as a segmented control). */
async function switchLanguage(page: Page, to: 'id' | 'en'): Promise<void> {
  await page.getByRole('banner').getByRole('radio', { name: to === 'en' ? 'ID' : 'EN' }).focus();
  await page.keyboard.press(to === 'en' ? 'ArrowRight' : 'ArrowLeft');
  await expect(page.locator('html')).toHaveAttribute('lang', to);
}

/** Whether the element shows its whole text: nothing hidden behind an ellipsis or the edge. */
async function shownWhole(cell: Locator): Promise<{ text: string; cut: boolean }> {
  return cell.evaluate((el) => ({ text: el.textContent ?? '', cut: el.scrollWidth > el.clientWidth }));
}

test('the visit log shows whole visit numbers at 1366 and 1280 in both languages, finds a visit by the tail of its number, and a long site name wraps on its page', async ({ ikm }) => {
  // The widest numbers the app gives: a five-letter officer code.
  const { siteId, shortId, numbers, ids } = await ikm.withDb(async (api) => {
    await call(api, 'setup.save', { ...OFFICER, officerCode: 'ANISU' });
    await call(api, 'settings.setOffice', { signaturesRequired: false });
    const [siteId, shortId] = await createSites(api, [aSite({ name: LONG_NAME }), aSite({ name: 'Rotan Jaya', villageCode: PLACES.balikpapan.village })]);
    const numbers: string[] = [];
    const ids: string[] = [];
    for (const visitDate of ['2026-11-10', '2026-11-12']) {
      const draft = await call(api, 'visit.saveDraft', { siteId, data: { kind: 'evaluasi', visitDate } as never });
      numbers.push(draft.number);
      ids.push(draft.id);
    }
    return { siteId, shortId, numbers, ids };
  });
  const [first, second] = numbers;
  expect(second).toMatch(/^ANISU\/\d{4}\/[0-9A-Z]{3}-0002$/);

  const page = await ikm.page();
  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Kunjungan' }).click();
  const cells = page.getByTestId('visit-number');
  await expect(cells).toHaveText([second, first]);

  for (const language of ['id', 'en'] as const) {
    if (language === 'en') {
      await switchLanguage(page, 'en');
    }
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const [i, number] of [second, first].entries()) {
        await expect.poll(() => shownWhole(cells.nth(i)), `${number} at ${size.width} (${language})`).toEqual({ text: number, cut: false });
      }
      await shot(page, `61-visit-log-numbers-${language}-${size.width}`);
    }
  }

  // The search finds a visit by the tail of its number, as printed on its form.
  await page.setViewportSize(SIZES[0]);
  const search = page.getByRole('searchbox', { name: 'Search business or visit number' });
  const tail = second.split('/')[2];
  await search.fill(tail);
  await expect(cells).toHaveText([second]);
  await expect(page.getByTestId('visit-count')).toHaveText('1 visit');
  await search.fill('0001');
  await expect(cells).toHaveText([first]);
  await shot(page, '61-visit-log-search-tail-en-1366');

  // The site's own page: its long name wraps under the heading, whole.
  await page.evaluate((id) => (window.location.hash = `#/usaha/${id}`), siteId);
  const heading = page.getByRole('heading', { level: 2, name: LONG_NAME });
  await expect(heading).toBeVisible();
  for (const language of ['en', 'id'] as const) {
    if (language === 'id') {
      await switchLanguage(page, 'id');
    }
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await expect.poll(() => shownWhole(heading), `site name at ${size.width} (${language})`).toEqual({ text: LONG_NAME, cut: false });
      // Its visit history shows the whole numbers too.
      const timeline = page.getByTestId('timeline-visit-number');
      await expect(timeline).toHaveCount(2);
      for (const i of [0, 1]) expect(await shownWhole(timeline.nth(i)), `history at ${size.width}`).toMatchObject({ cut: false });
      await shot(page, `62-site-long-name-${language}-${size.width}`);
    }
  }

  // The visit's own page: "Evaluasi · <the long name>" wraps, whole.
  await page.evaluate((id) => (window.location.hash = `#/kunjungan/${id}`), ids[1]);
  const visitHeading = page.getByRole('heading', { level: 2, name: `Evaluasi · ${LONG_NAME}` });
  await expect(visitHeading).toBeVisible();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expect.poll(() => shownWhole(visitHeading), `visit heading at ${size.width}`).toEqual({ text: `Evaluasi · ${LONG_NAME}`, cut: false });
    await shot(page, `64-visit-long-site-name-id-${size.width}`);
  }

  // Beranda's open drafts: whole numbers.
  await page.getByRole('navigation').getByRole('link', { name: 'Beranda' }).click();
  const drafts = page.getByTestId('draft-visit-number');
  await expect(drafts).toHaveCount(2);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const i of [0, 1]) expect(await shownWhole(drafts.nth(i)), `open drafts at ${size.width}`).toMatchObject({ cut: false });
    await shot(page, `65-home-open-drafts-id-${size.width}`);
  }

  // A short name keeps the buttons beside it, on the heading's line.
  await page.evaluate((id) => (window.location.hash = `#/usaha/${id}`), shortId);
  const short = page.getByRole('heading', { level: 2, name: 'Rotan Jaya' });
  const edit = page.getByRole('button', { name: 'Ubah', exact: true });
  await expect(edit).toBeVisible();
  const [headingBox, editBox] = [await short.boundingBox(), await edit.boundingBox()];
  expect(editBox!.y).toBeLessThan(headingBox!.y + headingBox!.height);
  await shot(page, '62-site-short-name-id-1280');
});

test('the log’s filter rows do not move when a date filter shows its message (1366 and 1280, id and en)', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await page.setViewportSize(SIZES[0]);
  await waitForFrame(page);
  await page.evaluate(() => (window.location.hash = '#/kunjungan'));
  const officer = page.getByRole('searchbox', { name: 'Petugas' });
  await expect(officer).toBeVisible();
  const before = (await officer.boundingBox())!.y;

  await fillDate(page, 'Sampai tanggal', '19/11/2026');
  await fillDate(page, 'Dari tanggal', '25/11/2026');
  const from = page.getByRole('textbox', { name: 'Dari tanggal', exact: true });
  await expect(from).toHaveAccessibleDescription('Tanggal tidak boleh setelah 19/11/2026.');
  await expect(page.getByText('Tanggal tidak boleh setelah 19/11/2026.')).toBeVisible();
  expect((await officer.boundingBox())!.y).toBe(before);
  await shot(page, '63-visit-log-date-message-id-1366');
  await page.setViewportSize(SIZES[1]);
  await expect(page.getByText('Tanggal tidak boleh setelah 19/11/2026.')).toBeInViewport({ ratio: 1 });
  await shot(page, '63-visit-log-date-message-id-1280');

  await page.setViewportSize(SIZES[0]);
  await switchLanguage(page, 'en');
  await fillDate(page, 'From date', '26/11/2026');
  await expect(page.getByText('The date cannot be after 19/11/2026.')).toBeVisible();
  expect((await page.getByRole('searchbox', { name: 'Officer' }).boundingBox())!.y).toBe(before);
  await shot(page, '63-visit-log-date-message-en-1366');
});
