import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openApi } from '../db/api';
import { createHub, type Hub } from '../hub/server';
import { formatEnrollmentCode } from '../hub/store';
import { dbFileIn, expect, test } from './fixtures';
import { aSite, call, createSites, OFFICER } from './support/api';
import { openNav, setUpOffice, waitForFrame } from './support/ui';

// Issue 20, Sinkronisasi minors: before enrolment what waits is counted; it is said in records
// (usaha, kunjungan, foto/dokumen), so fifty saves of a draft are one visit; a sync that brings a
// conflict says so, and the header shows the conflict instead of turning green.

async function shot(page: Page, name: string): Promise<void> {
  await mkdir('test-results/screens', { recursive: true });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: `test-results/screens/${name}-1366.png` });
}

test('Sinkronisasi counts waiting records before enrolment, and a sync that brings a conflict says so', async ({ ikm }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'the second laptop is a plain core');
  test.setTimeout(180_000);
  const hubDir = await mkdtemp(join(tmpdir(), 'ikm-e2e-hub-'));
  const hub: Hub = createHub({ dataDir: hubDir });
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const hubUrl = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
  const codeFor = (officer: string) => formatEnrollmentCode(hub.store.createEnrollment({ officerCode: officer, regencies: [] }, new Date()));
  const bDir = await mkdtemp(join(tmpdir(), 'ikm-e2e-b-'));
  const laptopB = openApi({ dbFile: dbFileIn(bDir), hubClient: { autoTimers: false } });
  try {
    const [siteId] = await ikm.withDb(async (api) => {
      await setUpOffice(api);
      const ids = await createSites(api, [aSite({ name: 'Amplang Sinkron Jaya' }), aSite({ name: 'Kerupuk Haruan' })]);
      const draft = await call(api, 'visit.saveDraft', { siteId: ids[0], data: { kind: 'identifikasi' } });
      for (let i = 0; i < 30; i++) await call(api, 'visit.saveDraft', { id: draft.id, siteId: ids[0], data: { kind: 'identifikasi', findings: `Catatan ${i}` } });
      return ids;
    });
    const page = await ikm.page();
    await page.setViewportSize({ width: 1366, height: 768 });
    await waitForFrame(page);
    await openNav(page, 'Sinkronisasi');
    // Not enrolled yet: the work waiting is counted, in records.
    await expect(page.getByTestId('pending-count')).toContainText('2 usaha, 1 kunjungan');
    await shot(page, '248-sync-waiting-records');

    await page.getByLabel('Alamat hub').fill(hubUrl);
    await page.getByLabel('Kode pendaftaran').fill(codeFor('ANS'));
    await page.getByRole('button', { name: 'Daftarkan laptop' }).click();
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await expect(page.getByTestId('pending-count')).toHaveText('0');
    const indicator = page.getByTestId('sync-indicator');
    await expect(indicator).toHaveAttribute('data-state', 'ok');

    // A colleague's laptop takes the site, and both change its owner while apart.
    await call(laptopB, 'setup.save', { ...OFFICER, officerName: 'Budi Santoso', officerCode: 'BDI' });
    await call(laptopB, 'hubSync.enroll', { url: hubUrl, code: codeFor('BDI') });
    await call(laptopB, 'hubSync.now');
    const edited = await page.evaluate(
      ([id, site]) => (window as unknown as { ikm: { site: { update(x: unknown): Promise<{ ok: boolean }> } } }).ikm.site.update({ id, site, confirm: { duplicate: true } }),
      [siteId, aSite({ name: 'Amplang Sinkron Jaya', ownerName: 'Ani (dari A)' })] as const,
    );
    expect(edited.ok).toBe(true);
    await call(laptopB, 'site.update', { id: siteId, site: aSite({ name: 'Amplang Sinkron Jaya', ownerName: 'Ani (dari B)' }), confirm: { duplicate: true } });
    await call(laptopB, 'hubSync.now');
    await expect(page.getByTestId('pending-count')).toHaveText('1 usaha');

    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await expect(page.getByTestId('sync-done')).toContainText('Sinkronisasi ini membawa 1 konflik baru: tinjau di bawah.');
    await expect(indicator).toHaveAttribute('data-state', 'conflicts');
    await expect(indicator).toHaveText('1 konflik perlu ditinjau');
    await expect(page.getByTestId('conflict')).toHaveCount(1);
    await shot(page, '248-sync-brought-conflict');

    await page.getByRole('banner').getByRole('radio', { name: 'ID' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('sync-done')).toContainText('This sync brought 1 new conflict: review it below.');
    await expect(indicator).toHaveText('1 conflict to review');
    await shot(page, '248-sync-brought-conflict-english');
  } finally {
    laptopB.close();
    await hub.close();
    await rm(hubDir, { recursive: true, force: true });
    await rm(bDir, { recursive: true, force: true });
  }
});
