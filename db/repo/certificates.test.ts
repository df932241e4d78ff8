import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import type { Api } from '../api';
import { readCertificates, storedCertificates, type CertificateEntryInput } from '../model/certificate';
import { SiteInput } from '../model/site';
import type { CertificateKind } from '../model/catalog';
import { localDate } from '../model/visit';
import { migrate } from '../open-database';
import { MIGRATIONS } from '../migrations';
import { withGuardOpen } from '../sync/write-guard';
import { anInventarisasi, call, openReplicas, sendAll, setUpApi, siteInput, VILLAGES } from '../test-support';

const CONFIRM = { duplicate: true, outsideProvince: true };
const held = (kind: CertificateKind, number: string | null = null, date: string | null = null) => ({ kind, status: 'dimiliki' as const, number, date });
const inProcess = (kind: CertificateKind, date: string | null = null, number: string | null = null) => ({ kind, status: 'proses' as const, number, date });

describe('certificate entries in the site cell', () => {
  test('old cells (kinds alone) read as held; new entries, mixed lists and unknown kinds read too', () => {
    assert.deepEqual(readCertificates('["PIRT","HALAL"]'), [held('HALAL'), held('PIRT')]);
    assert.deepEqual(readCertificates(['SNI', { kind: 'ISO9001', status: 'proses', date: '2026-03-01' }, 'KOSHER', { kind: 'X' }, 7]), [
      inProcess('ISO9001', '2026-03-01'),
      held('SNI'),
    ]);
    assert.deepEqual(readCertificates('not json'), []);
    assert.deepEqual(readCertificates([inProcess('SNI'), 'SNI']), [held('SNI')], 'a kind held beats the same kind in process');
  });

  test('stored form: a held kind with nothing more stays a plain kind, as older versions wrote it', () => {
    const entries = readCertificates(['PIRT', held('NIB', '1234567890123', '2025-01-02'), inProcess('SNI', '2026-02-01')]);
    assert.deepEqual(storedCertificates(entries), [held('NIB', '1234567890123', '2025-01-02'), 'PIRT', inProcess('SNI', '2026-02-01')]);
    assert.deepEqual(SiteInput.parse(siteInput({ certificates: ['PIRT', 'HALAL', 'PIRT'] })).certificates, [held('HALAL'), held('PIRT')]);
  });
});

describe('migration 0012: site_certificate rows from every site cell', () => {
  test('old and new cells become rows, kept by the triggers on insert, update and delete', () => {
    const at = MIGRATIONS.findIndex((m) => m.name === '0012-site-certificates');
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, at));
    const insert = (id: string, certificates: string) =>
      db
        .prepare(
          `INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code,
                            kbli_division, operating_status, certificates, created_at, updated_at)
           VALUES (?, 'x', 'x', '64', '64.72', '64.72.01', '64.72.01.1001', '10', '10', 'aktif', ?, 't', 't')`,
        )
        .run(id, certificates);
    withGuardOpen(db, () => insert('old', '["PIRT","HALAL"]'));
    migrate(db, MIGRATIONS.slice(0, at + 1));
    const rows = () => db.prepare('SELECT s.id, c.kind, c.status, c.number, c.date FROM site_certificate c JOIN site s ON s.rowid = c.site_rowid ORDER BY 1, 2').all();
    assert.deepEqual(rows(), [
      { id: 'old', kind: 'HALAL', status: 'dimiliki', number: null, date: null },
      { id: 'old', kind: 'PIRT', status: 'dimiliki', number: null, date: null },
    ]);
    withGuardOpen(db, () => {
      insert('new', JSON.stringify(['NIB', inProcess('SNI', '2026-01-05'), { status: 'proses' }]));
      db.prepare(`UPDATE site SET certificates = '["PIRT"]' WHERE id = 'old'`).run();
    });
    assert.deepEqual(rows(), [
      { id: 'new', kind: 'NIB', status: 'dimiliki', number: null, date: null },
      { id: 'new', kind: 'SNI', status: 'proses', number: null, date: '2026-01-05' },
      { id: 'old', kind: 'PIRT', status: 'dimiliki', number: null, date: null },
    ]);
    withGuardOpen(db, () => db.prepare(`DELETE FROM site WHERE id = 'new'`).run());
    assert.equal(rows().length, 1);
    db.close();
  });
});

describe('naik kelas: the pipeline, certificates gained, sites ready for the next step', () => {
  let api: Api;
  let dispose: () => void;
  const id = { kerupuk: '', tahu: '', tenun: '', berhenti: '', kukar: '' };
  before(async () => {
    ({ api, dispose } = await setUpApi());
    const create = async (over: Parameters<typeof siteInput>[0]) => {
      const saved = await call(api, 'site.create', { site: siteInput(over), confirm: CONFIRM });
      assert.ok(saved.saved);
      return saved.site.id;
    };
    id.kerupuk = await create({ name: 'Kerupuk Samarinda', certificates: [held('NIB', '9120001234567', '2024-05-01'), held('PIRT', 'P-IRT 2066472010123-25', '2026-02-10')] as CertificateEntryInput[] });
    id.tahu = await create({ name: 'Tahu Palaran', certificates: ['NIB', inProcess('HALAL', '2026-06-01')] as CertificateEntryInput[] });
    id.tenun = await create({ name: 'Tenun Doyo', villageCode: VILLAGES.balikpapan, kbliCode: '13', certificates: [held('NIB', null, '2026-07-01')] as CertificateEntryInput[] });
    id.berhenti = await create({ name: 'Roti Tutup', certificates: ['NIB', 'PIRT'], operatingStatus: 'tutup' });
    id.kukar = await create({ name: 'Amplang Tenggarong', villageCode: VILLAGES.marangKayu, certificates: [held('PIRT', null, '2026-03-03')] as CertificateEntryInput[] });
  });
  after(() => dispose());

  test('the site keeps each certificate with its stage, number and date; the held kinds read as before', async () => {
    const site = await call(api, 'site.get', { id: id.tahu });
    assert.deepEqual(site.certificates, ['NIB'], 'held kinds, what exports, the form and visits read');
    assert.deepEqual(site.certificatePipeline, [held('NIB'), inProcess('HALAL', '2026-06-01')].sort((a, b) => a.kind.localeCompare(b.kind)));
  });

  test('certificates.gained counts held certificates dated in the period, by kind, for a list of regencies', async () => {
    assert.deepEqual(await call(api, 'certificates.gained', { dateFrom: '2026-01-01', dateTo: '2026-11-30' }), [
      { kind: 'NIB', sites: 1 },
      { kind: 'PIRT', sites: 2 },
    ]);
    assert.deepEqual(await call(api, 'certificates.gained', { dateFrom: '2026-01-01', dateTo: '2026-11-30', regencyCodes: ['64.72'] }), [{ kind: 'PIRT', sites: 1 }]);
    assert.deepEqual(await call(api, 'certificates.gained', { dateFrom: '2026-01-01', dateTo: '2026-06-30', regencyCodes: ['64.71', '64.02'] }), [
      { kind: 'PIRT', sites: 1 },
    ]);
    const refused = await api.dispatch('certificates.gained', { dateFrom: '2026-12-31', dateTo: '2026-01-01' });
    assert.equal(!refused.ok && refused.error.code, 'VALIDATION');
  });

  test('certificates.ready: operating sites ready for a next step by the rules table, filtered', async () => {
    const all = await call(api, 'certificates.ready', { limit: 100 });
    const pairs = all.items.map((r) => `${r.name}: ${r.next}${r.nextInProcess ? ' (proses)' : ''}`);
    assert.deepEqual(pairs, [
      'Amplang Tenggarong: SNI',
      'Tenun Doyo: HKI',
      'Kerupuk Samarinda: HALAL',
      'Kerupuk Samarinda: SNI',
      'Kerupuk Samarinda: HKI',
      'Tahu Palaran: PIRT',
      'Tahu Palaran: HALAL (proses)',
      'Tahu Palaran: HKI',
    ]);
    assert.equal(all.total, pairs.length, 'Roti Tutup is not operating; PIRT and halal only for food and drink (KBLI 10, 11)');
    const sni = await call(api, 'certificates.ready', { rule: 'pirt_sni' });
    assert.deepEqual(sni.items.map((r) => r.name), ['Amplang Tenggarong', 'Kerupuk Samarinda']);
    assert.deepEqual(sni.items[1].certificates.map((c) => c.kind), ['NIB', 'PIRT']);
    assert.deepEqual((await call(api, 'certificates.ready', { rule: 'nib_halal', includeInProcess: false })).items.map((r) => r.name), ['Kerupuk Samarinda']);
    assert.deepEqual((await call(api, 'certificates.ready', { regencyCode: '64.71' })).items.map((r) => r.rule), ['nib_hki']);
    assert.deepEqual((await call(api, 'certificates.ready', { kbliDivision: '13' })).items.map((r) => r.name), ['Tenun Doyo']);
    const page = await call(api, 'certificates.ready', { limit: 3, offset: 3 });
    assert.equal(page.total, 8);
    assert.deepEqual(page.items.map((r) => r.next), ['SNI', 'HKI', 'PIRT']);
  });
});

describe('naik kelas fed by visits', () => {
  test('a later final inventarisasi decides what is held; the form keeps numbers, dates and what is in process', async () => {
    const { replicas: [a], dispose } = await openReplicas(1);
    try {
      const created = a.core.sites.create(SiteInput.parse(siteInput({ villageCode: VILLAGES.marangKayu })), CONFIRM);
      assert.ok(created.saved);
      const siteId = created.site.id;
      // The form's edit three days ago; the visit today (a later day: the visit is the latest word).
      a.clock.offsetMs = -3 * 86_400_000;
      a.core.sites.update(siteId, SiteInput.parse(siteInput({ villageCode: VILLAGES.marangKayu, certificates: [held('PIRT', 'P-IRT 1', '2026-03-03'), inProcess('HKI', '2026-04-01'), inProcess('SNI', '2026-05-01')] })), CONFIRM);
      a.clock.offsetMs = 0;
      const today = localDate(a.clock.now());
      const draft = a.core.visits.saveDraft({ siteId, data: anInventarisasi({ visitDate: today, certificatesHeld: ['PIRT', 'SNI'] }) as never }, a.officer);
      a.core.visits.finalize(draft.id);
      const site = a.core.sites.get(siteId);
      assert.deepEqual(site.certificates, ['PIRT', 'SNI']);
      assert.deepEqual(site.certificatePipeline, [inProcess('HKI', '2026-04-01'), held('PIRT', 'P-IRT 1', '2026-03-03'), held('SNI', null, today)]);
      assert.deepEqual(a.core.certificates.gained(today, today), [{ kind: 'SNI', sites: 1 }], 'a kind a visit found is gained on that visit day');
      // A later visit that no longer finds SNI: it is gone, and found again later it is gained again then.
      const gone = a.core.visits.saveDraft({ siteId, data: anInventarisasi({ visitDate: today, certificatesHeld: ['PIRT'] }) as never }, a.officer);
      a.core.visits.finalize(gone.id);
      assert.deepEqual(a.core.sites.get(siteId).certificates, ['PIRT']);
      assert.deepEqual(a.core.certificates.gained(today, today), []);
    } finally {
      dispose();
    }
  });
});

describe('naik kelas across laptops: the certificates are one cell', () => {
  test('two laptops editing different certificates of one site: the later edit wins the cell everywhere, the other is a conflict to review', async () => {
    const { replicas: [a, b], dispose } = await openReplicas(2);
    try {
      const created = a.core.sites.create(SiteInput.parse(siteInput({ certificates: ['NIB'] })), CONFIRM);
      assert.ok(created.saved);
      const siteId = created.site.id;
      sendAll(a, b);
      a.core.sites.update(siteId, SiteInput.parse(siteInput({ certificates: ['NIB', inProcess('SNI', '2026-05-01')] })), CONFIRM);
      b.clock.offsetMs = 60_000;
      b.core.sites.update(siteId, SiteInput.parse(siteInput({ certificates: [held('NIB', '9120001234567'), 'PIRT'] })), CONFIRM);
      sendAll(a, b);
      sendAll(b, a);
      for (const r of [a, b]) {
        const site = r.core.sites.get(siteId);
        assert.deepEqual(site.certificatePipeline, [held('NIB', '9120001234567'), held('PIRT')], 'the later edit, whole');
        const conflicts = r.core.sync.conflicts();
        assert.equal(conflicts.length, 1);
        assert.equal(conflicts[0].column, 'certificates');
        assert.deepEqual(conflicts[0].loser.value, ['NIB', inProcess('SNI', '2026-05-01')]);
        const rows = r.core.db.prepare('SELECT kind, status FROM site_certificate WHERE site_rowid = (SELECT rowid FROM site WHERE id = ?) ORDER BY kind').all(siteId);
        assert.deepEqual(rows, [{ kind: 'NIB', status: 'dimiliki' }, { kind: 'PIRT', status: 'dimiliki' }], 'the derived rows follow the cell');
      }
      // Restoring the other laptop's value is itself a change that converges.
      a.core.sync.resolveConflict(a.core.sync.conflicts()[0].id, 'restore', 'Ani Suryani (ANS)');
      sendAll(a, b);
      for (const r of [a, b]) assert.deepEqual(r.core.sites.get(siteId).certificatePipeline, [held('NIB'), inProcess('SNI', '2026-05-01')]);
    } finally {
      dispose();
    }
  });
});
