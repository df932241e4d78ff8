import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import type { Api } from '../db/api';
import { anInventarisasi, KALTIM_SETUP, setUpApi } from '../db/test-support';
import { expect, test } from './fixtures';
import { aSite, call, createSites } from './support/api';
import { field, setUpOffice, waitForFrame } from './support/ui';

const SCREENS = 'test-results/screens';

/** Everything `from` holds, applied to `to`, as a sync brings it. */
async function exchange(from: Api, to: Api): Promise<void> {
  const { messages } = await call(from, 'sync.pending', { after: 0, limit: 5000 });
  await call(to, 'sync.apply', { messages });
}

/**
 * Review (issue 18, item 7): the supervisor's laptop returns the officer's final visit with a
 * comment; on the officer's laptop (the app here) it is listed as needing correction, the officer
 * amends it, and it waits for review again, its history shown and printed.
 */
test('a visit returned by the supervisor is listed, amended by the officer, and waits for review again; the form prints its review history', async ({ ikm }) => {
  test.setTimeout(300_000);
  await mkdir(SCREENS, { recursive: true });
  const supervisorLaptop = await setUpApi();
  const supervisor = supervisorLaptop.api;
  try {
    await call(supervisor, 'setup.save', { ...KALTIM_SETUP, officerName: 'Budi Santoso', officerCode: 'BDI', nip: null, role: 'supervisor' });
    const visitId = await ikm.withDb(async (api) => {
      await setUpOffice(api);
      const [siteId] = await createSites(api, [aSite()]);
      const draft = await call(api, 'visit.saveDraft', { siteId, data: anInventarisasi() as never });
      await call(api, 'visit.finalize', { id: draft.id });
      await exchange(api, supervisor);
      return draft.id;
    });
    await call(supervisor, 'visit.review', { visitId, decision: 'returned', comment: 'Nilai produksi belum wajar; periksa lagi dengan pemilik.' });
    await ikm.withDb((api) => exchange(supervisor, api));

    const page = await ikm.page();
    await waitForFrame(page);
    // Beranda lists the returned visit.
    const queue = page.getByTestId('review-queue');
    await expect(queue).toContainText('Kunjungan perlu perbaikan');
    await expect(queue).toContainText('Amplang Mama Ani');
    await page.screenshot({ path: `${SCREENS}/234-review-returned-beranda-1366.png` });

    // "Lihat semua": the log filtered to returned visits.
    await queue.getByRole('button', { name: 'Lihat semua' }).click();
    await expect(page.getByTestId('visit-count')).toHaveText('1 kunjungan');
    await expect(page.getByTestId('visit-review-state')).toHaveText('Perbaiki');
    await page.screenshot({ path: `${SCREENS}/235-review-visit-log-filter-1366.png` });

    await page.goto(`http://ikm.app/index.html#/kunjungan/${visitId}`);
    await expect(page.getByTestId('returned-notice')).toContainText('Budi Santoso (BDI) mengembalikan kunjungan ini: Nilai produksi belum wajar');
    const panel = page.getByTestId('review-panel');
    await expect(panel.getByTestId('review-state')).toHaveText('Perlu perbaikan');
    await expect(panel.getByTestId('review-entry')).toHaveCount(1);
    // An officer sees no review buttons.
    await expect(panel.getByRole('button', { name: 'Setujui' })).toHaveCount(0);

    await page.getByRole('button', { name: 'Ubah (amendemen)' }).click();
    await field(page, 'Nama responden').fill('Pak Darmansyah');
    await page.getByRole('button', { name: 'Simpan amendemen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Alasan perubahan' });
    await dialog.getByRole('textbox', { name: 'Alasan perubahan' }).fill('Diperbaiki sesuai tinjauan penyelia');
    await dialog.getByRole('button', { name: 'Simpan amendemen' }).click();
    await expect(panel.getByTestId('review-state')).toHaveText('Menunggu tinjauan');
    await expect(page.getByTestId('returned-notice')).toHaveCount(0);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/236-review-amended-1366.png` });

    // The amendment reaches the supervisor: the visit waits for review there too, its return kept.
    await ikm.withDb((api) => exchange(api, supervisor));
    const there = await call(supervisor, 'visit.get', { id: visitId });
    expect(there.reviewState).toBe('pending');
    expect(there.reviews.map((r) => [r.decision, r.revision])).toEqual([['returned', 0]]);
    expect((await ikm.withDb((api) => call(api, 'visit.list', { reviewState: 'returned' }))).total).toBe(0);

    // The printed form carries the review history.
    const print = page.getByTestId('visit-print');
    await print.getByRole('button', { name: /PDF/ }).click();
    const fileEl = print.getByTestId('print-file');
    await expect(fileEl).toBeVisible({ timeout: 60_000 });
    const file = (await fileEl.textContent())!;
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const expected of ['Riwayat tinjauan', 'Status tinjauan: Menunggu tinjauan', 'Dikembalikan untuk perbaikan · Budi Santoso (BDI)', 'Komentar: Nilai produksi belum wajar']) {
      expect(text, expected).toContain(expected);
    }
    execFileSync('pdftoppm', ['-png', '-r', '70', file, `${SCREENS}/238-review-print`]);

    // In English.
    await page.getByRole('banner').getByText('EN', { exact: true }).click();
    await expect(panel.getByTestId('review-state')).toHaveText('Awaiting review');
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/237-review-amended-english-1366.png` });
  } finally {
    supervisorLaptop.dispose();
  }
});

/** The supervisor's side: visits waiting for review on Beranda; an approval from the visit record. */
test('the supervisor approves a colleague’s visit from its record; their own visit offers no review', async ({ ikm }) => {
  test.setTimeout(300_000);
  await mkdir(SCREENS, { recursive: true });
  const officerLaptop = await setUpApi();
  try {
    const { visitId, ownId } = await ikm.withDb(async (api) => {
      await call(api, 'setup.save', { ...KALTIM_SETUP, officerName: 'Budi Santoso', officerCode: 'BDI', nip: null, role: 'supervisor' });
      await call(api, 'settings.setOffice', { signaturesRequired: false });
      const [siteId] = await createSites(officerLaptop.api, [aSite()]);
      const draft = await call(officerLaptop.api, 'visit.saveDraft', { siteId, data: anInventarisasi() as never });
      await call(officerLaptop.api, 'visit.finalize', { id: draft.id });
      await exchange(officerLaptop.api, api);
      const own = await call(api, 'visit.saveDraft', { siteId, data: anInventarisasi({ officers: ['Budi Santoso'] }) as never });
      await call(api, 'visit.finalize', { id: own.id });
      return { visitId: draft.id, ownId: own.id };
    });
    const page = await ikm.page();
    await waitForFrame(page);
    const queue = page.getByTestId('review-queue');
    await expect(queue).toContainText('Menunggu tinjauan Anda');
    await expect(queue.getByRole('listitem')).toHaveCount(2);

    await page.goto(`http://ikm.app/index.html#/kunjungan/${ownId}`);
    await expect(page.getByTestId('review-panel').getByTestId('review-state')).toHaveText('Menunggu tinjauan');
    await expect(page.getByRole('button', { name: 'Setujui' })).toHaveCount(0);

    await page.goto(`http://ikm.app/index.html#/kunjungan/${visitId}`);
    const panel = page.getByTestId('review-panel');
    await panel.getByRole('textbox', { name: 'Komentar tinjauan' }).fill('Data lengkap dan wajar.');
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/239-review-supervisor-1366.png` });
    await panel.getByRole('button', { name: 'Setujui' }).click();
    await expect(panel.getByTestId('review-state')).toHaveText('Disetujui');
    await expect(panel.getByTestId('review-entry')).toContainText('Disetujui oleh Budi Santoso (BDI)');
    await ikm.withDb((api) => exchange(api, officerLaptop.api));
    expect((await call(officerLaptop.api, 'visit.get', { id: visitId })).reviewState).toBe('approved');
    await page.getByRole('banner').getByText('EN', { exact: true }).click();
    await expect(panel.getByTestId('review-state')).toHaveText('Approved');
    await page.screenshot({ path: `${SCREENS}/239-review-supervisor-english-1366.png` });
  } finally {
    officerLaptop.dispose();
  }
});
