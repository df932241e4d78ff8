import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Api } from '../db/api';
import type { JobProgress } from '../db/model/job';
import { expect, test } from './fixtures';
import { aSite, call, createSites } from './support/api';
import { setUpOffice, siteRows, waitForFrame } from './support/ui';

const SCREENS = 'test-results/screens';

/** A 1366×768 screenshot for people to look at (issue 21's range: 150–159). */
async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENS, { recursive: true });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: `${SCREENS}/${name}-1366.png` });
}

/** A backup made over a seeding connection (what the app does when it closes). */
async function backUp(api: Api): Promise<string> {
  let progress = (await call(api, 'backup.create')) as JobProgress;
  while (progress.state === 'running') progress = await call(api, 'job.watch', { id: progress.id, after: progress.seq });
  if (progress.state !== 'done') throw new Error(`backup ${progress.state}`);
  return (progress.result as { id: string }).id;
}

test('Pengaturan: "Cadangkan sekarang" makes a backup with its progress, "Pulihkan" brings it back and keeps the current file aside', async ({ ikm }) => {
  // Two app starts (before and after the restore) and a language switch: slow on a busy machine.
  test.setTimeout(240_000);
  await ikm.withDb(async (api) => {
    await setUpOffice(api);
    await createSites(api, [aSite({ name: 'Amplang Mama Ani' })]);
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();
  const card = page.getByRole('region', { name: 'Cadangan data' });
  await expect(card.getByTestId('backup-none')).toBeVisible();
  // Tentang says where the log files are, for IT.
  await expect(page.getByRole('region', { name: 'Tentang aplikasi' }).getByTestId('log-folder')).toHaveText(join(ikm.dataDir, 'logs'));

  await card.getByRole('button', { name: 'Cadangkan sekarang' }).click();
  await expect(card.getByTestId('backup-done')).toHaveText('Cadangan dibuat, dengan 0 berkas lampiran.');
  await expect(card.getByTestId('backup-row')).toHaveCount(1);
  await expect(card.getByTestId('backup-folder')).toHaveText(join(ikm.dataDir, 'backups'));
  await card.scrollIntoViewIfNeeded();
  await shoot(page, '150-backup-card');

  // Work after the backup, then the backup is restored (keyboard: Tab to the button, Enter).
  await ikm.withDb((api) => createSites(api, [aSite({ name: 'Kerupuk Haruan Pak Udin', ownerName: 'Udin' })]));
  const restore = card.getByRole('button', { name: /^Pulihkan cadangan / });
  await restore.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Pulihkan cadangan?' });
  await expect(dialog).toContainText('Berkas data yang sekarang tidak dihapus');
  await shoot(page, '151-restore-confirm');
  await dialog.getByRole('button', { name: 'Ya, pulihkan' }).click();
  await expect(dialog.getByTestId('restore-done')).toContainText('Data dipulihkan dari cadangan');
  await shoot(page, '152-restore-done');
  await dialog.getByRole('button', { name: 'Lanjutkan' }).click();

  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Usaha IKM' }).click();
  await expect(siteRows(page)).toHaveCount(1);
  await expect(siteRows(page).first()).toContainText('Amplang Mama Ani');
  const aside = readdirSync(join(ikm.dataDir, 'set-aside'));
  expect(aside).toHaveLength(1);
  expect(existsSync(join(ikm.dataDir, 'set-aside', aside[0], 'ikm-lapangan.sqlite'))).toBe(true);

  // The same card in English.
  await ikm.withDb((api) => call(api, 'settings.setLanguage', { language: 'en' }));
  await page.reload();
  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  const cardEn = page.getByRole('region', { name: 'Data backups' });
  await expect(cardEn.getByTestId('backup-row')).toHaveCount(1);
  await cardEn.scrollIntoViewIfNeeded();
  await shoot(page, '153-backup-card-en');
  await cardEn.getByRole('button', { name: /^Restore the backup of / }).click();
  await expect(page.getByRole('dialog', { name: 'Restore this backup?' })).toBeVisible();
  await shoot(page, '154-restore-confirm-en');
});

test('a damaged data file opens to a clear screen that restores the latest good backup; the damaged file is kept', async ({ ikm }) => {
  await ikm.withDb(async (api) => {
    await setUpOffice(api);
    await createSites(api, [aSite({ name: 'Amplang Mama Ani' })]);
    await backUp(api);
  });
  // A run of sectors in the middle of the file is overwritten (a bad disk, a pulled drive).
  const bytes = readFileSync(ikm.dbFile);
  bytes.fill(0x5a, 4096 * 3, 4096 * 6);
  writeFileSync(ikm.dbFile, bytes);

  const page = await ikm.page();
  await expect(page.getByRole('heading', { name: 'Berkas data rusak' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('berkas yang rusak disimpan untuk petugas TI kantor');
  await expect(page.getByTestId('damaged-file')).toHaveText(ikm.dbFile);
  await expect(page.getByTestId('backup-row')).toHaveCount(1);
  await shoot(page, '155-damaged');
  await page.getByRole('radio', { name: 'ID' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('heading', { name: 'The data file is damaged' })).toBeVisible();
  await shoot(page, '156-damaged-en');
  await page.getByRole('radio', { name: 'EN' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('heading', { name: 'Berkas data rusak' })).toBeVisible();

  await page.getByRole('button', { name: /^Pulihkan cadangan / }).click();
  const dialog = page.getByRole('dialog', { name: 'Pulihkan cadangan?' });
  await dialog.getByRole('button', { name: 'Ya, pulihkan' }).click();
  await expect(dialog.getByTestId('restore-done')).toBeVisible();
  await dialog.getByRole('button', { name: 'Lanjutkan' }).click();
  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Usaha IKM' }).click();
  await expect(siteRows(page).first()).toContainText('Amplang Mama Ani');

  const aside = readdirSync(join(ikm.dataDir, 'set-aside'));
  expect(aside).toEqual([expect.stringMatching(/-damaged$/)]);
  expect(readFileSync(join(ikm.dataDir, 'set-aside', aside[0], 'ikm-lapangan.sqlite')).equals(bytes)).toBe(true);
});
