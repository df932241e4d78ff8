import type { Page } from '@playwright/test';
import { expect, test, type IkmApp } from './fixtures';
import { setUpOffice, waitForFrame } from './support/ui';
import {
  dateField,
  fillDate,
  officeWithSite,
  officeWithSiteInEnglish,
  openNewVisit,
  startVisit,
  visitFromUrl,
  waitSaved,
} from './support/visit-ui';

test.describe.configure({ timeout: 60_000 });

/** The visit date as the database has it after the autosave. */
async function savedVisitDate(page: Page, ikm: IkmApp): Promise<string | null> {
  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  return (visit.data as { visitDate?: string | null }).visitDate ?? null;
}

const ddmmyyyy = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;

/** Today's calendar day in Asia/Makassar, as a UTC midnight Date (read it with getUTC*). */
function makassarToday(): Date {
  return new Date(`${new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Makassar' })}T00:00:00Z`);
}

test('a typed date: 20-11-2026 is saved as 2026-11-20; unreadable or future text shows a message and keeps no date', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api));
  const page = await ikm.page();
  await startVisit(page, siteId, 'Identifikasi');
  const date = dateField(page, 'Tanggal kunjungan');

  await fillDate(page, 'Tanggal kunjungan', '20-11-2026');
  await expect(date).toHaveValue('20/11/2026');
  await waitSaved(page);
  await expect.poll(() => savedVisitDate(page, ikm)).toBe('2026-11-20');

  // 31 February does not exist: the text stays with a message, and the old date is not kept behind it.
  await fillDate(page, 'Tanggal kunjungan', '31/02/2026');
  await expect(date).toHaveValue('31/02/2026');
  await expect(date).toHaveAttribute('aria-invalid', 'true');
  await expect(date).toHaveAccessibleDescription('Tanggal tidak dikenali. Tulis seperti 20/11/2026.');
  await waitSaved(page);
  await expect.poll(() => savedVisitDate(page, ikm)).toBeFalsy();

  // A visit cannot be in the future: "today" is the app's day in Makassar (the test browser's time
  // zone), not the test runner's (UTC on CI, where after 16:00 it is already tomorrow in WITA).
  const today = makassarToday();
  const tomorrow = new Date(today.getTime() + 86_400_000);
  await fillDate(page, 'Tanggal kunjungan', ddmmyyyy(tomorrow));
  await expect(date).toHaveAccessibleDescription(`Tanggal tidak boleh setelah ${ddmmyyyy(today)}.`);
  await expect.poll(() => savedVisitDate(page, ikm)).toBeFalsy();

  // Fixing the text clears the message at once; "17 November 2026" is read too.
  await fillDate(page, 'Tanggal kunjungan', '17 November 2026');
  await expect(date).not.toHaveAttribute('aria-invalid', 'true');
  await expect(date).toHaveValue('17/11/2026');
  await expect.poll(() => savedVisitDate(page, ikm)).toBe('2026-11-17');

  // The clear button empties the field and the stored date.
  await page.getByRole('button', { name: 'Hapus tanggal' }).click();
  await expect(date).toHaveValue('');
  await expect.poll(() => savedVisitDate(page, ikm)).toBeFalsy();
});

test('the calendar is in Indonesian and a day is picked with the keyboard alone', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api));
  const page = await ikm.page();
  // The calendar's "today" is the window's: fixed, so the days after it are the same on every run.
  await page.clock.setFixedTime(new Date('2026-11-25T09:00:00+08:00'));
  await page.setViewportSize({ width: 1366, height: 768 });
  await startVisit(page, siteId, 'Identifikasi');
  const date = dateField(page, 'Tanggal kunjungan');
  await fillDate(page, 'Tanggal kunjungan', '20/11/2026');

  // ArrowDown opens the calendar on the chosen day.
  await date.focus();
  await page.keyboard.press('ArrowDown');
  const chosen = page.getByRole('button', { name: '20 November 2026', exact: true });
  await expect(chosen).toBeFocused();
  await expect(page.getByRole('button', { name: 'Pilih bulan' })).toHaveText('November 2026');
  const weekdays = page.locator('[data-dates-dropdown] thead th');
  await expect(weekdays).toHaveText(['Sen', 'Sel', 'Rab', 'Kam', 'Jum', 'Sab', 'Min']);
  // Days after today are not offered for a visit date.
  await expect(page.getByRole('button', { name: '30 November 2026', exact: true })).toBeDisabled();
  await page.screenshot({ path: 'test-results/date-field-calendar.png' });

  // Left arrow, Enter: 19 November, and the focus is back in the field.
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('button', { name: '19 November 2026', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(date).toHaveValue('19/11/2026');
  await expect(date).toBeFocused();
  await expect(page.locator('[data-dates-dropdown]')).toBeHidden();
  await waitSaved(page);
  await expect.poll(() => savedVisitDate(page, ikm)).toBe('2026-11-19');

  // PageUp goes back a month; Escape leaves the calendar without changing anything.
  const nineteenth = page.getByRole('button', { name: '19 November 2026', exact: true });
  await page.keyboard.press('ArrowDown');
  await expect(nineteenth).toBeFocused();
  await page.keyboard.press('PageUp');
  await expect(page.getByRole('button', { name: '19 Oktober 2026', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(date).toBeFocused();
  await expect(date).toHaveValue('19/11/2026');
  await page.keyboard.press('ArrowDown');
  await expect(nineteenth).toBeFocused();
  await page.keyboard.press('PageUp');
  await expect(page.getByRole('button', { name: '19 Oktober 2026', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(date).toHaveValue('19/10/2026');
  await expect.poll(() => savedVisitDate(page, ikm)).toBe('2026-10-19');
});

test('the visit log date filters take typed dates and say when "Dari" is after "Sampai"', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await page.evaluate(() => (window.location.hash = '#/kunjungan'));

  await fillDate(page, 'Sampai tanggal', '19.11.2026');
  await expect(dateField(page, 'Sampai tanggal')).toHaveValue('19/11/2026');
  await fillDate(page, 'Dari tanggal', '25/11/2026');
  await expect(dateField(page, 'Dari tanggal')).toHaveAccessibleDescription('Tanggal tidak boleh setelah 19/11/2026.');
  await fillDate(page, 'Dari tanggal', '11/11/2026');
  await expect(dateField(page, 'Dari tanggal')).not.toHaveAttribute('aria-invalid', 'true');
  await dateField(page, 'Dari tanggal').click();
  await expect(page.getByRole('button', { name: '11 November 2026', exact: true })).toBeVisible();
  await expect(page.locator('[data-dates-dropdown]')).toHaveCSS('opacity', '1');
  await page.screenshot({ path: 'test-results/visit-log-date-filters.png' });
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Hapus filter' }).click();
  await expect(dateField(page, 'Dari tanggal')).toHaveValue('');
  await expect(dateField(page, 'Sampai tanggal')).toHaveValue('');
});

test('in English the calendar has English month and day names', async ({ ikm }) => {
  const siteId = await ikm.withDb(officeWithSiteInEnglish);
  const page = await ikm.page();
  await openNewVisit(page, siteId);
  await page.getByRole('button', { name: /^Identification/ }).click();
  await fillDate(page, 'Visit date', '20/11/2026');
  await dateField(page, 'Visit date').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('button', { name: '20 November 2026', exact: true })).toBeFocused();
  await expect(page.locator('[data-dates-dropdown] thead th')).toHaveText(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
});
