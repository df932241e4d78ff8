import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { call } from './support/api';
import { field, waitForFrame } from './support/ui';
import { dateField, fillDate, officeWithSite, officeWithSiteInEnglish, openNewVisit, startVisit, visitFromUrl, waitSaved } from './support/visit-ui';

test.describe.configure({ timeout: 150_000 });

test('finalizing an incomplete inventarisasi shows the messages next to the fields and keeps the draft', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api));
  const page = await ikm.page();
  await startVisit(page, siteId, 'Inventarisasi');
  await field(page, 'Nama responden').fill('Ibu Ani');
  await field(page, 'Tenaga kerja laki-laki').fill('dua');
  await waitSaved(page);

  // The confirmation lists the fields that are not right and does not offer to finalize;
  // "Tunjukkan di formulir" marks them on the draft.
  await page.getByRole('button', { name: 'Finalisasi', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Finalisasi kunjungan?' });
  await expect(dialog.getByTestId('finalize-invalid')).toContainText('Tenaga kerja laki-laki');
  await expect(dialog.getByRole('button', { name: 'Finalisasi sekarang' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Tunjukkan di formulir' }).click();
  await expect(page.getByTestId('form-failure')).toHaveText('Periksa isian yang ditandai merah sebelum finalisasi.');
  // The first field with a message is in the kind's section: the form jumped there.
  await expect(page.getByTestId('section-link-kind')).toHaveAttribute('aria-current', 'true');
  const male = field(page, 'Tenaga kerja laki-laki');
  await expect(male).toHaveAttribute('aria-invalid', 'true');
  await expect(male).toBeFocused();
  await expect(male).toHaveAccessibleDescription('Tenaga kerja laki-laki harus berupa angka');
  await expect(field(page, 'Satuan kapasitas')).toHaveAccessibleDescription('Satuan kapasitas wajib diisi');
  await expect(page.getByText('Pilih jangkauan pemasaran')).toBeVisible();
  await page.screenshot({ path: 'test-results/visit-validation.png' });

  // Fixing a field clears its message at once.
  await male.fill('2');
  await expect(male).not.toHaveAttribute('aria-invalid', 'true');

  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  expect(visit.status).toBe('draft');
  expect(visit.finalizedAt).toBeNull();
});

test('a draft survives closing the app mid-form', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api));
  let page = await ikm.page();
  await startVisit(page, siteId, 'Identifikasi');
  const hash = new URL(page.url()).hash;
  await fillDate(page, 'Tanggal kunjungan', '17/11/2026');
  await field(page, 'Nama responden').fill('Pak Rahmat');
  await field(page, 'Jabatan responden').fill('Kepala produksi');
  await field(page, 'Produk').fill('Kerupuk ikan');
  await field(page, 'Tenaga kerja perempuan').fill('5');
  await waitSaved(page);

  page = await ikm.restart();
  await waitForFrame(page);
  await page.evaluate((h) => (window.location.hash = h), hash);
  await expect(page.getByTestId('visit-status')).toHaveText('Draf');
  await expect(dateField(page, 'Tanggal kunjungan')).toHaveValue('17/11/2026');
  await expect(field(page, 'Nama responden')).toHaveValue('Pak Rahmat');
  await expect(field(page, 'Jabatan responden')).toHaveValue('Kepala produksi');
  await expect(field(page, 'Produk')).toHaveValue('Kerupuk ikan');
  await expect(field(page, 'Tenaga kerja perempuan')).toHaveValue('5');
  // The officer's name was filled in from the setup.
  await expect(page.getByText('Ani Suryani', { exact: true }).last()).toBeVisible();
});

test('an amendment changes a final visit with a reason and shows in Riwayat perubahan', async ({ ikm }) => {
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
  await waitForFrame(page);
  await page.evaluate((id) => (window.location.hash = `#/kunjungan/${id}`), visitId);
  await expect(page.getByTestId('visit-status')).toHaveText('Final');
  await expect(field(page, 'Nama responden')).toHaveAttribute('readonly', '');

  await page.getByRole('button', { name: 'Ubah (amendemen)' }).click();
  await field(page, 'Nama responden').fill('Pak Darmansyah');
  await page.getByRole('button', { name: 'Simpan amendemen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Alasan perubahan' });
  await dialog.getByRole('textbox', { name: 'Alasan perubahan' }).fill('Nama responden salah eja');
  await dialog.getByRole('button', { name: 'Simpan amendemen' }).click();

  const history = page.getByRole('region', { name: 'Riwayat perubahan' });
  await expect(history).toContainText('Alasan: Nama responden salah eja');
  // The field by its label, with the old and the new value; never its internal path.
  await expect(history.getByTestId('revision-change')).toHaveText(['Nama respondenPak DarmanPak Darmansyah']);
  await expect(history).not.toContainText('respondent.name');
  await expect(history).toContainText('Ani Suryani (ANS)');
  await expect(field(page, 'Nama responden')).toHaveAttribute('readonly', '');
  await page.screenshot({ path: 'test-results/visit-amendment.png' });

  const visit = await ikm.withDb((api) => call(api, 'visit.get', { id: visitId }));
  expect(visit.status).toBe('final');
  expect(visit.data).toMatchObject({ respondent: { name: 'Pak Darmansyah' } });
  expect(visit.revisions).toHaveLength(1);
  expect(visit.revisions[0]).toMatchObject({ reason: 'Nama responden salah eja', changes: ['respondent.name'] });
});

test('Riwayat perubahan shows each field by its label with old and new values in words, in Indonesian and English', async ({ ikm }) => {
  const visitId = await ikm.withDb(async (api) => {
    const siteId = await officeWithSite(api, { operatingStatus: 'aktif' });
    const data = {
      kind: 'inventarisasi' as const,
      visitDate: '2026-11-10',
      officers: ['Ani Suryani'],
      respondent: { name: 'Pak Rahmat' },
      operatingStatus: 'aktif' as const,
      workforce: { male: 4, female: 1200 },
      capacity: { amount: 200, unit: 'kg', period: 'bulan' as const },
      productionValueRp: 240_000_000,
      investmentRp: 150_000_000,
      marketReach: ['lokal' as const],
      certificatesHeld: ['PIRT' as const],
    };
    const draft = await call(api, 'visit.saveDraft', { siteId, data });
    await call(api, 'visit.finalize', { id: draft.id });
    await call(api, 'visit.amend', {
      id: draft.id,
      data: {
        ...data,
        visitDate: '2026-11-09',
        respondent: { name: 'Pak Rahmat', phone: '0812 5555 1234' },
        workforce: { male: 4, female: 1350 },
        productionValueRp: 300_000_000,
        certificatesHeld: ['PIRT', 'HALAL'],
      },
      reason: 'Salah ketik',
    });
    return draft.id;
  });
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await page.evaluate((id) => (window.location.hash = `#/kunjungan/${id}`), visitId);
  const history = page.getByRole('region', { name: 'Riwayat perubahan' });
  const rows = history.getByTestId('revision-change');
  // Each change row's cells (the arrow between them has no text).
  const cells = () => page.getByTestId('revision-change').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent).filter(Boolean)));
  await expect(rows).toHaveCount(5);
  expect(await cells()).toEqual([
    ['Sertifikat yang dimiliki', 'SPP-IRT (PIRT)', 'SPP-IRT (PIRT); Sertifikat Halal'],
    ['Nilai produksi per tahun', 'Rp 240.000.000', 'Rp 300.000.000'],
    ['Telepon responden', '–', '0812 5555 1234'],
    ['Tanggal kunjungan', '10 November 2026', '9 November 2026'],
    ['Tenaga kerja perempuan', '1.200', '1.350'],
  ]);
  await expect(history).not.toContainText('respondent.');
  await history.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/visit-history-id.png' });

  await page.getByRole('banner').getByText('EN', { exact: true }).click();
  const inEnglish = page.getByRole('region', { name: 'Change history' });
  await expect(inEnglish.getByTestId('revision-change').first()).toContainText('Certificates held');
  expect(await cells()).toEqual([
    ['Certificates held', 'Home industry food permit (PIRT)', 'Home industry food permit (PIRT); Halal certificate'],
    ['Annual production value', 'Rp 240.000.000', 'Rp 300.000.000'],
    ['Respondent phone', '–', '0812 5555 1234'],
    ['Visit date', '10 November 2026', '9 November 2026'],
    ['Female workers', '1,200', '1,350'],
  ]);
  await expect(inEnglish).toContainText('Reason: Salah ketik');
  await inEnglish.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/visit-history-en.png' });
});

test('a forgotten photo is added while amending a final visit, and the history says who added which file', async ({ ikm }) => {
  const visitId = await ikm.withDb(async (api) => {
    const siteId = await officeWithSite(api, { operatingStatus: 'aktif' });
    const draft = await call(api, 'visit.saveDraft', {
      siteId,
      data: { kind: 'pembinaan', visitDate: '2026-11-10', officers: ['Ani Suryani'], respondent: { name: 'Pak Darman' }, operatingStatus: 'aktif' },
    });
    await call(api, 'visit.finalize', { id: draft.id });
    return draft.id;
  });
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await page.evaluate((id) => (window.location.hash = `#/kunjungan/${id}`), visitId);
  await expect(page.getByTestId('visit-status')).toHaveText('Final');
  // Locked until the officer chooses to amend.
  await expect(page.getByTestId('drop-zone')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Hapus draf' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Ubah (amendemen)' }).click();
  await expect(page.getByTestId('attachments-amend-note')).toBeVisible();
  const png = await readFile(fileURLToPath(new URL('../db/test-fixtures/photo-plain.png', import.meta.url)));
  await page.getByTestId('file-input').setInputFiles({ name: 'foto-1.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByTestId('attachment-card').getByRole('img', { name: 'foto-1.png' })).toBeVisible();

  const history = page.getByRole('region', { name: 'Riwayat perubahan' });
  await expect(history.getByTestId('revision')).toHaveCount(1);
  await expect(history).toContainText('Lampiran ditambahkan: foto-1.png');
  await expect(history).toContainText('Revisi 1 · Ani Suryani (ANS)');
  await history.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/amend-attachment.png' });

  await page.getByRole('button', { name: 'Hapus foto-1.png' }).click();
  await expect(page.getByTestId('attachment-card')).toHaveCount(0);
  await expect(history.getByTestId('revision').first()).toContainText('Lampiran dihapus: foto-1.png');
  await page.getByRole('button', { name: 'Batal' }).click();
  await expect(page.getByTestId('drop-zone')).toHaveCount(0);

  const visit = await ikm.withDb((api) => call(api, 'visit.get', { id: visitId }));
  expect(visit.status).toBe('final');
  expect(visit.revisions.map((r) => [r.revision, r.reason, r.changes, r.changedBy])).toEqual([
    [1, 'Lampiran ditambahkan: foto-1.png', ['lampiran'], 'Ani Suryani (ANS)'],
    [2, 'Lampiran dihapus: foto-1.png', ['lampiran'], 'Ani Suryani (ANS)'],
  ]);
});

test('keyboard: the section list moves with the arrows, Enter jumps to the section, Ctrl+S saves now', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api));
  const page = await ikm.page();
  await startVisit(page, siteId, 'Evaluasi');

  await page.getByTestId('section-link-umum').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('section-link-kind')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('section-link-temuan')).toHaveAttribute('aria-current', 'true');
  // The jump lands in the section's first field.
  await expect(field(page, 'Temuan')).toBeFocused();
  await page.keyboard.type('Gudang kosong, atap bocor');
  await page.keyboard.press('Control+S');
  await waitSaved(page);
  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  expect(visit.data).toMatchObject({ findings: 'Gudang kosong, atap bocor' });
});

test('a photo dropped on the drop zone is attached', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api));
  const page = await ikm.page();
  await startVisit(page, siteId, 'Inventarisasi');
  const png = (await readFile(fileURLToPath(new URL('../db/test-fixtures/photo-plain.png', import.meta.url)))).toString('base64');
  await page.getByTestId('drop-zone').evaluate((zone, base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'produk.png', { type: 'image/png' }));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, png);
  await expect(page.getByTestId('attachment-card').getByRole('img', { name: 'produk.png' })).toBeVisible();
  await expect(page.getByTestId('section-link-lampiran').getByLabel('lengkap', { exact: true })).toBeVisible();
  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  const attachments = await ikm.withDb((api) => call(api, 'attachment.list', { visitId: visit.id }));
  expect(attachments).toMatchObject([{ kind: 'photo', fileName: 'produk.png', mime: 'image/png', hasThumbnail: true }]);
});

test('in English the visit messages are in English too', async ({ ikm }) => {
  const siteId = await ikm.withDb(officeWithSiteInEnglish);
  const page = await ikm.page();
  await openNewVisit(page, siteId);
  await page.getByRole('button', { name: /^Inventory/ }).click();
  await expect(page.getByTestId('visit-status')).toHaveText('Draft');
  await page.getByRole('button', { name: 'Finalize', exact: true }).click();
  // The confirmation lists what is missing in English too.
  const dialog = page.getByRole('dialog', { name: 'Finalize the visit?' });
  await expect(dialog.getByTestId('finalize-warnings')).toContainText('No photo yet');
  await expect(dialog.getByTestId('finalize-invalid')).toContainText('Respondent name');
  await dialog.getByRole('button', { name: 'Show them on the form' }).click();
  await expect(page.getByTestId('form-failure')).toHaveText('Check the fields marked in red before finalizing.');
  await expect(field(page, 'Respondent name')).toHaveAccessibleDescription('Respondent name needs at least 2 characters');
  await expect(field(page, 'Male workers')).toHaveAccessibleDescription('Male workers must be a number');
  await expect(field(page, 'Capacity unit')).toHaveAccessibleDescription('Capacity unit is required');
  // Said from the code and the field's label, not from the Indonesian sentence.
  await expect(page.getByText('Market reach: at least 1 needed')).toBeVisible();
  await expect(page.getByText('Pilih jangkauan pemasaran')).toHaveCount(0);
});
