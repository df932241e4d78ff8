import { mkdir } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { call } from './support/api';
import { field, openNav, setUpOffice, waitForFrame } from './support/ui';
import { officeWithSite } from './support/visit-ui';

test.describe.configure({ timeout: 150_000 });

test('the new-unit form in Kunjungan baru asks before typed work is dropped, by a link or by Batal', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await page.evaluate(() => (window.location.hash = '#/kunjungan/baru'));
  await page.getByRole('button', { name: 'Daftarkan unit baru' }).click();
  await field(page, 'Nama usaha').fill('Kerupuk Amplang Bu Sari');

  await openNav(page, 'Usaha IKM');
  const dialog = page.getByRole('dialog', { name: 'Tinggalkan formulir?' });
  await expect(dialog).toBeVisible();
  await mkdir('test-results/screens', { recursive: true });
  await page.screenshot({ path: 'test-results/screens/113-leave-guard-new-unit-1366.png' });
  await dialog.getByRole('button', { name: 'Tetap di sini' }).click();
  await expect(field(page, 'Nama usaha')).toHaveValue('Kerupuk Amplang Bu Sari');

  // Batal drops the form too: asked, and "Buang perubahan" goes back to choosing a site.
  await page.getByRole('button', { name: 'Batal' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Buang perubahan' }).click();
  await expect(page.getByRole('button', { name: 'Daftarkan unit baru' })).toBeVisible();
  // Nothing typed: Batal and links go without a question.
  await page.getByRole('button', { name: 'Daftarkan unit baru' }).click();
  await page.getByRole('button', { name: 'Batal' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Daftarkan unit baru' })).toBeVisible();
});

test('an amendment in progress asks before it is dropped; the final visit stays as it was', async ({ ikm }) => {
  const visitId = await ikm.withDb(async (api) => {
    const siteId = await officeWithSite(api, { operatingStatus: 'aktif' });
    const draft = await call(api, 'visit.saveDraft', {
      siteId,
      data: {
        kind: 'evaluasi',
        visitDate: '2026-11-10',
        officers: ['Ani Suryani'],
        respondent: { name: 'Pak Darman' },
        operatingStatus: 'berhenti_sementara',
        stoppedSince: '2026-08-01',
        stopReasons: ['bahan_baku'],
        buildingCondition: 'baik',
        machineCondition: 'rusak_ringan',
        revivalPotential: 4,
      },
    });
    await call(api, 'visit.finalize', { id: draft.id });
    return draft.id;
  });
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await page.evaluate((id) => (window.location.hash = `#/kunjungan/${id}`), visitId);
  await expect(page.getByTestId('visit-status')).toHaveText('Final');
  await page.getByRole('button', { name: 'Ubah (amendemen)' }).click();
  await field(page, 'Nama responden').fill('Pak Darmansyah');

  await openNav(page, 'Usaha IKM');
  const dialog = page.getByRole('dialog', { name: 'Tinggalkan formulir?' });
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/114-leave-guard-amendment-1366.png' });
  await dialog.getByRole('button', { name: 'Tetap di sini' }).click();
  await expect(field(page, 'Nama responden')).toHaveValue('Pak Darmansyah');

  await page.getByRole('button', { name: 'Batal' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Buang perubahan' }).click();
  await expect(field(page, 'Nama responden')).toHaveValue('Pak Darman');
  await expect(field(page, 'Nama responden')).toHaveAttribute('readonly', '');
  // Amending again with nothing typed: a link goes without a question.
  await page.getByRole('button', { name: 'Ubah (amendemen)' }).click();
  await openNav(page, 'Usaha IKM');
  await expect(dialog).toBeHidden();
  expect(((await ikm.withDb((api) => call(api, 'visit.get', { id: visitId }))).data as { respondent: { name: string } }).respondent.name).toBe('Pak Darman');
});

test('Pengaturan: typed kop surat or wilayah work is asked about before leaving, whichever form holds it', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await openNav(page, 'Pengaturan');
  const dialog = page.getByRole('dialog', { name: 'Tinggalkan formulir?' });

  // Untouched: no question.
  await expect(field(page, 'Nama dinas')).toBeVisible();
  await openNav(page, 'Usaha IKM');
  await expect(dialog).toBeHidden();
  await openNav(page, 'Pengaturan');

  await field(page, 'Nama dinas').fill('Dinas Perindustrian Kota Samarinda');
  await openNav(page, 'Usaha IKM');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Tetap di sini' }).click();
  await expect(field(page, 'Nama dinas')).toHaveValue('Dinas Perindustrian Kota Samarinda');
  await openNav(page, 'Usaha IKM');
  await dialog.getByRole('button', { name: 'Buang perubahan' }).click();
  await expect(page).toHaveURL(/#\/usaha$/);

  await openNav(page, 'Pengaturan');
  await field(page, 'Nama wilayah').first().fill('Wilayah Utara');
  await openNav(page, 'Kunjungan');
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/118-leave-guard-settings-1366.png' });
  await dialog.getByRole('button', { name: 'Buang perubahan' }).click();
  await expect(page).toHaveURL(/#\/kunjungan$/);

  // Sinkronisasi: an enrolment code typed and not sent.
  await openNav(page, 'Sinkronisasi');
  await field(page, 'Kode pendaftaran').fill('K7QD-M9XA-4TRB');
  await openNav(page, 'Usaha IKM');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Tetap di sini' }).click();
  await expect(field(page, 'Kode pendaftaran')).toHaveValue('K7QD-M9XA-4TRB');
});
