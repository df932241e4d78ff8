import { expect, test } from './fixtures';
import { call } from './support/api';
import { field, openNav, waitForFrame } from './support/ui';
import { officeWithSite, startVisit, visitFromUrl, waitSaved } from './support/visit-ui';

test.describe.configure({ timeout: 60_000 });

const QUESTION = 'Hapus draf kunjungan ini? Isian dan lampirannya tidak ditampilkan lagi.';

test('a draft started by mistake is discarded from the keyboard and leaves Beranda, the site and the log', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api));
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await startVisit(page, siteId, 'Evaluasi');
  await field(page, 'Nama responden').fill('Salah usaha');
  await waitSaved(page);
  const visit = await ikm.withDb((api) => visitFromUrl(page, api));

  // Keyboard only: focus the button, Enter opens the dialog with Batal focused, Tab to Hapus, Enter.
  await page.getByRole('button', { name: 'Hapus draf' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Hapus draf?' });
  await expect(dialog).toContainText(QUESTION);
  await expect(dialog).toContainText(visit.number);
  await expect(dialog.getByRole('button', { name: 'Batal' })).toBeFocused();
  await page.screenshot({ path: 'test-results/discard-dialog.png' });
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Hapus', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');

  // Back on the site it was started from, with a confirmation; its timeline no longer lists it.
  await expect(page).toHaveURL(new RegExp(`#/usaha/${siteId}$`));
  await expect(page.getByRole('status').filter({ hasText: `Draf ${visit.number}` })).toContainText('sudah dihapus');
  await expect(page.getByText('Belum ada kunjungan ke usaha ini.')).toBeVisible();
  await page.screenshot({ path: 'test-results/discard-done-site.png' });

  await page.evaluate(() => (window.location.hash = '#/'));
  await expect(page.getByTestId('dash-sites')).toBeVisible();
  await expect(page.getByTestId('open-drafts')).toHaveCount(0);
  await openNav(page, 'Kunjungan');
  await expect(page.getByTestId('visit-count')).toHaveText('0 kunjungan');

  const gone = await ikm.withDb((api) => api.dispatch('visit.get', { id: visit.id }));
  expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});

test('Esc and Batal keep the draft; discarding a draft opened from Beranda returns to Beranda', async ({ ikm }) => {
  const { siteId, draft } = await ikm.withDb(async (api) => {
    const id = await officeWithSite(api);
    const d = await call(api, 'visit.saveDraft', { siteId: id, data: { kind: 'pembinaan', findings: 'Catatan awal' } });
    return { siteId: id, draft: d };
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await page.getByTestId('open-drafts').getByRole('link', { name: `Buka draf ${draft.number} di Amplang Mama Ani` }).click();
  await expect(page.getByTestId('visit-status')).toHaveText('Draf');

  const open = page.getByRole('button', { name: 'Hapus draf' });
  const dialog = page.getByRole('dialog', { name: 'Hapus draf?' });
  await open.click();
  await expect(dialog.getByRole('button', { name: 'Batal' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await open.click();
  await dialog.getByRole('button', { name: 'Batal' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('visit-status')).toHaveText('Draf');
  expect((await ikm.withDb((api) => call(api, 'visit.drafts'))).map((d) => d.id)).toEqual([draft.id]);

  await open.click();
  await dialog.getByRole('button', { name: 'Hapus', exact: true }).click();
  await expect(page).toHaveURL(/#\/$/);
  await expect(page.getByTestId('flash')).toHaveText(`Draf ${draft.number} (Amplang Mama Ani) sudah dihapus.`);
  await page.screenshot({ path: 'test-results/discard-done-beranda.png' });
  await expect(page.getByTestId('open-drafts')).toHaveCount(0);
  // Beranda's own flash, and the site's timeline is empty.
  expect(await ikm.withDb((api) => call(api, 'site.timeline', { id: siteId }))).toMatchObject({ visits: [] });
});

test('each open draft on Beranda can be discarded from its row', async ({ ikm }) => {
  const drafts = await ikm.withDb(async (api) => {
    const id = await officeWithSite(api);
    const a = await call(api, 'visit.saveDraft', { siteId: id, data: { kind: 'identifikasi' } });
    const b = await call(api, 'visit.saveDraft', { siteId: id, data: { kind: 'evaluasi' } });
    return [a, b];
  });
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  const card = page.getByTestId('open-drafts');
  await expect(card.getByRole('listitem')).toHaveCount(2);
  await card.getByRole('button', { name: `Hapus draf ${drafts[0].number} di Amplang Mama Ani` }).click();
  const dialog = page.getByRole('dialog', { name: 'Hapus draf?' });
  await expect(dialog).toContainText(drafts[0].number);
  await dialog.getByRole('button', { name: 'Hapus', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByRole('listitem')).toHaveCount(1);
  await expect(card).toContainText(drafts[1].number);
  await expect(page.getByTestId('flash')).toContainText(`Draf ${drafts[0].number}`);
  await page.screenshot({ path: 'test-results/discard-beranda-row.png' });
  expect((await ikm.withDb((api) => call(api, 'visit.drafts'))).map((d) => d.id)).toEqual([drafts[1].id]);
});

test('a draft opened from the visit log is discarded and the log is shown again without it', async ({ ikm }) => {
  const { kept, dropped } = await ikm.withDb(async (api) => {
    const id = await officeWithSite(api);
    const a = await call(api, 'visit.saveDraft', { siteId: id, data: { kind: 'pembinaan', visitDate: '2026-11-19' } });
    const b = await call(api, 'visit.saveDraft', { siteId: id, data: { kind: 'evaluasi', visitDate: '2026-11-20' } });
    return { kept: a, dropped: b };
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await openNav(page, 'Kunjungan');
  const rows = page.getByRole('listbox', { name: 'Daftar kunjungan' }).getByRole('option');
  await expect(page.getByTestId('visit-count')).toHaveText('2 kunjungan');
  await rows.filter({ hasText: dropped.number }).click();
  await expect(page.getByTestId('visit-status')).toHaveText('Draf');

  await page.getByRole('button', { name: 'Hapus draf' }).click();
  await page.getByRole('dialog', { name: 'Hapus draf?' }).getByRole('button', { name: 'Hapus', exact: true }).click();
  await expect(page).toHaveURL(/#\/kunjungan$/);
  await expect(page.getByTestId('flash')).toContainText(`Draf ${dropped.number}`);
  await expect(page.getByTestId('visit-count')).toHaveText('1 kunjungan');
  await expect(rows).toHaveText([new RegExp(kept.number)]);
});
