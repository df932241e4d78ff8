import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import type { Api } from '../db/api';
import type { VisitDataInput } from '../db/model';
import { openCore } from '../db/core';
import { VisitDraftSave } from '../db/model/visit';
import { anInventarisasi, RESPONDENT } from '../db/test-support';
import { expect, test } from './fixtures';
import { aSite, call, createSites, PLACES } from './support/api';
import { combo, pick, setUpOffice, waitForFrame } from './support/ui';
import { fillDate } from './support/visit-ui';

const respondent = RESPONDENT;

/** The shared complete inventarisasi, as these specs' assertions expect it: 3 workers, PIRT only. */
function inventarisasi(overrides: Partial<Extract<VisitDataInput, { kind: 'inventarisasi' }>> = {}): VisitDataInput {
  return anInventarisasi({
    visitDate: '2026-11-10',
    workforce: { male: 2, female: 1 },
    marketReach: ['lokal'],
    certificatesHeld: ['PIRT'],
    certificatesWanted: [],
    ...overrides,
  });
}

/** Saves a visit as a draft and, unless `draft`, finalizes it; returns its id. */
async function record(api: Api, siteId: string, data: VisitDataInput | { kind: string }, draft = false): Promise<string> {
  const saved = await call(api, 'visit.saveDraft', { siteId, data: data as never });
  if (!draft) await call(api, 'visit.finalize', { id: saved.id });
  return saved.id;
}

interface Seeded {
  amplang: string;
  karet: string;
  /** The open draft with data: Kerajinan Manik, identifikasi, ANS/…/0004. */
  draft: string;
}

/**
 * Three sites in three wilayah and six visits:
 * 0001 Amplang inventarisasi 10 Nov final (Ani) · 0002 Karet inventarisasi 12 Nov final (Ani, Budi) ·
 * 0003 Karet evaluasi 18 Nov final, tidak beroperasi (Budi) · 0004 Manik identifikasi 20 Nov draft (Citra) ·
 * 0005 Amplang pembinaan draft without a date · 0006 Amplang inventarisasi 15 Nov final, SNI and 10 workers.
 */
async function seed(api: Api): Promise<Seeded> {
  await setUpOffice(api);
  const [amplang, karet, manik] = await createSites(api, [
    aSite({ name: 'Amplang Mama Ani', villageCode: PLACES.samarinda.village }),
    aSite({ name: 'Pabrik Karet Marang Kayu', villageCode: PLACES.marangKayu.village, kbliCode: '22', products: 'Karet remah' }),
    aSite({ name: 'Kerajinan Manik Balikpapan', villageCode: PLACES.balikpapan.village, kbliCode: '32', products: 'Manik-manik' }),
  ]);
  await record(api, amplang, inventarisasi());
  await record(api, karet, inventarisasi({ visitDate: '2026-11-12', officers: ['Ani Suryani', 'Budi Santoso'] }));
  await record(api, karet, {
    kind: 'evaluasi',
    visitDate: '2026-11-18',
    officers: ['Budi Santoso'],
    respondent,
    operatingStatus: 'tidak_beroperasi',
    stoppedSince: '2026-06-01',
    stopReasons: ['bahan_baku', 'modal'],
    buildingCondition: 'rusak_ringan',
    machineCondition: 'baik',
    revivalPotential: 4,
  });
  const draft = await record(
    api,
    manik,
    {
      kind: 'identifikasi',
      visitDate: '2026-11-20',
      officers: ['Citra Lestari'],
      respondent,
      operatingStatus: 'aktif',
      kbliCode: '32',
      products: 'Manik-manik',
      workforce: { male: 1, female: 3 },
    },
    true,
  );
  await record(api, amplang, { kind: 'pembinaan' }, true);
  await record(
    api,
    amplang,
    inventarisasi({ visitDate: '2026-11-15', workforce: { male: 4, female: 6 }, certificatesHeld: ['PIRT', 'SNI'] }),
  );
  return { amplang, karet, draft };
}

function visitList(page: Page) {
  return page.getByRole('listbox', { name: 'Daftar kunjungan' });
}

function visitRows(page: Page) {
  return visitList(page).getByRole('option');
}

/** On request (IKM_VISIT_SHOTS=/some/dir), screenshots of these screens for people to look at. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.IKM_VISIT_SHOTS;
  if (!dir || test.info().project.name !== 'chromium') return;
  await mkdir(dir, { recursive: true });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: `${dir}/${name}.png` });
}

test('the visit log lists the whole team’s visits with a total, and every filter narrows it', async ({ ikm }) => {
  test.setTimeout(120_000); // some forty steps, each a query and a render
  await ikm.withDb(async (api) => {
    await seed(api);
    // 0001 is amended once: the log marks it.
    const { items } = await call(api, 'visit.list', {});
    const first = await call(api, 'visit.get', { id: items.find((v) => v.number.endsWith('0001'))!.id });
    await call(api, 'visit.amend', { id: first.id, data: { ...first.data, findings: 'Ralat: produksi 40 kg' } as never, reason: 'Salah ketik' });
  });
  const page = await ikm.page();
  await waitForFrame(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Kunjungan' }).click();
  await expect(page).toHaveURL(/#\/kunjungan$/);
  await expect(page.getByTestId('visit-count')).toHaveText('6 kunjungan');
  // Newest first; the draft without a date comes last.
  await expect(visitRows(page)).toHaveText([/0004/, /0003/, /0006/, /0002/, /0001/, /0005/]);
  const first = visitRows(page).first();
  await expect(first).toContainText('Kerajinan Manik Balikpapan');
  await expect(first).toContainText('Kota Balikpapan');
  await expect(first).toContainText('Identifikasi');
  await expect(first).toContainText('Citra Lestari');
  await expect(first).toContainText('Draf');
  await expect(first).toContainText('Jum, 20 Nov 2026');
  await expect(visitRows(page).nth(1)).toContainText('Final');
  await expect(visitRows(page).getByTestId('visit-amended')).toHaveCount(1);
  await expect(visitRows(page).nth(4).getByTestId('visit-amended')).toHaveText('Diubah');
  await shot(page, 'visit-log');

  await pick(page, 'Jenis kunjungan', 'Evaluasi');
  await expect(page.getByTestId('visit-count')).toHaveText('1 kunjungan');
  await expect(visitRows(page)).toHaveText([/0003.*Pabrik Karet Marang Kayu/]);
  await pick(page, 'Jenis kunjungan', 'Inventarisasi');
  await expect(visitRows(page)).toHaveText([/0006/, /0002/, /0001/]);
  await page.getByRole('button', { name: 'Hapus filter' }).click();
  await expect(page.getByTestId('visit-count')).toHaveText('6 kunjungan');
  await expect(combo(page, 'Jenis kunjungan')).toHaveValue('');

  await pick(page, 'Status kunjungan', 'Draf');
  await expect(visitRows(page)).toHaveText([/0004/, /0005/]);
  await page.getByRole('button', { name: 'Hapus filter' }).click();

  await fillDate(page, 'Dari tanggal', '11/11/2026');
  await fillDate(page, 'Sampai tanggal', '19/11/2026');
  await expect(page.getByTestId('visit-count')).toHaveText('3 kunjungan');
  await expect(visitRows(page)).toHaveText([/0003/, /0006/, /0002/]);
  await page.getByRole('button', { name: 'Hapus filter' }).click();

  await pick(page, 'Kabupaten/kota', 'Kab. Kutai Kartanegara');
  await expect(visitRows(page)).toHaveText([/0003/, /0002/]);
  await page.getByRole('button', { name: 'Hapus filter' }).click();

  await pick(page, 'Wilayah', 'Wilayah I');
  await expect(visitRows(page)).toHaveText([/Kerajinan Manik Balikpapan/]);
  await pick(page, 'Wilayah', 'Wilayah II');
  await expect(visitRows(page)).toHaveText([/0006/, /0001/, /0005/]);
  await page.getByRole('button', { name: 'Hapus filter' }).click();

  // The search box finds a site by any part of its name, or a visit by its number.
  const search = page.getByRole('searchbox', { name: 'Cari usaha atau nomor kunjungan' });
  await search.fill('karet');
  await expect(visitRows(page)).toHaveText([/0003/, /0002/]);
  await search.fill('mplang ma');
  await expect(visitRows(page)).toHaveText([/0006/, /0001/, /0005/]);
  const number = (await visitRows(page).first().locator('.ikm-mono').textContent())!;
  await search.fill(number.toLowerCase());
  await expect(visitRows(page)).toHaveText([/0006/]);
  await expect(page.getByTestId('visit-count')).toHaveText('1 kunjungan');
  await page.getByRole('button', { name: 'Hapus filter' }).click();
  await expect(search).toHaveValue('');

  await page.getByRole('searchbox', { name: 'Petugas' }).fill('budi');
  await expect(visitRows(page)).toHaveText([/0003/, /0002/]);
  await page.getByRole('searchbox', { name: 'Petugas' }).fill('tidak ada petugas begini');
  await expect(page.getByText('Tidak ada kunjungan yang cocok dengan filter ini.')).toBeVisible();
  await page.getByRole('button', { name: 'Hapus filter' }).click();
  await expect(page.getByTestId('visit-count')).toHaveText('6 kunjungan');

  // The keyboard opens a visit, and "Kunjungan baru" goes to the new-visit form.
  await visitList(page).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/kunjungan\/[0-9a-f-]{36}$/);
  await page.goBack();
  await expect(page.getByTestId('visit-count')).toHaveText('6 kunjungan');
  await page.getByRole('link', { name: 'Kunjungan baru' }).click();
  await expect(page).toHaveURL(/#\/kunjungan\/baru$/);
});

test('the site page shows its visits newest first and how its status, workers and certificates changed', async ({ ikm }) => {
  const seeded = await ikm.withDb(seed);
  const page = await ikm.page();
  await waitForFrame(page);
  await page.evaluate((id) => (window.location.hash = `#/usaha/${id}`), seeded.karet);
  await expect(page.getByRole('heading', { name: 'Pabrik Karet Marang Kayu' })).toBeVisible();

  const visits = page.getByRole('list', { name: 'Riwayat kunjungan' }).getByRole('listitem');
  await expect(visits).toHaveText([/0003.*Rab, 18 Nov 2026.*Evaluasi.*Final/, /0002.*Kam, 12 Nov 2026.*Inventarisasi.*Final/]);
  const facts = page.getByTestId('fact-timeline');
  // Newest change on top: the factory stopped, after it was recorded active.
  const statusChange = facts.getByTestId('fact-operatingStatus').first();
  await expect(statusChange).toHaveText(/Status operasi\s*Aktif\s*Tidak beroperasi/);
  await expect(facts).toContainText('Rabu, 18 November 2026');
  await expect(facts).toContainText(/ANS\/\d{4}\/(?:[0-9A-Z]{3}-)?0003/);
  await expect(facts.getByTestId('fact-operatingStatus').nth(1)).toHaveText(/Status operasi\s*Aktif/);
  await shot(page, 'site-timeline');

  await visits.first().click();
  await expect(page).toHaveURL(/#\/kunjungan\/[0-9a-f-]{36}$/);

  // Amplang went from 3 workers (micro) to 10 (small) and gained SNI: naik kelas.
  await page.evaluate((id) => (window.location.hash = `#/usaha/${id}`), seeded.amplang);
  await expect(page.getByRole('heading', { name: 'Amplang Mama Ani' })).toBeVisible();
  const amplangFacts = page.getByTestId('fact-timeline');
  await expect(amplangFacts.getByTestId('fact-workers').first()).toContainText(/3 orang.*10 orang.*Mikro.*Kecil.*Naik kelas/);
  await expect(amplangFacts.getByTestId('fact-certificates').first()).toContainText(/\+ SNI.*Naik kelas/);
  await expect(page.getByRole('list', { name: 'Riwayat kunjungan' }).getByRole('listitem')).toHaveText([/0006/, /0001/, /0005.*Belum bertanggal.*Draf/]);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await shot(page, 'site-timeline-naik-kelas');
});

test('Beranda lists the open drafts, and a draft opens its visit', async ({ ikm }) => {
  const seeded = await ikm.withDb(seed);
  const page = await ikm.page();
  await waitForFrame(page);
  const card = page.getByTestId('open-drafts');
  await expect(card.getByRole('heading', { name: 'Draf terbuka' })).toBeVisible();
  const drafts = card.getByRole('listitem');
  await expect(drafts).toHaveCount(2);
  await expect(card).toContainText('Kerajinan Manik Balikpapan');
  await expect(card).toContainText('Identifikasi');
  await expect(card).toContainText('Amplang Mama Ani');
  await expect(card).toContainText('Pembinaan');
  await expect(card).toContainText('Disimpan');
  await shot(page, 'beranda-drafts');
  await card.getByRole('listitem').filter({ hasText: 'Kerajinan Manik Balikpapan' }).click();
  await expect(page).toHaveURL(new RegExp(`#/kunjungan/${seeded.draft}$`));
});

test('a log of 2,000 visits scrolls to its last row', async ({ ikm }) => {
  // Seeding is not what is tested: 2,000 drafts go in through the repo in one transaction (one
  // fsync, not 2,000), so a busy machine spends its time on the scrolling below.
  test.setTimeout(120_000);
  const site = await ikm.withDb(async (api) => {
    await setUpOffice(api);
    return (await createSites(api, [aSite()]))[0];
  });
  const core = openCore({ dbFile: ikm.dbFile });
  try {
    const officer = core.settings.getOfficer(core.settings.getSetup()!.officerId)!;
    const day = Date.UTC(2020, 0, 1);
    core.db.transaction(() => {
      for (let i = 0; i < 2000; i++) {
        const visitDate = new Date(day + i * 86_400_000).toISOString().slice(0, 10);
        const input = VisitDraftSave.parse({ siteId: site, data: { kind: 'pembinaan', visitDate, officers: [`Petugas ${i % 7}`] } });
        core.visits.saveDraft(input, officer);
      }
    })();
  } finally {
    core.close();
  }
  const page = await ikm.page();
  await waitForFrame(page);
  // Beranda shows the latest few drafts and leads to the rest in the log.
  const card = page.getByTestId('open-drafts');
  await expect(card.getByRole('listitem')).toHaveCount(5);
  await card.getByRole('link', { name: 'Lihat semua 2.000 draf di Kunjungan' }).click();
  await expect(page.getByTestId('visit-count')).toHaveText('2.000 kunjungan');
  await expect(combo(page, 'Status kunjungan')).toHaveValue('Draf');
  await expect(visitRows(page).first()).toContainText(/ANS\/\d{4}\/(?:[0-9A-Z]{3}-)?2000/);

  // Scrolled to the bottom the way a scroll bar would: the oldest visit, row 2,000, loads.
  await visitList(page).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  const last = visitList(page).locator('[aria-posinset="2000"]');
  // The last page is fetched after the scroll settles: slow work on a loaded machine, so its own time.
  await expect(last).toContainText(/ANS\/\d{4}\/[0-9A-Z]{3}-0001/, { timeout: 30_000 });
  await expect(last).toContainText('Rab, 1 Jan 2020');
  await expect(last).toBeInViewport();
  // Only a screenful of rows is in the page, not 2,000.
  expect(await visitRows(page).count()).toBeLessThan(60);

  // Home and End from the keyboard.
  await visitList(page).focus();
  await page.keyboard.press('Home');
  await expect(visitList(page).locator('[aria-posinset="1"]')).toBeInViewport();
  await page.keyboard.press('End');
  await expect(last).toBeInViewport();
  await expect(last).toHaveAttribute('aria-selected', 'true');
});
