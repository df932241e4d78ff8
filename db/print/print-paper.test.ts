import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Api } from '../api';
import type { VisitPrint } from '../model/print';
import { anInventarisasi, call, createSite, setUpApi } from '../test-support';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'test-fixtures', name)));

/** Every text a printed visit form shows (not its images), to look for a date in the wrong form. */
const printedTexts = (visit: VisitPrint) => [
  ...visit.site.map((r) => r.value),
  ...visit.sections.flatMap((s) => s.rows.map((r) => r.value)),
  ...visit.photos.map((p) => p.caption),
  visit.placeDate,
  ...visit.revisions.flatMap((r) => [r.title, r.reason, ...r.changes.flatMap((c) => [c.before, c.after])]),
];

/** Files under a folder, recursively. */
const filesUnder = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(folder, e.name)) : [join(folder, e.name)]));

describe('what paper says', () => {
  let api: Api;
  let dbFile: string;
  let dispose: () => void;
  before(async () => ({ api, dbFile, dispose } = await setUpApi()));
  after(() => dispose());

  test('a provincial office signs in the province capital (Samarinda), not "Kalimantan Timur"', async () => {
    const letterhead = await call(api, 'letterhead.get');
    assert.equal(letterhead.place, 'Samarinda');
    const form = await call(api, 'print.blank', { visitKind: 'evaluasi' });
    assert.equal(form.place, 'Samarinda');
  });

  test('a filled form: KBLI with its name, dates in Indonesian (no 2027-03-31), "—" for what nobody recorded, a draft marked', async () => {
    const site = await createSite(api, { name: 'Amplang Mama Ani', kbliCode: '10750', ownerName: null });
    const draft = await call(api, 'visit.saveDraft', {
      siteId: site.id,
      data: {
        kind: 'identifikasi',
        visitDate: '2026-11-20',
        officers: ['Ani Suryani'],
        respondent: { name: 'Pak Rahmat', position: null, phone: null },
        operatingStatus: 'aktif',
        kbliCode: '10750',
        products: 'Amplang ikan pipih',
        workforce: { male: 2, female: 3 },
        recommendations: [{ text: 'Urus sertifikat halal', action: 'Pendampingan', dueDate: '2027-03-31' }],
      },
    });
    const [visit] = await call(api, 'print.visits', { ids: [draft.id] });
    const rows = Object.fromEntries(visit.sections.flatMap((s) => s.rows).map((r) => [r.label, r.value]));
    assert.equal(rows['KBLI'], '10750 – Industri Makanan');
    assert.equal(visit.site.find((r) => r.label === 'KBLI')?.value, '10750 – Industri Makanan');
    assert.equal(rows['Rekomendasi'], 'Urus sertifikat halal (Pendampingan, 31 Maret 2027)');
    assert.equal(rows['Jabatan responden'], '—');
    assert.equal(visit.site.find((r) => r.label === 'Nama pemilik')?.value, '—');
    for (const text of printedTexts(visit)) assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}/, text);
    assert.equal(visit.draft, true);
    assert.equal(visit.siteName, 'Amplang Mama Ani');
    assert.deepEqual(visit.missingFiles, []);
  });

  test('times print in the province\'s zone (WITA for Kaltim), whatever the computer\'s zone', async () => {
    const site = await createSite(api, { name: 'Kerupuk Haruan' });
    const saved = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi({ visitDate: '2026-10-01' }) });
    await call(api, 'visit.finalize', { id: saved.id });
    await call(api, 'visit.amend', { id: saved.id, data: anInventarisasi({ visitDate: '2026-10-01', productionValueRp: 250_000_000 }), reason: 'Salah ketik' });
    const [visit] = await call(api, 'print.visits', { ids: [saved.id] });
    const changedAt = (await call(api, 'visit.get', { id: saved.id })).revisions[0].changedAt;
    const wita = new Date(Date.parse(changedAt) + 8 * 3_600_000).toISOString();
    const hour = `${wita.slice(11, 13)}.${wita.slice(14, 16)}`;
    assert.match(visit.revisions[0].title, new RegExp(`pukul ${hour.replace('.', '\\.')} WITA$`));
    assert.equal(visit.draft, false);

    const profile = await call(api, 'print.site', { id: site.id });
    assert.match(profile.printedOn, /^Dicetak \d{1,2} \w+ \d{4} pukul \d{2}\.\d{2} WITA$/);
  });

  test('the rekap counts each site\'s current workforce, and "—" (null) for a production value nobody recorded', async () => {
    // A site of 65 workers whose only visit in the period recorded no workforce (an evaluasi).
    const site = await createSite(api, { name: 'Pabrik Karet Lama', workers: 65 });
    const saved = await call(api, 'visit.saveDraft', {
      siteId: site.id,
      data: {
        kind: 'evaluasi',
        visitDate: '2025-05-05',
        officers: ['Ani Suryani'],
        respondent: { name: 'Pak Darto', position: null, phone: null },
        operatingStatus: 'berhenti_sementara',
        stoppedSince: '2024-01-01',
        stopReasons: ['bahan_baku'],
        buildingCondition: 'baik',
        machineCondition: 'rusak_ringan',
        revivalPotential: 3,
      },
    });
    await call(api, 'visit.finalize', { id: saved.id });
    const rekap = await call(api, 'print.rekap', { dateFrom: '2025-01-01', dateTo: '2025-12-31' });
    const total = rekap.rows.find((r) => r.level === 'total')!;
    assert.equal(total.sites, 1);
    assert.equal(total.workers, 65);
    assert.equal(total.productionValueRp, null);
    assert.equal(total.workersMale, null);
    assert.match(rekap.printedOn, / WITA$/);
  });

  test('a photo or signature whose file is not on this laptop is said so, not silently left out', async () => {
    const site = await createSite(api, { name: 'Sarung Samarinda' });
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi({ visitDate: '2026-09-09' }) });
    await call(api, 'attachment.add', { visitId: draft.id, kind: 'photo', fileName: 'dapur produksi.jpg', bytes: fixture('photo-gps.jpg') });
    await call(api, 'attachment.add', { visitId: draft.id, kind: 'signature', role: 'respondent', fileName: 'ttd.png', bytes: fixture('photo-plain.png') });
    const [whole] = await call(api, 'print.visits', { ids: [draft.id] });
    assert.ok(whole.photos[0].src && whole.signatures[0].src);
    assert.deepEqual(whole.missingFiles, []);

    // The files go (as on a laptop that has the rows from the hub but not yet the files).
    for (const file of filesUnder(join(dirname(dbFile), 'attachments'))) rmSync(file);
    const [visit] = await call(api, 'print.visits', { ids: [draft.id] });
    assert.equal(visit.photos.length, 1, 'the photo keeps its place on the form');
    assert.equal(visit.photos[0].src, null);
    assert.match(visit.photos[0].caption, /^dapur produksi\.jpg/);
    assert.equal(visit.signatures[0].src, null);
    assert.deepEqual(visit.missingFiles, ['foto "dapur produksi.jpg"', 'tanda tangan responden']);
  });
});
