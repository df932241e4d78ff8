import { expect, test } from './fixtures';
import { aSite, call, createSites, OFFICER } from './support/api';
import { field, openNav, waitForFrame } from './support/ui';
import { startVisit, visitFromUrl, waitSaved } from './support/visit-ui';

// Whole visits, signed and finalized: long flows on a busy machine.
test.describe.configure({ timeout: 150_000 });

test('Finalisasi asks first and lists what is missing; signatures block by default; a refusal is recorded with its reason', async ({ ikm }) => {
  // The office as set up on a new laptop: signatures required (the default).
  const siteId = await ikm.withDb(async (api) => {
    await call(api, 'setup.save', OFFICER);
    return (await createSites(api, [aSite()]))[0];
  });
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await startVisit(page, siteId, 'Pembinaan');
  await field(page, 'Nama responden').fill('Pak Rahmat');
  await waitSaved(page);

  await page.getByRole('button', { name: 'Finalisasi', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Finalisasi kunjungan?' });
  await expect(dialog.getByTestId('finalize-blocking')).toContainText('Tanda tangan responden belum ada');
  await expect(dialog.getByTestId('finalize-blocking')).toContainText('Tanda tangan petugas belum ada');
  await expect(dialog.getByTestId('finalize-warnings')).toContainText('Belum ada foto');
  await expect(dialog.getByTestId('finalize-warnings')).toContainText('Koordinat lokasi belum diisi');
  await expect(dialog.getByRole('button', { name: 'Finalisasi sekarang' })).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('finalize-blocked.png') });
  await dialog.getByRole('button', { name: 'Kembali ke formulir' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('visit-status')).toHaveText('Draf');

  // The respondent refuses, with a reason; the officer signs by typing the name.
  await page.getByRole('checkbox', { name: 'Responden menolak menandatangani' }).check();
  await field(page, 'Alasan responden tidak menandatangani').fill('Pemilik sedang ke luar kota');
  const officer = page.getByRole('group', { name: 'Tanda tangan petugas', exact: true });
  await officer.getByRole('button', { name: 'Ketik nama' }).click();
  await officer.getByRole('button', { name: 'Simpan tanda tangan' }).click();
  await expect(officer.getByRole('img', { name: 'tanda-tangan-officer.png' })).toBeVisible();
  await waitSaved(page);

  await page.getByRole('button', { name: 'Finalisasi', exact: true }).click();
  await expect(dialog.getByTestId('finalize-blocking')).toHaveCount(0);
  await expect(dialog.getByTestId('finalize-warnings')).toContainText('Belum ada foto');
  await page.screenshot({ path: test.info().outputPath('finalize-warnings.png') });
  await dialog.getByRole('button', { name: 'Finalisasi sekarang' }).click();
  await expect(page.getByTestId('visit-status')).toHaveText('Final');
  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  expect(visit.data.signatureRefusal).toBe('Pemilik sedang ke luar kota');

  // Pengaturan: the rule can be switched off for this office.
  await openNav(page, 'Pengaturan');
  const rule = page.getByRole('switch', { name: 'Tanda tangan wajib sebelum finalisasi' });
  await expect(rule).toBeChecked();
  await rule.click({ force: true });
  await expect(rule).not.toBeChecked();
  await expect.poll(() => ikm.withDb((api) => call(api, 'settings.office'))).toMatchObject({ signaturesRequired: false });
  await page.screenshot({ path: test.info().outputPath('settings-signatures.png') });
});

test('an amendment can add a signature that is missing from a final visit', async ({ ikm }) => {
  const visitId = await ikm.withDb(async (api) => {
    await call(api, 'setup.save', OFFICER);
    await call(api, 'settings.setOffice', { signaturesRequired: false });
    const [siteId] = await createSites(api, [aSite()]);
    const draft = await call(api, 'visit.saveDraft', {
      siteId,
      data: { kind: 'pembinaan', visitDate: '2026-11-20', officers: ['Ani Suryani'], respondent: { name: 'Pak Rahmat' }, operatingStatus: 'aktif' },
    });
    await call(api, 'visit.finalize', { id: draft.id });
    return draft.id;
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await page.evaluate((id) => (window.location.hash = `#/kunjungan/${id}`), visitId);
  await expect(page.getByTestId('signature-missing-officer')).toHaveText('Belum ditandatangani');
  await page.getByRole('button', { name: 'Ubah (amendemen)' }).click();
  const officer = page.getByRole('group', { name: 'Tanda tangan petugas', exact: true });
  await officer.getByRole('button', { name: 'Ketik nama' }).click();
  await officer.getByRole('button', { name: 'Simpan tanda tangan' }).click();
  // It belongs to the amendment: saved with it, under its reason.
  await expect(page.getByTestId('signature-captured-officer')).toBeVisible();
  await page.getByRole('button', { name: 'Simpan amendemen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Alasan perubahan' });
  await dialog.getByRole('textbox', { name: 'Alasan perubahan' }).fill('Tanda tangan petugas tertinggal');
  await dialog.getByRole('button', { name: 'Simpan amendemen' }).click();
  await expect(officer.getByRole('img', { name: 'tanda-tangan-officer.png' })).toBeVisible();
  const visit = await ikm.withDb((api) => call(api, 'visit.get', { id: visitId }));
  expect(visit.revisions.map((r) => r.changes)).toEqual([['signature.officer']]);
});
