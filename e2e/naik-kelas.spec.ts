import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { aSite, call, createSites, PLACES } from './support/api';
import { openNav, pick, setUpOffice, waitForFrame } from './support/ui';

test.describe('Naik kelas', () => {
  test.describe.configure({ timeout: 300_000 });

  test('sites ready for their next certificate, filtered by step, regency and KBLI, exported to a CSV that reads back', async ({ ikm }) => {
    await ikm.withDb(async (api) => {
      await setUpOffice(api);
      await createSites(api, [
        aSite({ name: 'Kerupuk Samarinda', villageCode: PLACES.samarinda.village, certificates: [{ kind: 'NIB', number: '9120001234567' }, { kind: 'PIRT', date: '2026-02-10' }] }),
        aSite({ name: 'Tahu Palaran', villageCode: PLACES.samarinda.village, certificates: ['NIB', { kind: 'HALAL', status: 'proses', date: '2026-06-01' }] }),
        aSite({ name: 'Tenun Doyo', villageCode: PLACES.balikpapan.village, kbliCode: '13', certificates: ['NIB'] }),
        aSite({ name: 'Roti Tutup', villageCode: PLACES.samarinda.village, certificates: ['NIB', 'PIRT'], operatingStatus: 'tutup' }),
      ]);
      // What the Beranda will count (another screen): PIRT gained in 2026 in Samarinda.
      expect(await call(api, 'certificates.gained', { dateFrom: '2026-01-01', dateTo: '2026-11-30', regencyCodes: ['64.72'] })).toEqual([{ kind: 'PIRT', sites: 1 }]);
    });
    const page = await ikm.page();
    await waitForFrame(page);
    await openNav(page, 'Naik kelas');
    await expect(page.getByTestId('naik-kelas-count')).toHaveText('7 langkah');
    await expect(page.locator('#naik-kelas-row-0')).toContainText('Tenun Doyo');
    const halal = page.getByRole('option').filter({ hasText: 'Tahu Palaran' }).filter({ hasText: '→ Sertifikat Halal' });
    await expect(halal).toContainText('proses, diajukan 01/06/2026');
    await page.screenshot({ path: 'test-results/screens/223-naik-kelas-1366.png' });

    await pick(page, 'Langkah', 'SPP-IRT (PIRT) → SNI');
    await expect(page.getByTestId('naik-kelas-site').locator('.ikm-strong')).toHaveText(['Kerupuk Samarinda']);
    await page.getByRole('button', { name: 'Hapus filter' }).click();
    await pick(page, 'Kabupaten/kota', 'Kota Balikpapan');
    await expect(page.getByTestId('naik-kelas-next')).toHaveText(['→ HKI / Merek']);
    await page.getByRole('button', { name: 'Hapus filter' }).click();
    await page.getByLabel('Hanya yang belum mengajukan').check();
    await expect(page.getByTestId('naik-kelas-count')).toHaveText('6 langkah');

    await page.getByRole('button', { name: 'Ekspor', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Ekspor daftar naik kelas' });
    await dialog.getByRole('radio', { name: /CSV/ }).check();
    await dialog.getByRole('button', { name: 'Ekspor…' }).click();
    await expect(dialog.getByTestId('export-naikKelas-done')).toContainText('6 baris diekspor', { timeout: 60_000 });
    const csv = (await dialog.getByTestId('export-file').textContent())!;
    const rows = parse(readFileSync(csv, 'utf8').replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(6);
    const kerupukSni = rows.find((r) => r['Nama usaha'] === 'Kerupuk Samarinda' && r['Langkah berikutnya'] === 'SNI')!;
    expect(kerupukSni['Sertifikat (tahap, nomor, tanggal)']).toBe('NIB (9120001234567); PIRT (2026-02-10)');
    expect(rows.some((r) => r['Nama usaha'] === 'Roti Tutup')).toBe(false);
    await page.keyboard.press('Escape');

    await page.getByRole('banner').getByText('EN', { exact: true }).click();
    await expect(page.getByTestId('naik-kelas-count')).toHaveText('6 steps');
    await page.screenshot({ path: 'test-results/screens/224-naik-kelas-english-1366.png' });
  });
});
