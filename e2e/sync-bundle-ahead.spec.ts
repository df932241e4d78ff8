import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApi } from '../db/api';
import { TestClock } from '../db/test-support';
import { expect, test } from './fixtures';
import { aSite, call, createSites, OFFICER } from './support/api';
import { loadColleagueBundle, openNav, setUpOffice, waitForFrame } from './support/ui';

/**
 * A colleague's bundle written while that laptop's clock ran 30 hours ahead (issue 19.4): the
 * changes stamped a day ahead are skipped, the rest loads, and Sinkronisasi says what was skipped
 * and why, in Indonesian and in English.
 */
test('Sinkronisasi: a bundle whose changes were stamped a day ahead loads the rest and says what it skipped', async ({ ikm }) => {
  const colleagueDir = await mkdtemp(join(tmpdir(), 'ikm-e2e-ahead-'));
  const clock = new TestClock();
  const colleague = openApi({ dbFile: join(colleagueDir, 'ikm-lapangan.sqlite'), clock });
  try {
    await call(colleague, 'setup.save', { ...OFFICER, officerName: 'Citra Dewi', officerCode: 'CTR' });
    await createSites(colleague, [aSite({ name: 'Amplang Jam Benar' })]);
    clock.offsetMs = 30 * 3600_000;
    await createSites(colleague, [aSite({ name: 'Kerupuk Jam Maju' })]);
    const { bytes, fileName } = await call(colleague, 'hubSync.exportBundle', { all: true });
    const bundlePath = join(colleagueDir, fileName);
    await writeFile(bundlePath, bytes);

    await ikm.withDb(setUpOffice);
    const page = await ikm.page();
    await page.setViewportSize({ width: 1366, height: 768 });
    await waitForFrame(page);
    await openNav(page, 'Sinkronisasi');
    await loadColleagueBundle(page, bundlePath);
    const notice = page.getByTestId('bundle-notice');
    await expect(notice).toContainText('dimuat');
    await expect(notice).toContainText(/\d+ perubahan dilewati: dicap lebih dari sehari di depan/);
    await mkdir('test-results/screens', { recursive: true });
    await page.screenshot({ path: 'test-results/screens/39-sync-bundle-ahead-1366.png' });
    // The site written at the right time is here; the one stamped a day ahead is not.
    expect((await ikm.withDb((api) => call(api, 'site.list', { text: 'Amplang Jam Benar' }))).total).toBe(1);
    expect((await ikm.withDb((api) => call(api, 'site.list', { text: 'Kerupuk Jam Maju' }))).total).toBe(0);

    await page.getByRole('banner').getByText('EN', { exact: true }).click();
    await expect(notice).toContainText(/changes? skipped: stamped more than a day ahead/);
  } finally {
    colleague.close();
    await rm(colleagueDir, { recursive: true, force: true });
  }
});
