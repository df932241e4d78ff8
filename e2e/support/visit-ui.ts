import { expect, type Locator, type Page } from '@playwright/test';
import type { Api } from '../../db/api';
import { aSite, call, createSites } from './api';
import { setUpOffice, waitForFrame } from './ui';

/** A date field (shows and takes 20/11/2026) by its accessible name. */
export function dateField(page: Page, name: string): Locator {
  return page.getByRole('textbox', { name, exact: true });
}

/** Types a date the way an officer does ("17/11/2026") and leaves the field, closing its calendar. */
export async function fillDate(page: Page, name: string, text: string): Promise<void> {
  const input = dateField(page, name);
  await input.fill(text);
  await input.blur();
}

/** Sets up the office and one site; returns the site id. */
export async function officeWithSite(api: Api, overrides: Parameters<typeof aSite>[0] = {}): Promise<string> {
  await setUpOffice(api);
  const [id] = await createSites(api, [aSite(overrides)]);
  return id;
}

/** The office and one site, with the app switched to English; returns the site id. */
export async function officeWithSiteInEnglish(api: Api): Promise<string> {
  const id = await officeWithSite(api);
  await call(api, 'settings.setLanguage', { language: 'en' });
  return id;
}

/** Opens "Kunjungan baru" for a site, where the kind is chosen. */
export async function openNewVisit(page: Page, siteId: string): Promise<void> {
  await waitForFrame(page);
  await page.evaluate((id) => (window.location.hash = `#/kunjungan/baru/${id}`), siteId);
}

/** Opens the site, presses "Kunjungan baru" and picks the kind; returns when the form is on screen. */
export async function startVisit(page: Page, siteId: string, kind: string): Promise<void> {
  await waitForFrame(page);
  await page.evaluate((id) => (window.location.hash = `#/usaha/${id}`), siteId);
  await page.getByRole('button', { name: 'Kunjungan baru' }).click();
  await page.getByRole('button', { name: new RegExp(`^${kind}`) }).click();
  await expect(page.getByTestId('visit-status')).toHaveText('Draf');
}

/** Waits until the autosave says "Tersimpan hh.mm". */
export async function waitSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-state')).toHaveText(/^Tersimpan \d{2}\.\d{2}$/);
}

/** The visit shown in the form, read from the database. */
export async function visitFromUrl(page: Page, api: Api) {
  const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
  return call(api, 'visit.get', { id });
}

/** Presses Finalisasi and confirms in the dialog that lists what the visit lacks. */
export async function finalizeVisit(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Finalisasi', exact: true }).click();
  await page.getByRole('dialog', { name: 'Finalisasi kunjungan?' }).getByRole('button', { name: 'Finalisasi sekarang' }).click();
}
