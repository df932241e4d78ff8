import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, type Hub } from '../hub/server';
import { formatEnrollmentCode } from '../hub/store';
import { dbFileIn, expect, test } from './fixtures';
import { launchChromiumApp } from './shells/chromium';
import { aSite, call, createSites, OFFICER } from './support/api';
import { openNav, setUpOffice, waitForFrame } from './support/ui';

/**
 * Two app shells on separate data folders and a real hub on loopback: officer A enrolls and
 * syncs from Pengaturan → Sinkronisasi, officer B's laptop receives A's records, then a bundle is
 * carried from one shell to the other the way a USB stick would.
 */
test('Sinkronisasi: enroll with a code, sync, see the state, carry a bundle to another laptop', async ({ ikm, browser }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'the second laptop is a Chromium shell');
  // Two app shells, a hub and a bundle round trip: longer than one screen's spec.
  test.setTimeout(180_000);
  const hubDir = await mkdtemp(join(tmpdir(), 'ikm-e2e-hub-'));
  const hub: Hub = createHub({ dataDir: hubDir });
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const hubUrl = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
  const codeFor = (officer: string) => formatEnrollmentCode(hub.store.createEnrollment({ officerCode: officer, regencies: [] }, new Date()));

  const bDir = await mkdtemp(join(tmpdir(), 'ikm-e2e-b-'));
  const laptopB = await launchChromiumApp(browser, dbFileIn(bDir));
  try {
    await ikm.withDb(setUpOffice);
    const [siteId] = await ikm.withDb((api) => createSites(api, [aSite({ name: 'Amplang Sinkron Jaya' })]));
    const page = await ikm.page();
    await waitForFrame(page);
    const indicator = page.getByTestId('sync-indicator');
    await expect(indicator).toHaveText('Belum tersambung ke hub');

    await openNav(page, 'Sinkronisasi');
    await expect(page.getByRole('heading', { name: 'Sinkronisasi', level: 2 })).toBeVisible();
    // A wrong code is refused in plain words and nothing is enrolled.
    await page.getByLabel('Alamat hub').fill(hubUrl);
    await page.getByLabel('Kode pendaftaran').fill('AAAA-BBBB-CCCC');
    await page.getByRole('button', { name: 'Daftarkan laptop' }).click();
    await expect(page.getByRole('alert')).toContainText('Kode pendaftaran tidak dikenal, sudah dipakai, atau kedaluwarsa');
    await page.screenshot({ path: 'test-results/sync-enroll.png' });

    await page.getByLabel('Kode pendaftaran').fill(codeFor('ANS'));
    await page.getByRole('button', { name: 'Daftarkan laptop' }).click();
    const hubCard = page.getByRole('region', { name: 'Hub kantor' });
    await expect(hubCard).toContainText(hubUrl);
    await expect(hubCard).toContainText('Seluruh provinsi');

    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await expect(page.getByTestId('pending-count')).toHaveText('0');
    await expect(page.getByTestId('last-sync')).not.toHaveText('Belum pernah');
    await expect(indicator).toHaveAttribute('data-state', 'ok');
    await expect(indicator).toContainText('Tersinkron');
    await page.screenshot({ path: 'test-results/sync-done.png' });

    // Officer B's laptop: set up, enrolled, synced; A's site is in B's register.
    await call(laptopB.api, 'setup.save', { ...OFFICER, officerName: 'Budi Santoso', officerCode: 'BDI' });
    await call(laptopB.api, 'hubSync.enroll', { url: hubUrl, code: codeFor('BDI') });
    await call(laptopB.api, 'hubSync.now');
    expect((await call(laptopB.api, 'site.get', { id: siteId })).name).toBe('Amplang Sinkron Jaya');

    // Offline, A and B change the same owner; B also registers the same IKM again.
    await ikm.withDb((api) => call(api, 'site.update', { id: siteId, site: aSite({ name: 'Amplang Sinkron Jaya', ownerName: 'Ani dari A' }) }));
    await call(laptopB.api, 'site.update', { id: siteId, site: aSite({ name: 'Amplang Sinkron Jaya', ownerName: 'Ani dari B' }) });
    await createSites(laptopB.api, [aSite({ name: 'Amplang Sinkron Jaya', ownerName: 'Ani W.' })]);
    await call(laptopB.api, 'hubSync.now');
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    const conflict = page.getByTestId('conflict');
    await expect(conflict).toHaveCount(1);
    await expect(conflict).toContainText('Amplang Sinkron Jaya');
    await expect(conflict.getByTestId('conflict-winner')).toContainText('Ani dari B');
    await expect(conflict.getByTestId('conflict-loser')).toContainText('Ani dari A');
    await expect(page.getByTestId('duplicate')).toHaveCount(1);
    await page.screenshot({ path: 'test-results/sync-review.png', fullPage: true });
    // The officer restores their own value: a new change, and the conflict is settled.
    await conflict.getByRole('button', { name: 'Pulihkan nilai lain' }).click();
    await expect(conflict).toHaveCount(0);
    expect((await ikm.withDb((api) => call(api, 'site.get', { id: siteId }))).ownerName).toBe('Ani dari A');
    // The two registrations become one.
    await page.getByTestId('duplicate').getByRole('button', { name: 'Bandingkan & gabungkan' }).click();
    const mergeDialog = page.getByRole('dialog', { name: 'Gabungkan dua pendaftaran' });
    await mergeDialog.getByRole('button', { name: 'Lanjut' }).click();
    await mergeDialog.getByRole('button', { name: 'Gabungkan', exact: true }).click();
    await expect(mergeDialog.getByTestId('merge-result')).toBeVisible();
    await mergeDialog.getByRole('button', { name: 'Tutup' }).click();
    await expect(page.getByTestId('duplicate')).toHaveCount(0);

    // The hub goes away: the error is shown in plain Indonesian, work goes on.
    await hub.close();
    await ikm.withDb((api) => createSites(api, [aSite({ name: 'Kerupuk Tanpa Sinyal' })]));
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await expect(page.getByTestId('sync-error')).toContainText('Hub tidak dapat dihubungi');
    await expect(indicator).toHaveText('Sinkronisasi gagal');
    await page.screenshot({ path: 'test-results/sync-error.png' });

    // No network at all: a bundle on a "USB stick" from A to B.
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Simpan paket sinkronisasi' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/^sinkronisasi-ans-.*\.ikmsync$/);
    const bundlePath = join(bDir, download.suggestedFilename());
    await download.saveAs(bundlePath);
    await expect(page.getByTestId('bundle-notice')).toContainText('disimpan');

    const pageB = laptopB.page;
    // B was set up through its core after its window opened: load the window again.
    await pageB.reload();
    await waitForFrame(pageB);
    await openNav(pageB, 'Sinkronisasi');
    const chooser = pageB.waitForEvent('filechooser');
    await pageB.getByRole('button', { name: 'Muat paket' }).click();
    await (await chooser).setFiles(bundlePath);
    // The hub knows A, but B alone has never seen A's key: asked once.
    await expect(pageB.getByRole('alert')).toContainText('Paket dari perangkat yang tidak dikenal');
    await pageB.screenshot({ path: 'test-results/sync-bundle-untrusted.png' });
    await pageB.getByRole('button', { name: 'Percayai perangkat ini dan muat' }).click();
    await expect(pageB.getByTestId('bundle-notice')).toContainText('Paket dari Laptop ANS dimuat');
    const onB = await call(laptopB.api, 'site.list', { text: 'Kerupuk Tanpa Sinyal' });
    expect(onB.total).toBe(1);
    await pageB.screenshot({ path: 'test-results/sync-bundle-loaded.png' });
  } finally {
    await laptopB.close();
    await hub.close().catch(() => undefined);
    await rm(hubDir, { recursive: true, force: true });
    await rm(bDir, { recursive: true, force: true });
  }
});
