import { mkdir } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { aSite, call, createSites } from './support/api';
import { openNav, pick, setUpOffice, waitForFrame } from './support/ui';
import { anInventarisasi } from '../db/test-support';

const SCREENS = 'test-results/screens';

/** Tindak lanjut (issue 18, item 5): a final visit's recommendations listed, the overdue one marked, one marked done. */
test('a follow-up is marked done from Tindak lanjut; the overdue one stands out; the site page shows what is open', async ({ ikm }) => {
  await mkdir(SCREENS, { recursive: true });
  const { siteId, visitId } = await ikm.withDb(async (api) => {
    await setUpOffice(api);
    const [siteId] = await createSites(api, [aSite()]);
    const draft = await call(api, 'visit.saveDraft', {
      siteId,
      data: anInventarisasi({
        recommendations: [
          { text: 'Urus sertifikat halal', action: 'Ke Dinas Kesehatan', dueDate: '2026-01-15' },
          { text: 'Ikut pameran produk daerah', action: null, dueDate: '2099-06-30' },
        ],
      }) as never,
    });
    await call(api, 'visit.finalize', { id: draft.id });
    return { siteId, visitId: draft.id };
  });

  const page = await ikm.page();
  await waitForFrame(page);
  await openNav(page, 'Tindak lanjut');
  await expect(page.getByRole('heading', { name: 'Tindak lanjut' })).toBeVisible();
  await expect(page.getByTestId('follow-up-count')).toHaveText('2 tindak lanjut');
  const rows = page.getByTestId('follow-up-row');
  await expect(rows).toHaveCount(2);
  // Open ones first, the earliest due first: the overdue one leads, marked.
  await expect(rows.first()).toHaveAttribute('data-overdue', 'true');
  await expect(rows.first()).toContainText('Terlambat');
  await expect(rows.nth(1)).not.toHaveAttribute('data-overdue');
  await page.screenshot({ path: `${SCREENS}/230-follow-ups-1366.png` });

  await page.getByLabel('Hanya yang terlambat').check();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Urus sertifikat halal');
  await page.getByLabel('Hanya yang terlambat').uncheck();
  await expect(rows).toHaveCount(2);

  await page.getByRole('button', { name: 'Ubah tindak lanjut: Urus sertifikat halal' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ubah tindak lanjut' });
  await expect(dialog.getByRole('radio', { name: 'Selesai' })).toBeChecked();
  await dialog.getByRole('textbox', { name: 'Penanggung jawab' }).fill('Seksi IKM Pangan');
  await dialog.getByRole('textbox', { name: 'Catatan' }).fill('Sertifikat halal terbit 2 Des 2026');
  await page.screenshot({ path: `${SCREENS}/231-follow-up-dialog-1366.png` });
  await dialog.getByRole('button', { name: 'Simpan' }).click();
  await expect(dialog).toBeHidden();

  // The list shows open ones: one left, and it is not overdue.
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId('follow-up-count')).toHaveText('1 tindak lanjut');
  await expect(rows.first()).toContainText('Ikut pameran produk daerah');
  const done = await ikm.withDb((api) => call(api, 'followUp.list', { status: 'done' }));
  expect(done.items.map((f) => [f.visitId, f.text, f.responsible, f.note, f.decidedBy])).toEqual([
    [visitId, 'Urus sertifikat halal', 'Seksi IKM Pangan', 'Sertifikat halal terbit 2 Des 2026', 'Ani Suryani (ANS)'],
  ]);
  expect(await ikm.withDb((api) => call(api, 'followUp.counts', {}))).toEqual({ open: 1, overdue: 0 });

  // Done ones by the status filter.
  await pick(page, 'Status', 'Selesai');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('follow-up-status')).toHaveText('Selesai');

  // The site page lists what is still open.
  await page.goto(page.url().replace(/#.*$/, `#/usaha/${siteId}`));
  const open = page.getByTestId('site-follow-ups');
  await expect(open).toContainText('Tindak lanjut terbuka (1)');
  await expect(open.getByTestId('follow-up-row')).toHaveCount(1);
  await open.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/232-site-follow-ups-1366.png` });

  // In English.
  await page.getByRole('banner').getByText('EN', { exact: true }).click();
  await openNav(page, 'Follow-ups');
  await expect(page.getByTestId('follow-up-count')).toHaveText('1 follow-up');
  await page.getByLabel('Overdue only').uncheck();
  await page.screenshot({ path: `${SCREENS}/233-follow-ups-english-1366.png` });
});
