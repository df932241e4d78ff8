import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { aSite, call, createSites } from './support/api';
import { combo, field, pick, setUpOffice, waitForFrame } from './support/ui';
import { dateField, finalizeVisit, officeWithSiteInEnglish, openNewVisit, visitFromUrl, waitSaved } from './support/visit-ui';

test.describe.configure({ timeout: 150_000 });

const PHOTO = fileURLToPath(new URL('../db/test-fixtures/photo-gps.jpg', import.meta.url));

test('identifikasi of a new unit: register it in the flow, photo with EXIF suggestion, drawn signature, finalize', async ({ ikm }) => {
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await waitForFrame(page);
  await page.evaluate(() => (window.location.hash = '#/kunjungan/baru'));
  await page.getByRole('button', { name: 'Daftarkan unit baru' }).click();

  await field(page, 'Nama usaha').fill('Kerupuk Amplang Bu Sari');
  await field(page, 'Nama pemilik').fill('Sari Handayani');
  await pick(page, 'Kabupaten/kota', 'Kota Samarinda');
  await pick(page, 'Kecamatan', 'Palaran');
  await pick(page, 'Desa/kelurahan', 'Rawa Makmur');
  await pick(page, 'KBLI (golongan pokok)', '10 · Industri Makanan');
  await field(page, 'Produk').fill('Kerupuk amplang');
  await page.getByRole('button', { name: 'Simpan usaha & lanjut identifikasi' }).click();

  // The identifikasi opens with what was typed about the business.
  await expect(page.getByRole('heading', { name: 'Identifikasi · Kerupuk Amplang Bu Sari' })).toBeVisible();
  await expect(combo(page, 'KBLI')).toHaveValue('10 · Industri Makanan');
  await expect(field(page, 'Produk')).toHaveValue('Kerupuk amplang');
  await field(page, 'Nama responden').fill('Sari Handayani');
  await field(page, 'Tenaga kerja laki-laki').fill('0');
  await field(page, 'Tenaga kerja perempuan').fill('4');

  // A photo: its thumbnail is drawn in the renderer, its EXIF offers the date and place.
  await page.getByTestId('file-input').setInputFiles(PHOTO);
  await expect(page.getByText('Gunakan tanggal 20 November 2026 dan koordinat -0,5021; 117,1536 dari foto?')).toBeVisible();
  // The new unit has no coordinates yet: it takes the visit's when the visit is finalized, not before.
  await expect(page.getByTestId('photo-site-note')).toHaveText(/saat kunjungan difinalkan/);
  await page.getByRole('button', { name: 'Gunakan', exact: true }).click();
  await expect(page.getByTestId('photo-suggestion')).toBeHidden();
  expect(await ikm.withDb(async (api) => call(api, 'site.get', { id: (await visitFromUrl(page, api)).siteId }))).toMatchObject({
    latitude: null,
    longitude: null,
  });
  await expect(dateField(page, 'Tanggal kunjungan')).toHaveValue('20/11/2026');
  await expect(field(page, 'Lintang')).toHaveValue('-0,5021');
  await expect(field(page, 'Bujur')).toHaveValue('117,1536');
  const thumbnail = page.getByTestId('attachment-card').getByRole('img', { name: 'photo-gps.jpg' });
  await expect(thumbnail).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // The respondent signs with the mouse.
  const pad = page.getByTestId('signature-respondent');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 60);
  await page.mouse.down();
  for (const [dx, dy] of [[80, 20], [140, 90], [200, 40], [260, 100], [320, 50]]) {
    await page.mouse.move(box.x + dx, box.y + dy, { steps: 4 });
  }
  await page.mouse.up();
  await page.getByRole('button', { name: 'Simpan tanda tangan' }).first().click();
  await expect(page.getByRole('img', { name: 'tanda-tangan-respondent.png' })).toBeVisible();
  // The saved signature replaces the pad until the officer asks to sign again.
  await expect(pad).toBeHidden();
  await expect(page.getByRole('button', { name: 'Tanda tangan ulang' })).toBeVisible();
  await waitSaved(page);
  await page.screenshot({ path: 'test-results/new-site-attachments.png' });

  await finalizeVisit(page);
  await expect(page.getByTestId('visit-status')).toHaveText('Final');
  await page.screenshot({ path: 'test-results/new-site-final.png', fullPage: true });

  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  expect(visit).toMatchObject({ status: 'final', kind: 'identifikasi', siteName: 'Kerupuk Amplang Bu Sari', visitDate: '2026-11-20' });
  expect(await ikm.withDb((api) => call(api, 'site.get', { id: visit.siteId }))).toMatchObject({ latitude: -0.5021, longitude: 117.1536 });
  expect(visit.data).toMatchObject({ latitude: -0.5021, longitude: 117.1536, kbliCode: '10', workforce: { male: 0, female: 4 } });
  const attachments = await ikm.withDb((api) => call(api, 'attachment.list', { visitId: visit.id }));
  expect(attachments.map((a) => [a.kind, a.role, a.mime, a.hasThumbnail]).sort()).toEqual([
    ['photo', null, 'image/jpeg', true],
    ['signature', 'respondent', 'image/png', false],
  ]);
  const site = await ikm.withDb((api) => call(api, 'site.get', { id: visit.siteId }));
  expect(site).toMatchObject({ name: 'Kerupuk Amplang Bu Sari', workers: 4 });
});

test('a file that is not a photo gets the core message', async ({ ikm }) => {
  const siteId = await ikm.withDb(async (api) => {
    await setUpOffice(api);
    const [id] = await createSites(api, [aSite({ name: 'Tenun Ulap Doyo', kbliCode: '13' })]);
    return id;
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await page.evaluate((id) => (window.location.hash = `#/kunjungan/baru?site=${id}`), siteId);
  await page.getByRole('button', { name: /^Pembinaan/ }).click();
  await page.getByTestId('file-input').setInputFiles({ name: 'x.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('bukan foto') });
  await expect(page.getByRole('alert').filter({ hasText: '"x.jpg" tidak bisa dibaca sebagai foto (JPEG, PNG, WebP) atau PDF' })).toBeVisible();
});

test('in English a refused file is said in English, from the error’s reason and parameters', async ({ ikm }) => {
  const siteId = await ikm.withDb(officeWithSiteInEnglish);
  const page = await ikm.page();
  await openNewVisit(page, siteId);
  await page.getByRole('button', { name: /^Inventory/ }).click();
  await expect(page.getByTestId('visit-status')).toHaveText('Draft');
  await page.getByTestId('file-input').setInputFiles({ name: 'x.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('bukan foto') });
  await expect(page.getByRole('alert').filter({ hasText: '"x.jpg" cannot be read as a photo (JPEG, PNG, WebP) or PDF' })).toBeVisible();
  await expect(page.getByText('tidak bisa dibaca')).toHaveCount(0);
  await page.getByTestId('attachments-section').or(page.locator('#bagian-lampiran')).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/file-refused-en.png' });
});

test('the new unit step saves like the site form: its duplicate warning shows the existing site beside the form, and confirming saves and opens the identifikasi', async ({ ikm }) => {
  await ikm.withDb(async (api) => {
    await setUpOffice(api);
    await createSites(api, [aSite()]);
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await page.evaluate(() => (window.location.hash = '#/kunjungan/baru'));
  await page.getByRole('button', { name: 'Daftarkan unit baru' }).click();
  await field(page, 'Nama usaha').fill('UD. Amplang Mama Ani');
  await pick(page, 'Kabupaten/kota', 'Kota Samarinda');
  await pick(page, 'Kecamatan', 'Palaran');
  await pick(page, 'Desa/kelurahan', 'Rawa Makmur');
  await pick(page, 'KBLI (golongan pokok)', '10 · Industri Makanan');
  // A new unit found on a visit is a candidate until identified (the core's first status).
  await expect(combo(page, 'Status operasi')).toHaveValue('Calon IKM');
  await page.screenshot({ path: 'test-results/new-unit-step.png' });
  await page.getByRole('button', { name: 'Simpan usaha & lanjut identifikasi' }).click();

  const dialog = page.getByRole('dialog', { name: 'Periksa sebelum menyimpan' });
  await expect(dialog).toContainText('Sudah ada usaha bernama "Amplang Mama Ani" di desa/kelurahan yang sama');
  await page.screenshot({ path: 'test-results/new-unit-warning.png' });
  // The existing site opens beside the form (the form stays, with what was typed).
  await dialog.getByRole('button', { name: 'Lihat usaha yang sudah ada' }).click();
  const preview = page.getByRole('dialog', { name: 'Amplang Mama Ani' });
  await expect(preview).toContainText('Ani Wulandari');
  await page.screenshot({ path: 'test-results/new-unit-existing.png' });
  await preview.getByRole('button', { name: 'Kembali ke peringatan' }).click();
  await dialog.getByRole('button', { name: 'Tetap simpan' }).click();

  await expect(page.getByRole('heading', { name: 'Identifikasi · UD. Amplang Mama Ani' })).toBeVisible();
  await expect(page.getByTestId('completeness')).toHaveText(/^\d dari 5 bagian lengkap$/);
  await page.screenshot({ path: 'test-results/new-unit-identifikasi.png' });
  const sites = await ikm.withDb((api) => call(api, 'site.list', { text: 'amplang mama' }));
  expect(sites.items.map((s) => [s.name, s.operatingStatus]).sort()).toEqual([
    ['Amplang Mama Ani', 'aktif'],
    ['UD. Amplang Mama Ani', 'calon'],
  ]);
});
