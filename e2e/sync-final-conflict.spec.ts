import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApi } from '../db/api';
import { anInventarisasi } from '../db/test-support';
import { expect, test } from './fixtures';
import { aSite, call, createSites, OFFICER } from './support/api';
import { loadColleagueBundle, openNav, setUpOffice, waitForFrame } from './support/ui';

const photo = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'db', 'test-fixtures', 'photo-gps.jpg')));

/**
 * Final is final (issue 19.1), as the officer sees it: officer A (the app) finalizes a visit while
 * a colleague, who had the draft by USB bundle, still edits its findings and adds a photo. The
 * colleague's bundle does not change the final visit; Sinkronisasi lists both draft edits as
 * conflicts, and restoring the findings is an amendment with a revision.
 */
test('Sinkronisasi: draft edits made after the visit was finalized are conflicts; restoring one is an amendment', async ({ ikm }) => {
  const colleagueDir = await mkdtemp(join(tmpdir(), 'ikm-e2e-final-'));
  const colleague = openApi({ dbFile: join(colleagueDir, 'ikm-lapangan.sqlite') });
  try {
    await ikm.withDb(setUpOffice);
    const [siteId] = await ikm.withDb((api) => createSites(api, [aSite({ name: 'Amplang Final Tetap' })]));
    const draft = await ikm.withDb((api) => call(api, 'visit.saveDraft', { siteId, data: anInventarisasi({ findings: 'Temuan awal' }) }));
    // The colleague receives the draft on a USB stick.
    await call(colleague, 'setup.save', { ...OFFICER, officerName: 'Budi Santoso', officerCode: 'BDI' });
    const toColleague = await ikm.withDb((api) => call(api, 'hubSync.exportBundle', { all: true }));
    await call(colleague, 'hubSync.importBundle', { bytes: toColleague.bytes, acceptNewDevice: true });

    // A finalizes; the colleague, not knowing, edits the draft's findings and adds a photo.
    await ikm.withDb((api) => call(api, 'visit.finalize', { id: draft.id }));
    await call(colleague, 'visit.saveDraft', { id: draft.id, siteId, data: anInventarisasi({ findings: 'Temuan dari Budi' }) });
    await call(colleague, 'attachment.add', { visitId: draft.id, kind: 'photo', fileName: 'gudang.jpg', bytes: photo });
    const back = await call(colleague, 'hubSync.exportBundle', { all: true });
    const bundlePath = join(colleagueDir, back.fileName);
    await writeFile(bundlePath, back.bytes);

    const page = await ikm.page();
    await page.setViewportSize({ width: 1366, height: 768 });
    await waitForFrame(page);
    await openNav(page, 'Sinkronisasi');
    await loadColleagueBundle(page, bundlePath);
    await expect(page.getByTestId('bundle-notice')).toContainText('Paket dari Laptop BDI dimuat');

    // The final visit is as A finalized it: the findings and no photo.
    const shown = await ikm.withDb((api) => call(api, 'visit.get', { id: draft.id }));
    expect(shown.status).toBe('final');
    expect((shown.data as { findings: string }).findings).toBe('Temuan awal');
    expect((await ikm.withDb((api) => call(api, 'attachment.list', { visitId: draft.id }))).length).toBe(0);

    const conflicts = page.getByTestId('conflict');
    await expect(conflicts).toHaveCount(2);
    const findings = conflicts.filter({ hasText: 'Temuan dari Budi' });
    await expect(findings.getByTestId('conflict-winner')).toContainText('Temuan awal');
    await expect(findings.getByTestId('conflict-loser')).toContainText('Temuan dari Budi');
    // The photo added to the draft, in words: on the final visit it is not there.
    const added = conflicts.filter({ hasText: 'gudang.jpg' });
    await expect(added).toContainText('Lampiran pada kunjungan');
    await expect(added.getByTestId('conflict-winner')).toContainText('Tidak ada');
    await expect(added.getByTestId('conflict-loser')).toContainText('Ada');
    await mkdir('test-results/screens', { recursive: true });
    await findings.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/40-sync-final-conflicts-1366.png' });

    // Restoring the colleague's findings changes the final visit by an amendment, with a revision.
    await findings.getByRole('button', { name: 'Pulihkan nilai lain' }).click();
    await expect(conflicts).toHaveCount(1);
    const amended = await ikm.withDb((api) => call(api, 'visit.get', { id: draft.id }));
    expect(amended.status).toBe('final');
    expect((amended.data as { findings: string }).findings).toBe('Temuan dari Budi');
    expect(amended.revisions.length).toBe(1);
  } finally {
    colleague.close();
    await rm(colleagueDir, { recursive: true, force: true });
  }
});
