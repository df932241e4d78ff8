import { existsSync, readdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { openCore } from '../db/core';
import { anInventarisasi, RESPONDENT } from '../db/test-support';
import { expect, test } from './fixtures';
import { exportDirOf } from './shells/chromium';
import { aSite, call, createSites, PLACES } from './support/api';
import { openNav, pick, setUpOffice, waitForFrame } from './support/ui';

test.describe('export', () => {
  // Exports run in the test process beside the browser: slow on a busy machine.
  test.describe.configure({ timeout: 120_000 });

  test('the visit log exports what its filters show, to an Excel workbook that reads back right', async ({ ikm }) => {
    await ikm.withDb(async (api) => {
      await setUpOffice(api);
      const [amplang, karet] = await createSites(api, [
        aSite({ name: 'Amplang Café – Palaran', villageCode: PLACES.samarinda.village }),
        aSite({ name: '=Pabrik Karet Marang Kayu', villageCode: PLACES.marangKayu.village, kbliCode: '22' }),
      ]);
      const inv = await call(api, 'visit.saveDraft', { siteId: amplang, data: anInventarisasi({ visitDate: '2026-11-10' }) });
      await call(api, 'visit.finalize', { id: inv.id });
      const evaluasi = await call(api, 'visit.saveDraft', {
        siteId: karet,
        data: {
          kind: 'evaluasi', visitDate: '2018-10-31', officers: ['Budi Santoso'], respondent: RESPONDENT,
          operatingStatus: 'tidak_beroperasi', stoppedSince: '2016-03-01', stopReasons: ['bahan_baku'],
          buildingCondition: 'rusak_ringan', machineCondition: 'rusak_berat', revivalPotential: 4,
        },
      });
      await call(api, 'visit.finalize', { id: evaluasi.id });
    });
    const page = await ikm.page();
    await waitForFrame(page);
    await openNav(page, 'Kunjungan');
    await pick(page, 'Jenis kunjungan', 'Evaluasi');
    await expect(page.getByTestId('visit-count')).toHaveText('1 kunjungan');

    await page.getByRole('button', { name: 'Ekspor', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Ekspor log kunjungan' });
    await expect(dialog.getByTestId('export-visits-filter')).toHaveText('Jenis kunjungan: Evaluasi');
    await expect(dialog.getByRole('radio', { name: 'Excel (XLSX)' })).toBeChecked();
    await dialog.getByRole('button', { name: 'Ekspor…' }).click();
    await expect(dialog.getByTestId('export-visits-done')).toContainText('1 kunjungan, 1 usaha', { timeout: 30_000 });
    const path = (await dialog.getByTestId('export-file').textContent())!;
    expect(path.startsWith(exportDirOf(ikm.dbFile))).toBe(true);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.getWorksheet('Kunjungan')!;
    expect(sheet.rowCount).toBe(2);
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const cell = (name: string) => sheet.getRow(2).getCell(header.indexOf(name) + 1);
    expect(cell('Nama usaha').value).toBe('=Pabrik Karet Marang Kayu');
    expect(cell('Nama usaha').type).toBe(ExcelJS.ValueType.String);
    expect(cell('Tanggal kunjungan').value).toEqual(new Date(Date.UTC(2018, 9, 31)));
    expect(cell('Kabupaten/kota').value).toBe('Kabupaten Kutai Kartanegara');
    expect(cell('Evaluasi: potensi dihidupkan kembali (1–5)').value).toBe(4);
  });

  test('Ekspor & Cetak exports the register as CSV with the register\'s search', async ({ ikm }) => {
    await ikm.withDb(async (api) => {
      await setUpOffice(api);
      await createSites(api, [
        aSite({ name: 'Amplang Café – Palaran' }),
        aSite({ name: 'Tenun Ulap Doyo', villageCode: PLACES.balikpapan.village, kbliCode: '13', products: 'Tenun' }),
      ]);
    });
    const page = await ikm.page();
    await waitForFrame(page);
    await openNav(page, 'Usaha IKM');
    await page.getByRole('searchbox', { name: 'Cari usaha' }).fill('amplang');
    await expect(page.getByTestId('site-count')).toHaveText(/^1 /);
    await openNav(page, 'Ekspor & Cetak');
    await expect(page.getByRole('heading', { name: 'Ekspor & Cetak' })).toBeVisible();
    const sites = page.getByRole('region', { name: 'Ekspor register usaha IKM' });
    await expect(sites.getByTestId('export-sites-filter')).toHaveText('Kata kunci: amplang');
    // Each card says what its workbook holds: the register's has no Kunjungan sheet.
    await expect(sites.getByTestId('export-sites-format-hint')).toHaveText('Buku kerja Excel: lembar Usaha IKM dan Keterangan (filter, waktu, petugas).');
    await expect(page.getByRole('region', { name: 'Ekspor log kunjungan' }).getByTestId('export-visits-format-hint')).toHaveText(
      'Buku kerja Excel: lembar Kunjungan, Usaha IKM dan Keterangan (filter, waktu, petugas).',
    );
    await sites.getByRole('radio', { name: 'CSV' }).check();
    await expect(sites.getByTestId('export-sites-format-hint')).toHaveText('Satu berkas CSV (UTF-8), terbuka langsung di Excel.');
    await page.screenshot({ path: test.info().outputPath('ekspor-cetak.png') });
    await sites.getByRole('button', { name: 'Ekspor…' }).click();
    await expect(sites.getByTestId('export-sites-done')).toContainText('1 usaha', { timeout: 30_000 });
    const path = (await sites.getByTestId('export-file').textContent())!;
    const rows = parse(readFileSync(path), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['Nama usaha'])).toEqual(['Amplang Café – Palaran']);
    expect(rows[0]['Kabupaten/kota']).toBe('Kota Samarinda');
  });

  test('Batal stops a long export and leaves no file', async ({ ikm }) => {
    await ikm.withDb(async (api) => {
      await setUpOffice(api);
      await createSites(api, [aSite()]);
    });
    // Many visits, written straight through the repo in one transaction (the UI is not under test here).
    const core = openCore({ dbFile: ikm.dbFile });
    const siteId = (core.db.prepare('SELECT id FROM site').pluck().get() as string);
    const officer = { id: 'seed', name: 'Ani Suryani', nip: null, code: 'ANS' };
    core.db.transaction(() => {
      for (let i = 0; i < 15_000; i++) core.visits.saveDraft({ siteId, data: anInventarisasi({ findings: `Kunjungan ${i}` }) as never }, officer);
    })();
    core.close();

    const page = await ikm.page();
    await waitForFrame(page);
    await openNav(page, 'Ekspor & Cetak');
    const visits = page.getByRole('region', { name: 'Ekspor log kunjungan' });
    await visits.getByRole('button', { name: 'Ekspor…' }).click();
    const progress = visits.getByTestId('export-visits-progress');
    await expect(progress).toContainText(/Kunjungan [\d.]+ dari 15\.000/);
    // Under load the button was seen detached and attached again between progress updates, so a
    // click waiting for it to hold still could miss for 30 s (cause not found yet; see the closing note).
    await progress.getByRole('button', { name: 'Batal' }).dispatchEvent('click', undefined, { timeout: 30_000 });
    await expect(visits.getByTestId('export-visits-cancelled')).toHaveText('Ekspor dibatalkan. Tidak ada berkas yang ditulis.', { timeout: 30_000 });
    const dir = exportDirOf(ikm.dbFile);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});
