import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, type Hub } from '../hub/server';
import { formatEnrollmentCode } from '../hub/store';
import { dbFileIn, expect, test } from './fixtures';
import { launchChromiumApp } from './shells/chromium';
import { aSite, call, createSites, OFFICER } from './support/api';
import { openNav, setUpOffice, siteRows, waitForFrame } from './support/ui';

/**
 * Issue 8, item 5: a site or a visit with an open conflict carries a mark in its list row and a
 * notice on its page, and the notice links to that conflict on Sinkronisasi. Officer A (the app
 * in the browser) and officer B (a second shell) change the same owner and the same visit date
 * offline, then both sync through a real hub on loopback.
 */
test('a site and a visit with an open conflict are marked, and the mark leads to the conflict', async ({ ikm, browser }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'the second laptop is a Chromium shell');
  test.setTimeout(120_000);
  const hubDir = await mkdtemp(join(tmpdir(), 'ikm-e2e-hub-'));
  const hub: Hub = createHub({ dataDir: hubDir });
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const hubUrl = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
  const codeFor = (officer: string) => formatEnrollmentCode(hub.store.createEnrollment({ officerCode: officer, regencies: [] }, new Date()));
  const laptopB = await launchChromiumApp(browser, dbFileIn(await mkdtemp(join(tmpdir(), 'ikm-e2e-b-'))));
  try {
    await ikm.withDb(setUpOffice);
    const [siteId] = await ikm.withDb((api) =>
      createSites(api, [aSite({ name: 'Amplang Dua Petugas' }), aSite({ name: 'Kerupuk Tenang', ownerName: 'Pak Udin' })]),
    );
    const visit = await ikm.withDb((api) => call(api, 'visit.saveDraft', { siteId, data: { kind: 'identifikasi', visitDate: '2026-11-10' } }));
    await ikm.withDb((api) => call(api, 'hubSync.enroll', { url: hubUrl, code: codeFor('ANS') }));
    await ikm.withDb((api) => call(api, 'hubSync.now'));
    await call(laptopB.api, 'setup.save', { ...OFFICER, officerName: 'Budi Santoso', officerCode: 'BDI' });
    await call(laptopB.api, 'hubSync.enroll', { url: hubUrl, code: codeFor('BDI') });
    await call(laptopB.api, 'hubSync.now');

    // Offline, both change the same owner and the same visit date; B syncs first.
    await ikm.withDb((api) => call(api, 'site.update', { id: siteId, site: aSite({ name: 'Amplang Dua Petugas', ownerName: 'Ani dari A' }) }));
    await ikm.withDb((api) => call(api, 'visit.saveDraft', { id: visit.id, siteId, data: { kind: 'identifikasi', visitDate: '2026-11-11' } }));
    await call(laptopB.api, 'site.update', { id: siteId, site: aSite({ name: 'Amplang Dua Petugas', ownerName: 'Ani dari B' }) });
    await call(laptopB.api, 'visit.saveDraft', { id: visit.id, siteId, data: { kind: 'identifikasi', visitDate: '2026-11-12' } });
    await call(laptopB.api, 'hubSync.now');

    const page = await ikm.page();
    await waitForFrame(page);
    await openNav(page, 'Sinkronisasi');
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await expect(page.getByTestId('conflict')).toHaveCount(2);

    // The register: the site's row has the mark, the other row has none.
    await openNav(page, 'Usaha IKM');
    const marked = siteRows(page).filter({ hasText: 'Amplang Dua Petugas' });
    await expect(marked.getByTestId('conflict-mark')).toBeVisible();
    await expect(marked.getByTestId('conflict-mark')).toHaveAccessibleName('Ada konflik sinkronisasi');
    await expect(siteRows(page).filter({ hasText: 'Kerupuk Tenang' }).getByTestId('conflict-mark')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/conflict-mark-sites.png' });

    // The site's page: the notice, and the visit's row in its history is marked too.
    await marked.click();
    await expect(page.getByRole('heading', { name: 'Amplang Dua Petugas', level: 2 })).toBeVisible();
    const notice = page.getByTestId('conflict-notice');
    await expect(notice).toContainText('Usaha ini punya konflik sinkronisasi');
    await expect(page.getByRole('list', { name: 'Riwayat kunjungan' }).getByTestId('conflict-mark')).toHaveCount(1);
    await page.screenshot({ path: 'test-results/conflict-mark-site.png' });

    // The link opens Sinkronisasi at that conflict: the owner's, marked as the one asked for.
    await notice.getByTestId('conflict-link').click();
    const focused = page.locator('[data-testid="conflict"][data-focused]');
    await expect(focused).toHaveCount(1);
    await expect(focused).toContainText('Ani dari B');
    await expect(focused).toBeInViewport();
    await page.screenshot({ path: 'test-results/conflict-mark-focused.png' });

    // The visit log row and the visit's page; its link leads to the visit date's conflict.
    await openNav(page, 'Kunjungan');
    const visitRow = page.getByRole('option').filter({ hasText: 'Amplang Dua Petugas' });
    await expect(visitRow.getByTestId('conflict-mark')).toBeVisible();
    await page.screenshot({ path: 'test-results/conflict-mark-visits.png' });
    await visitRow.click();
    await expect(page.getByTestId('visit-number')).toBeVisible();
    await expect(page.getByTestId('conflict-notice')).toContainText('Kunjungan ini punya konflik sinkronisasi');
    await page.screenshot({ path: 'test-results/conflict-mark-visit.png' });
    await page.getByTestId('conflict-link').click();
    await expect(page.locator('[data-testid="conflict"][data-focused]')).toContainText('2026');

    // Settled: the marks go away.
    for (let i = 0; i < 2; i++) await page.getByTestId('conflict').first().getByRole('button', { name: 'Pertahankan' }).click();
    await expect(page.getByTestId('conflict')).toHaveCount(0);
    await openNav(page, 'Usaha IKM');
    await expect(siteRows(page).filter({ hasText: 'Kerupuk Tenang' })).toBeVisible();
    await expect(page.getByTestId('conflict-mark')).toHaveCount(0);
  } finally {
    await laptopB.close();
    await hub.close();
  }
});
