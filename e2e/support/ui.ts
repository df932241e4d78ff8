import { expect, type Locator, type Page } from '@playwright/test';
import type { Api } from '../../db/api';
import { call, OFFICER } from './api';

/** Chooses `option` in the Mantine select labelled `label` (opened with a click, as an officer would). */
export async function pick(page: Page, label: string | Locator, option: string): Promise<void> {
  const input = typeof label === 'string' ? page.getByRole('combobox', { name: label, exact: true }) : label;
  await input.click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(input).toHaveValue(option);
}

/** A text field by its accessible name (the label without the required-field asterisk). */
export function field(page: Page, name: string): Locator {
  return page.getByRole('textbox', { name, exact: true });
}

/** A pick list by its accessible name. */
export function combo(page: Page, name: string): Locator {
  return page.getByRole('combobox', { name, exact: true });
}

/** The register's list box and its rows. */
export function siteList(page: Page): Locator {
  return page.getByRole('listbox', { name: /Daftar usaha IKM|IKM businesses/ });
}

export function siteRows(page: Page): Locator {
  return siteList(page).getByRole('option');
}

/** Sets up the office through the API, as if the first-run form had been filled yesterday. */
export async function setUpOffice(api: Api): Promise<void> {
  await call(api, 'setup.save', OFFICER);
  // Signatures are required by default (see visit-finalize.spec.ts); other specs finalize without them.
  await call(api, 'settings.setOffice', { signaturesRequired: false });
}

/** Waits until the app frame is on screen (setup done, reference data loaded). */
export async function waitForFrame(page: Page): Promise<void> {
  // Starting the app (bundle, database, reference data) is the slowest step on a busy machine.
  await expect(page.getByTestId('officer-code')).toBeVisible({ timeout: 30_000 });
}

/** Goes to a screen through the navigation, the way a person would. */
export async function openNav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name }).click();
}

/** On Sinkronisasi: loads a colleague's bundle file by "Muat paket", trusting its unknown laptop once. */
export async function loadColleagueBundle(page: Page, bundlePath: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Muat paket' }).click();
  await (await chooser).setFiles(bundlePath);
  await page.getByRole('button', { name: 'Percayai perangkat ini dan muat' }).click();
}
