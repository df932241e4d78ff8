import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Api } from '../api';
import { anInventarisasi, call, createSite, KALTIM_SETUP, setUpApi, VILLAGES } from '../test-support';

describe('print models', () => {
  let api: Api;
  let dispose: () => void;
  let visitId = '';
  before(async () => {
    ({ api, dispose } = await setUpApi());
    const site = await createSite(api, { name: 'Amplang Café – Mama Ani' });
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi({ visitDate: '2018-10-31' }) });
    await call(api, 'visit.finalize', { id: draft.id });
    await call(api, 'visit.amend', {
      id: draft.id,
      data: anInventarisasi({ visitDate: '2018-10-31', productionValueRp: 300_000_000, workforce: { male: 5, female: 6 } }),
      reason: 'Salah ketik',
    });
    visitId = draft.id;
    const karet = await createSite(api, { name: 'Pabrik Karet', villageCode: VILLAGES.marangKayu, kbliCode: '22' });
    const other = await call(api, 'visit.saveDraft', { siteId: karet.id, data: anInventarisasi({ visitDate: '2018-11-02' }) });
    await call(api, 'visit.finalize', { id: other.id });
  });
  after(() => dispose());

  test('the kop surat starts from the setup, is validated, and is kept', async () => {
    const initial = await call(api, 'letterhead.get');
    assert.equal(initial.government, 'Pemerintah Provinsi Kalimantan Timur');
    const bad = await api.dispatch('letterhead.save', { ...initial, logo: 'data:text/html;base64,PGI+' });
    assert.equal(!bad.ok && bad.error.code, 'VALIDATION');
    await call(api, 'letterhead.save', { ...initial, place: 'Samarinda', address: 'Jl. Basuki Rahmat No. 55' });
    assert.equal((await call(api, 'letterhead.get')).place, 'Samarinda');
  });

  test('a filled form says everything in words, with the amendment\'s old and new values', async () => {
    const [visit] = await call(api, 'print.visits', { ids: [visitId] });
    assert.equal(visit.title, 'Formulir Inventarisasi IKM');
    assert.match(visit.number, /^ANS\/2026\/[0-9A-Z]{3}-0001$/);
    assert.equal(visit.placeDate, 'Samarinda, 31 Oktober 2018');
    assert.match(visit.qrCode, /^data:image\/svg\+xml;base64,/);
    const rows = Object.fromEntries(visit.sections.flatMap((s) => s.rows).map((r) => [r.label, r.value]));
    assert.equal(rows['Nilai produksi per tahun (Rp)'], 'Rp 300.000.000');
    assert.equal(rows['Tanggal kunjungan'], '31 Oktober 2018');
    assert.equal(rows['Bahan baku (asal)'], 'Ikan pipih (lokal)');
    assert.deepEqual(visit.signatures.map((s) => [s.role, s.name, s.nip]), [
      ['Responden', 'Pak Rahmat', null],
      ['Petugas', 'Ani Suryani', '198703122010012003'],
    ]);
    assert.equal(visit.revisions.length, 1);
    assert.equal(visit.revisions[0].reason, 'Salah ketik');
    // The stored changes, with the labels and words the history on screen uses.
    assert.deepEqual(visit.revisions[0].changes, [
      { label: 'Nilai produksi per tahun', before: 'Rp 240.000.000', after: 'Rp 300.000.000' },
      { label: 'Tenaga kerja laki-laki', before: '4', after: '5' },
    ]);
  });

  test('blank forms have room for every kind', async () => {
    for (const kind of ['identifikasi', 'inventarisasi', 'evaluasi', 'pembinaan'] as const) {
      const form = await call(api, 'print.blank', { visitKind: kind });
      assert.equal(form.sections.length, 4);
      assert.ok(form.sections[2].fields.length > 0);
    }
  });

  test('the rekap counts per wilayah, regency and KBLI, and totals', async () => {
    const rekap = await call(api, 'print.rekap', { dateFrom: '2018-01-01', dateTo: '2018-12-31' });
    assert.equal(rekap.period, '1 Januari 2018 s.d. 31 Desember 2018');
    assert.deepEqual(
      rekap.rows.map((r) => [r.level, r.label, r.sites, r.visits, r.workersMale, r.workersFemale, r.productionValueRp]),
      [
        ['wilayah', 'Wilayah II', 1, 1, 5, 6, 300_000_000],
        ['regency', 'Kota Samarinda', 1, 1, 5, 6, 300_000_000],
        ['kbli', '10 Industri Makanan', 1, 1, 5, 6, 300_000_000],
        ['wilayah', 'Wilayah III', 1, 1, 4, 6, 240_000_000],
        ['regency', 'Kabupaten Kutai Kartanegara', 1, 1, 4, 6, 240_000_000],
        ['kbli', '22 Industri Karet, Barang dari Karet dan Plastik', 1, 1, 4, 6, 240_000_000],
        ['total', 'Jumlah', 2, 2, 9, 12, 540_000_000],
      ],
    );
    assert.deepEqual(rekap.byStatus.find((s) => s.status === 'Aktif'), { status: 'Aktif', sites: 2 });
    const empty = await call(api, 'print.rekap', { dateFrom: '2020-01-01', dateTo: '2020-12-31' });
    assert.deepEqual(empty.rows.map((r) => r.level), ['total']);
    const backwards = await api.dispatch('print.rekap', { dateFrom: '2020-01-02', dateTo: '2020-01-01' });
    assert.equal(!backwards.ok && backwards.error.code, 'VALIDATION');
  });

  test('a rekap PDF whose start is after its end is refused as a validation error, not an internal one', async () => {
    const result = await api.dispatch('print.pdf', { target: { kind: 'rekap', dateFrom: '2020-01-02', dateTo: '2020-01-01' } });
    assert.equal(!result.ok && result.error.code, 'VALIDATION');
    assert.match(!result.ok ? result.error.message : '', /Tanggal akhir tidak boleh sebelum tanggal awal/);
    const send = await api.dispatch('print.send', { target: { kind: 'rekap', dateFrom: '2020-01-02', dateTo: '2020-01-01' } });
    assert.equal(!send.ok && send.error.code, 'VALIDATION');
  });

  test('printing to PDF without a shell that can render says so', async () => {
    const result = await api.dispatch('print.pdf', { target: { kind: 'blank', visitKind: 'evaluasi' } });
    assert.equal(!result.ok && result.error.message, 'Mencetak ke PDF hanya bisa dari jendela aplikasi');
  });
});

test("a regency office's forms are signed at the regency's seat, a city office's in the city, not in Samarinda", async () => {
  for (const [regencyCode, place] of [
    ['64.03', 'Tenggarong'],
    ['64.71', 'Balikpapan'],
  ] as const) {
    const { api, dispose } = await setUpApi();
    try {
      const setup = await call(api, 'setup.get');
      await call(api, 'setup.save', { ...KALTIM_SETUP, regencyCode, language: setup?.language ?? 'id' });
      const letterhead = await call(api, 'letterhead.get');
      assert.equal(letterhead.place, place);
    } finally {
      dispose();
    }
  }
});
