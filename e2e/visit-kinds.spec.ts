import { expect, test } from './fixtures';
import { call } from './support/api';
import { combo, field, pick } from './support/ui';
import { fillDate, finalizeVisit, officeWithSite, startVisit, visitFromUrl, waitSaved } from './support/visit-ui';

// A whole visit is a long form: more steps than the register's specs.
test.describe.configure({ timeout: 150_000 });

test('evaluasi through the form: finalized, and the site is recorded as not operating', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api, { name: 'Pabrik Karet Marang Kayu', operatingStatus: 'berhenti_sementara' }));
  const page = await ikm.page();
  await startVisit(page, siteId, 'Evaluasi');

  await expect(field(page, 'Nama responden')).toBeVisible();
  await fillDate(page, 'Tanggal kunjungan', '20/11/2026');
  await field(page, 'Nama responden').fill('Pak Darman');
  // It starts from the site's status; the officer records what was seen.
  await expect(combo(page, 'Status operasi')).toHaveValue('Berhenti sementara');
  await pick(page, 'Status operasi', 'Tidak beroperasi');
  await fillDate(page, 'Berhenti sejak', '01/06/2025');
  await page.getByRole('checkbox', { name: 'Bahan baku' }).check();
  await field(page, 'Catatan penyebab berhenti').fill('Harga karet turun, pasokan lateks berhenti');
  await pick(page, 'Kondisi bangunan', 'Rusak ringan');
  await pick(page, 'Kondisi mesin', 'Rusak berat');
  await page.locator('label', { hasText: /^3$/ }).click();
  await expect(page.getByRole('radio', { name: '3' })).toBeChecked();
  await waitSaved(page);
  await page.screenshot({ path: 'test-results/evaluasi-draft.png', fullPage: false });

  await finalizeVisit(page);
  await expect(page.getByTestId('visit-status')).toHaveText('Final');
  await expect(page.getByTestId('visit-number')).toHaveText(/^ANS\/\d{4}\/[0-9A-Z]{3}-0001$/);
  await page.screenshot({ path: 'test-results/evaluasi-final.png', fullPage: false });

  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  expect(visit.status).toBe('final');
  expect(visit.data).toMatchObject({
    kind: 'evaluasi',
    visitDate: '2026-11-20',
    officers: ['Ani Suryani'],
    respondent: { name: 'Pak Darman' },
    stoppedSince: '2025-06-01',
    stopReasons: ['bahan_baku'],
    buildingCondition: 'rusak_ringan',
    machineCondition: 'rusak_berat',
    revivalPotential: 3,
    operatingStatus: 'tidak_beroperasi',
  });
  const site = await ikm.withDb((api) => call(api, 'site.get', { id: siteId }));
  expect(site.operatingStatus).toBe('tidak_beroperasi');
});

test('inventarisasi through the form: rupiah typed both ways, lists, market; the site gets the workforce', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api));
  const page = await ikm.page();
  await startVisit(page, siteId, 'Inventarisasi');

  await fillDate(page, 'Tanggal kunjungan', '18/11/2026');
  await field(page, 'Nama responden').fill('Ibu Ani Wulandari');
  await field(page, 'Jabatan responden').fill('Pemilik');
  await field(page, 'Tenaga kerja laki-laki').fill('2');
  await field(page, 'Tenaga kerja perempuan').fill('6');
  await expect(page.getByTestId('workforce-total')).toHaveText('8');
  await field(page, 'Kapasitas produksi').fill('150');
  await field(page, 'Satuan kapasitas').fill('kg');
  await pick(page, 'Periode kapasitas', 'per minggu');
  await field(page, 'Nilai produksi per tahun').fill('1.250.000');
  await field(page, 'Nilai investasi').fill('45000000');
  await field(page, 'Nilai investasi').blur();
  await expect(field(page, 'Nilai investasi')).toHaveValue('45.000.000');

  await page.getByRole('button', { name: 'Tambah bahan baku' }).click();
  await field(page, 'Bahan baku 1').fill('Ikan pipih');
  await pick(page, 'Asal bahan baku 1', 'Lokal (dalam provinsi)');
  await page.getByRole('button', { name: 'Tambah mesin' }).click();
  await field(page, 'Nama mesin 1').fill('Mesin giling');
  await field(page, 'Jumlah mesin 1').fill('2');
  await page.getByRole('checkbox', { name: 'Listrik PLN' }).check();
  await page.getByRole('checkbox', { name: 'Nasional' }).check();
  await page.getByRole('checkbox', { name: 'Modal' }).check();
  await field(page, 'Catatan masalah Modal').fill('Butuh modal kerja untuk stok ikan');
  await field(page, 'Bantuan yang pernah diterima').fill('Pelatihan PIRT 2024');
  await waitSaved(page);

  await finalizeVisit(page);
  await expect(page.getByTestId('visit-status')).toHaveText('Final');
  // The final record reads the amount whole, with its "Rp" (issue 20, major 5).
  await expect(field(page, 'Nilai produksi per tahun')).toHaveValue(/^Rp\s1\.250\.000$/);

  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  expect(visit.status).toBe('final');
  expect(visit.data).toMatchObject({
    kind: 'inventarisasi',
    workforce: { male: 2, female: 6 },
    capacity: { amount: 150, unit: 'kg', period: 'minggu' },
    productionValueRp: 1_250_000,
    investmentRp: 45_000_000,
    rawMaterials: [{ name: 'Ikan pipih', origin: 'lokal' }],
    machinery: [{ name: 'Mesin giling', count: 2 }],
    energySources: ['listrik_pln'],
    marketReach: ['nasional'],
    problems: [{ kind: 'modal', notes: 'Butuh modal kerja untuk stok ikan' }],
  });
  const site = await ikm.withDb((api) => call(api, 'site.get', { id: siteId }));
  expect(site.workers).toBe(8);
});

test('identifikasi of a registered site through the form', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) =>
    officeWithSite(api, { operatingStatus: 'calon', kbliCode: '10794', products: 'Amplang', certificates: ['NIB'], latitude: -0.5921, longitude: 117.1836 }),
  );
  const page = await ikm.page();
  await startVisit(page, siteId, 'Identifikasi');

  // The form starts from the site's facts, not blank.
  await expect(combo(page, 'KBLI')).toHaveValue('10794 · Industri Makanan');
  await expect(field(page, 'Produk')).toHaveValue('Amplang');
  await expect(combo(page, 'Status operasi')).toHaveValue('Calon IKM');
  await expect(field(page, 'Lintang')).toHaveValue('-0,5921');

  await fillDate(page, 'Tanggal kunjungan', '19/11/2026');
  await field(page, 'Nama responden').fill('Ani Wulandari');
  await pick(page, 'Status operasi', 'Aktif');
  await pick(page, 'KBLI', '10 · Industri Makanan');
  await field(page, 'Produk').fill('Amplang ikan pipih');
  await field(page, 'Tenaga kerja laki-laki').fill('1');
  await field(page, 'Tenaga kerja perempuan').fill('3');
  await pick(page, 'Potensi sentra', 'Tinggi');
  await page.getByRole('button', { name: 'Tambah rekomendasi' }).click();
  await field(page, 'Rekomendasi 1').fill('Urus sertifikat halal');
  await fillDate(page, 'Tenggat 1', '31/03/2027');
  await waitSaved(page);

  await finalizeVisit(page);
  await expect(page.getByTestId('visit-status')).toHaveText('Final');
  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  expect(visit.data).toMatchObject({
    kind: 'identifikasi',
    kbliCode: '10',
    // The site's NIB came along; ticking nothing did not drop it.
    certificates: ['NIB'],
    workforce: { male: 1, female: 3 },
    sentraPotential: 'tinggi',
    recommendations: [{ text: 'Urus sertifikat halal', dueDate: '2027-03-31' }],
  });
  const site = await ikm.withDb((api) => call(api, 'site.get', { id: siteId }));
  // What the visit recorded reaches the site, the products typed in it too.
  expect(site).toMatchObject({ operatingStatus: 'aktif', workers: 4, products: 'Amplang ikan pipih', certificates: ['NIB'] });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.evaluate((id) => (window.location.hash = `#/usaha/${id}`), siteId);
  // Newest on top: the visit's products; the KBLI it restated is the registration's, with its division's short name.
  await expect(page.getByTestId('fact-timeline').getByTestId('fact-products').first()).toContainText('Amplang ikan pipih');
  await expect(page.getByTestId('fact-timeline').getByTestId('fact-kbliCode').first()).toContainText('10 · Makanan');
  await page.getByTestId('fact-timeline').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/site-products-from-visit.png' });
});

test('pembinaan through the form: follow-ups of the last visit recommendations', async ({ ikm }) => {
  const siteId = await ikm.withDb(async (api) => {
    const id = await officeWithSite(api, { operatingStatus: 'aktif' });
    const earlier = await call(api, 'visit.saveDraft', {
      siteId: id,
      data: {
        kind: 'identifikasi',
        visitDate: '2026-06-02',
        officers: ['Ani Suryani'],
        respondent: { name: 'Ani Wulandari' },
        operatingStatus: 'aktif',
        kbliCode: '10',
        products: 'Amplang',
        workforce: { male: 1, female: 2 },
        recommendations: [{ text: 'Urus sertifikat halal' }],
      },
    });
    await call(api, 'visit.finalize', { id: earlier.id });
    return id;
  });
  const page = await ikm.page();
  await startVisit(page, siteId, 'Pembinaan');

  await fillDate(page, 'Tanggal kunjungan', '21/11/2026');
  await field(page, 'Nama responden').fill('Ani Wulandari');
  // The earlier visit's recommendation is already listed.
  await expect(field(page, 'Rekomendasi sebelumnya 1')).toHaveValue('Urus sertifikat halal');
  await field(page, 'Catatan tindak lanjut 1').fill('Sertifikat terbit Oktober');
  await page.getByRole('checkbox', { name: 'Sudah dilaksanakan 1' }).check();
  await field(page, 'Temuan').fill('Produksi naik setelah halal');
  await waitSaved(page);

  await finalizeVisit(page);
  await expect(page.getByTestId('visit-status')).toHaveText('Final');
  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  expect(visit.status).toBe('final');
  expect(visit.data).toMatchObject({
    kind: 'pembinaan',
    followUps: [{ recommendation: 'Urus sertifikat halal', done: true, notes: 'Sertifikat terbit Oktober' }],
    findings: 'Produksi naik setelah halal',
  });
});
