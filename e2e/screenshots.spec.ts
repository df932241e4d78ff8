import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { getVillages } from 'idn-area-data';
import { generateSites, indexVillages } from '../bench/generate';
import { systemClock, type Clock } from '../db/clock';
import { formatEnrollmentCode } from '../hub/store';
import { startHub } from '../hub/test-support';
import { expect, test } from './fixtures';
import { aSite, call, createSites, PLACES } from './support/api';
import { field, pick, setUpOffice, siteList, siteRows, waitForFrame } from './support/ui';

// Screenshots of every screen at 13-inch laptop sizes, for people to look at. Not a check, so
// only on request: IKM_SCREENSHOTS=1 npx playwright test screenshots --project=chromium
test.skip(!process.env.IKM_SCREENSHOTS, 'screenshots only on request (IKM_SCREENSHOTS=1)');
/** Screenshots come from the chromium shell only; one set is enough. */
function onlyChromium(): void {
  test.skip(test.info().project.name !== 'chromium', 'screenshots use the chromium shell');
}

const DIR = 'test-results/screens';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1280, height: 800 },
];

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await mkdir(DIR, { recursive: true });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: `${DIR}/${name}-${size.width}.png`, fullPage });
  }
  await page.setViewportSize(SIZES[0]);
}

test('setup screen', async ({ ikm }) => {
  onlyChromium();
  const page = await ikm.page();
  await expect(page.getByRole('heading', { name: 'Selamat datang di IKM Lapangan' })).toBeVisible();
  await shoot(page, '01-setup');
  await page.getByRole('button', { name: 'Mulai' }).click();
  await expect(page.getByText('Nama petugas paling sedikit 2 karakter')).toBeVisible();
  await shoot(page, '02-setup-errors');
});

test('register screens', async ({ ikm }) => {
  onlyChromium();
  test.setTimeout(180_000);
  const count = Number(process.env.IKM_SCREENSHOT_SITES ?? 3000);
  await ikm.withDb(async (api) => {
    await setUpOffice(api);
    const villages = (await getVillages()).filter((v) => v.code.startsWith('64.'));
    const sites = generateSites(count, indexVillages(villages.map((v) => ({ code: v.code, name: v.name, districtCode: v.district_code }))));
    for (const site of sites) await api.dispatch('site.create', { site, confirm: { duplicate: true, outsideProvince: true } });
    await createSites(api, [aSite({ certificates: ['NIB', 'PIRT', 'HALAL'], phone: '0812-5555-1234', nib: '1234567890123', latitude: -0.5921, longitude: 117.1836, notes: 'Produksi naik menjelang Lebaran. Perlu pendampingan sertifikasi halal untuk produk baru.' })]);
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await expect(page.getByTestId('dash-sites')).toBeVisible();
  await shoot(page, '03-beranda');

  await page.getByRole('navigation').getByRole('link', { name: 'Usaha IKM' }).click();
  await expect(siteRows(page).first()).toContainText(/\w/);
  await shoot(page, '04-list');
  await page.keyboard.press('Control+F');
  await page.keyboard.type('mplan');
  await expect(siteRows(page).first()).toContainText(/mplan/i);
  await pick(page, 'Wilayah', 'Wilayah II');
  await shoot(page, '05-list-search-filter');
  await siteList(page).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await shoot(page, '05b-list-keyboard-focus');

  await siteRows(page).first().click();
  await expect(page.getByRole('button', { name: 'Ubah' })).toBeVisible();
  await shoot(page, '06-detail');

  await page.keyboard.press('Control+N');
  await expect(page.getByRole('heading', { name: 'Tambah usaha IKM' })).toBeVisible();
  await shoot(page, '07-form-empty', true);
  await field(page, 'Lintang').fill('abc');
  await field(page, 'NIB').fill('12AB');
  await page.getByRole('button', { name: /^Simpan/ }).click();
  await expect(page.getByText('NIB terdiri dari 13 digit angka')).toBeVisible();
  await shoot(page, '08-form-errors');
  await shoot(page, '08-form-errors-full', true);

  // The duplicate dialog: same name, same desa as the seeded Amplang Mama Ani.
  await field(page, 'Nama usaha').fill('UD Amplang Mama Ani');
  await field(page, 'Lintang').fill('');
  await field(page, 'NIB').fill('');
  await pick(page, 'Kabupaten/kota', 'Kota Samarinda');
  await pick(page, 'Kecamatan', 'Palaran');
  await pick(page, 'Desa/kelurahan', 'Rawa Makmur');
  await pick(page, 'KBLI (golongan pokok)', '10 · Industri Makanan');
  await page.getByRole('button', { name: /^Simpan/ }).click();
  await expect(page.getByRole('dialog')).toContainText('Lihat usaha yang sudah ada');
  await shoot(page, '09-duplicate-dialog');
  await page.getByRole('button', { name: 'Lihat usaha yang sudah ada' }).click();
  await expect(page.getByRole('button', { name: 'Kembali ke peringatan' })).toBeVisible();
  await shoot(page, '10-duplicate-preview');
  await page.getByRole('button', { name: 'Kembali ke peringatan' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Batal' }).click();

  // The form holds unsaved changes: leaving it asks first.
  await page.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();
  await expect(page.getByRole('dialog', { name: 'Tinggalkan formulir?' })).toBeVisible();
  await shoot(page, '10b-leave-form');
  await page.getByRole('button', { name: 'Buang perubahan' }).click();
  await expect(page.getByRole('heading', { name: 'Wilayah pengembangan' })).toBeVisible();
  await shoot(page, '11-pengaturan');
  await page.getByRole('button', { name: 'Tambah wilayah' }).scrollIntoViewIfNeeded();
  await shoot(page, '11-pengaturan-bawah');

  await page.getByRole('navigation').getByRole('link', { name: /Kunjungan/ }).click();
  await shoot(page, '12-segera-hadir');

  await page.getByRole('banner').getByText('EN', { exact: true }).click();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Home' })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'IKM businesses' }).click();
  await expect(siteRows(page).first()).toContainText(/\w/);
  await shoot(page, '13-english-list');
  await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
  await shoot(page, '14-english-home');
});

test('Ekspor & Cetak and the import wizard', async ({ ikm }) => {
  onlyChromium();
  test.setTimeout(180_000);
  await ikm.withDb(async (api) => {
    await setUpOffice(api);
    await createSites(api, [aSite(), aSite({ name: 'Anyaman Rotan Dewi', villageCode: '64.02.17.2001', kbliCode: '16' })]);
  });
  const headers = ['No', 'Nama Perusahaan/Usaha', 'Pemilik', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI', 'TK Laki-laki', 'TK Perempuan', 'No. HP', 'Koordinat', 'Jenis Produk Olahan'];
  const rows = [
    ['1', 'Kerupuk Ikan Haruan', 'Siti', 'Kota Samarinda', 'Palaran', 'Rawa Makmur', '10792', '2', '3', '0812-5000-1111', '-0,5021; 117,1536', 'Kerupuk'],
    ['2', 'AMPLANG MAMA ANI', 'Ani', 'SAMARINDA', 'Palaran', 'Rawa Makmur', '10', '1', '1', '0812 7777 8888', '', 'Amplang'],
    ['3', 'Tenun Doyo', 'Rina', 'Kutai Kartanegara', '', 'Desa Yang Tidak Ada', '13', '2', '2', '', '', 'Tenun'],
    ['4', 'Kerupuk Ikan Haruan', 'Siti', 'Samarinda', 'Palaran', 'Rawa Makmur', '10', '2', '3', '', '', ''],
    ['5', 'Karet Remah Marang Kayu Dengan Nama Usaha Yang Cukup Panjang Sekali', 'Budi', 'Kab. Kutai Kartanegara', 'Marang Kayu', 'Sebuntal', '22', '1.250', '0', '+62 812 5555', '-0,5; 117', 'Karet'],
    ['6', 'Anyaman Rotan', 'Dewi', 'Kab. Kutai Kartanegara', 'Marang Kayu', 'Sebuntal', '16', '3', '4', '', '', 'Tas rotan'],
    ['7', 'Dodol Rumput Laut', 'Sri', 'Samarinda', 'Palaran', 'Rawa Makmur', '10', 'dua', '1', '', 'dekat pasar lama', 'Dodol'],
  ];
  const list = `${ikm.dataDir}/daftar-ikm-kantor-dinas-perindustrian-kalimantan-timur-2026.csv`;
  const { writeFile } = await import('node:fs/promises');
  // Cells holding the separator are quoted, as a spreadsheet writes them (the coordinates "-0,5021; 117,1536").
  await writeFile(list, [headers, ...rows].map((r) => r.map((c) => (c.includes(';') ? `"${c}"` : c)).join(';')).join('\r\n'));

  const page = await ikm.page();
  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Ekspor & Cetak' }).click();
  await expect(page.getByRole('heading', { name: 'Impor daftar usaha IKM' })).toBeVisible();
  await shoot(page, '20-ekspor');
  await shoot(page, '20-ekspor-full', true);
  const wizard = page.getByRole('region', { name: 'Impor daftar usaha IKM' });
  await wizard.scrollIntoViewIfNeeded();
  await shoot(page, '21-impor-pilih');
  const chooser = page.waitForEvent('filechooser');
  await wizard.getByRole('button', { name: 'Pilih berkas…' }).click();
  await (await chooser).setFiles(list);
  await expect(wizard.getByTestId('import-file')).toBeVisible();
  await wizard.getByTestId('import-file').scrollIntoViewIfNeeded();
  await shoot(page, '22-impor-kolom');
  await wizard.getByRole('button', { name: 'Periksa baris', exact: true }).click();
  await expect(wizard.getByTestId('import-plan')).toBeVisible();
  await wizard.getByTestId('import-counts').scrollIntoViewIfNeeded();
  await shoot(page, '23-impor-periksa');
  await wizard.getByText('Semua', { exact: true }).click();
  await shoot(page, '23b-impor-periksa-semua');
  await shoot(page, '23c-impor-periksa-full', true);
  // The same rows in English: every problem said from its code, none in Indonesian.
  await page.getByRole('banner').getByText('EN', { exact: true }).click();
  // The region is named in the UI's language: the table is found by its test id.
  const table = page.getByTestId('import-rows');
  await expect(table).toContainText('Coordinates "dekat pasar lama" cannot be read');
  await shoot(page, '23d-impor-periksa-english');
  await page.getByText('Errors', { exact: true }).click();
  await expect(table).toContainText('Workers, men "dua" is not a whole number');
  await shoot(page, '23e-impor-periksa-galat-english');
  await page.getByRole('banner').getByText('ID', { exact: true }).click();
  await expect(table).toContainText('Tenaga kerja laki-laki "dua" bukan bilangan bulat');
  await shoot(page, '23f-impor-periksa-galat');
  await wizard.getByText('Semua', { exact: true }).click();
  await wizard.getByRole('button', { name: 'Impor', exact: true }).click();
  await expect(wizard.getByTestId('import-done')).toBeVisible();
  await shoot(page, '24-impor-selesai');
  const visits = page.getByRole('region', { name: 'Ekspor log kunjungan' });
  await visits.scrollIntoViewIfNeeded();
  await visits.getByRole('button', { name: 'Ekspor…' }).click();
  await shoot(page, '25-ekspor-dialog');
});

test('Sinkronisasi refusals in both languages', async ({ ikm }) => {
  onlyChromium();
  await ikm.withDb(setUpOffice);
  const page = await ikm.page();
  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Sinkronisasi' }).click();
  await expect(page.getByRole('heading', { name: 'Sinkronisasi', level: 2 })).toBeVisible();
  // The form's own field messages, from the schema's issue codes.
  await page.getByLabel('Alamat hub').fill('bukan alamat');
  await page.getByLabel('Kode pendaftaran').fill('123');
  await page.getByRole('button', { name: 'Daftarkan laptop' }).click();
  await expect(page.getByText('Alamat hub tidak valid', { exact: false })).toBeVisible();
  await shoot(page, '30-sync-enrol-errors');
  // A hub that does not answer (port 9 on loopback: nothing listens there).
  await page.getByLabel('Alamat hub').fill('http://127.0.0.1:9');
  await page.getByLabel('Kode pendaftaran').fill('K7QD-M9XA-4TRB');
  await page.getByRole('button', { name: 'Daftarkan laptop' }).click();
  await expect(page.getByRole('alert')).toContainText('127.0.0.1:9');
  await shoot(page, '31-sync-unreachable');
  await page.getByRole('banner').getByText('EN', { exact: true }).click();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Home' })).toBeVisible();
  await page.getByRole('button', { name: /^Enrol/ }).click();
  await expect(page.getByRole('alert')).toContainText('127.0.0.1:9');
  await shoot(page, '32-sync-unreachable-english');
  await page.getByRole('textbox').first().fill('not an address');
  await page.getByRole('button', { name: /^Enrol/ }).click();
  await expect(page.getByText('The hub address is not valid', { exact: false })).toBeVisible();
  await shoot(page, '33-sync-enrol-errors-english');
});

test('Sinkronisasi after the office narrowed the laptop\'s scope (sites released)', async ({ ikm }) => {
  onlyChromium();
  const { hub, url: hubUrl, stop } = await startHub();
  try {
    await ikm.withDb(setUpOffice);
    await ikm.withDb((api) =>
      createSites(api, [
        aSite({ name: 'Amplang Samarinda' }),
        aSite({ name: 'Kerupuk Marang Kayu', villageCode: PLACES.marangKayu.village }),
        aSite({ name: 'Madu Marang Kayu', villageCode: PLACES.marangKayu.village }),
      ]),
    );
    const page = await ikm.page();
    await waitForFrame(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Sinkronisasi' }).click();
    await page.getByLabel('Alamat hub').fill(hubUrl);
    await page.getByLabel('Kode pendaftaran').fill(formatEnrollmentCode(hub.store.createEnrollment({ officerCode: 'ANS', regencies: ['64.72', '64.02'] }, new Date())));
    await page.getByRole('button', { name: 'Daftarkan laptop' }).click();
    const syncNow = page.getByRole('button', { name: 'Sinkronkan sekarang' });
    await syncNow.click();
    await expect(page.getByTestId('pending-count')).toHaveText('0');
    hub.store.setScope(hub.store.devices()[0].id, ['64.72']);
    await syncNow.click();
    await expect(page.getByTestId('last-released')).toContainText('2 usaha');
    await shoot(page, '34-sync-released');
    await page.getByRole('banner').getByText('EN', { exact: true }).click();
    await expect(page.getByTestId('last-released')).toContainText('2 businesses');
    await shoot(page, '35-sync-released-english');
  } finally {
    await stop();
  }
});

test('Sinkronisasi clock warning in both languages', async ({ ikm }) => {
  onlyChromium();
  // A real hub on loopback whose clock is three hours behind the laptop's (a laptop set to the
  // wrong time zone): the laptop learns the difference from the hub's answers.
  const behind: Clock = { now: () => new Date(Date.now() - 3 * 3_600_000), newId: systemClock.newId };
  const { hub, url, stop } = await startHub({ clock: behind });
  try {
    const code = formatEnrollmentCode(hub.store.createEnrollment({ officerCode: 'ANS', regencies: [] }, behind.now()));
    await ikm.withDb(async (api) => {
      await setUpOffice(api);
      await call(api, 'hubSync.enroll', { url, code });
    });
    const page = await ikm.page();
    await waitForFrame(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Sinkronisasi' }).click();
    await expect(page.getByTestId('clock-warning')).toContainText('Jam laptop lebih cepat 3 jam dari jam hub');
    await shoot(page, '36-sync-clock');
    await page.getByRole('banner').getByText('EN', { exact: true }).click();
    await expect(page.getByTestId('clock-warning')).toContainText('The laptop clock is 3 hours ahead of the hub clock');
    await shoot(page, '37-sync-clock-english');
  } finally {
    await stop();
  }
});
