import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Api } from '../api';
import type { Site } from '../model/site';
import { VisitListQuery } from '../model/visit';
import { anInventarisasi, call, createSite, RESPONDENT, setUpApi, siteInput, VILLAGES } from '../test-support';
import { queryPlan, type RepoStatement } from './query-plan';
import { changedPaths } from './visits';

const respondent = RESPONDENT;

const inventarisasi = anInventarisasi;

describe('visits', () => {
  let api: Api;
  let dispose: () => void;
  let site: Site;
  before(async () => {
    ({ api, dispose } = await setUpApi());
    const created = await call(api, 'site.create', { site: siteInput({ workers: 3 }) });
    site = (created as { site: Site }).site;
  });
  after(() => dispose());

  test('a draft takes incomplete data, gets a readable number, and is listed as open', async () => {
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'inventarisasi', visitDate: '2026-11-20' } });
    assert.match(draft.number, /^ANS\/\d{4}\/[0-9A-Z]{3}-0001$/);
    assert.equal(draft.status, 'draft');
    const again = await call(api, 'visit.saveDraft', { id: draft.id, siteId: site.id, data: { kind: 'inventarisasi', officers: ['Ani'] } });
    assert.equal(again.number, draft.number, 'saving a draft again keeps its number');
    assert.deepEqual(again.data, { kind: 'inventarisasi', officers: ['Ani'] });
    const second = await call(api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'pembinaan' } });
    assert.match(second.number, /-0002$/);
    const drafts = await call(api, 'visit.drafts');
    assert.deepEqual(drafts.map((d) => d.id).sort(), [draft.id, second.id].sort());
  });

  test('finalize refuses an incomplete visit with every missing field, and changes nothing', async () => {
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'inventarisasi', visitDate: '2026-11-20' } });
    const result = await api.dispatch('visit.finalize', { id: draft.id });
    assert.equal(result.ok, false);
    const paths = !result.ok ? result.error.issues!.map((i) => i.path) : [];
    for (const p of ['data.officers', 'data.respondent', 'data.workforce', 'data.capacity', 'data.marketReach']) {
      assert.ok(paths.includes(p), `${p} in ${paths}`);
    }
    assert.equal((await call(api, 'visit.get', { id: draft.id })).status, 'draft');
  });

  test('finalizing locks the visit and updates the site facts; the timeline keeps the old ones', async () => {
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: inventarisasi() as never });
    const final = await call(api, 'visit.finalize', { id: draft.id });
    assert.equal(final.status, 'final');
    assert.equal((final.data as { productionValueRp: number }).productionValueRp, 240000000, 'money parsed');

    const updated = await call(api, 'site.get', { id: site.id });
    assert.equal(updated.workers, 10);
    assert.equal(updated.sizeClass, 'kecil', 'naik kelas: 3 → 10 workers');
    assert.deepEqual(updated.certificates, ['HALAL', 'PIRT']);

    const locked = await api.dispatch('visit.saveDraft', { id: draft.id, siteId: site.id, data: { kind: 'inventarisasi' } });
    assert.equal(!locked.ok && locked.error.code, 'VALIDATION');
    assert.match(!locked.ok ? locked.error.message : '', /terkunci/);

    // A later evaluation finds the factory stopped: the site follows, the history keeps "aktif".
    const evaluation = await call(api, 'visit.saveDraft', {
      siteId: site.id,
      data: {
        kind: 'evaluasi',
        visitDate: '2026-11-22',
        officers: ['Ani Suryani'],
        respondent,
        operatingStatus: 'tidak_beroperasi',
        stoppedSince: '2026-06-01',
        stopReasons: ['bahan_baku', 'modal'],
        buildingCondition: 'rusak_ringan',
        machineCondition: 'baik',
        revivalPotential: 4,
      },
    });
    await call(api, 'visit.finalize', { id: evaluation.id });
    assert.equal((await call(api, 'site.get', { id: site.id })).operatingStatus, 'tidak_beroperasi');
    const timeline = await call(api, 'site.timeline', { id: site.id });
    const statuses = timeline.facts.filter((f) => f.fact === 'operatingStatus').map((f) => [f.observedOn, f.value]);
    assert.deepEqual(statuses, [['2026-11-20', 'aktif'], ['2026-11-22', 'tidak_beroperasi']]);
    assert.equal(timeline.visits[0].id, evaluation.id, 'newest first');
  });

  test('an amendment keeps the original readable, with who changed what and why', async () => {
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: inventarisasi({ visitDate: '2026-11-10' }) as never });
    await call(api, 'visit.finalize', { id: draft.id });
    const amended = await call(api, 'visit.amend', {
      id: draft.id,
      data: inventarisasi({ visitDate: '2026-11-10', workforce: { male: 4, female: 7 } }),
      reason: 'Salah hitung tenaga kerja perempuan',
    });
    assert.equal(amended.revisions.length, 1);
    const rev = amended.revisions[0];
    assert.deepEqual(rev.changes, ['workforce.female']);
    assert.equal(rev.changedBy, 'Ani Suryani (ANS)');
    assert.equal(rev.reason, 'Salah hitung tenaga kerja perempuan');
    assert.deepEqual((rev.previous as { workforce: unknown }).workforce, { male: 4, female: 6 });
    // An older visit's amendment must not overwrite the facts a newer visit found.
    assert.equal((await call(api, 'site.get', { id: site.id })).operatingStatus, 'tidak_beroperasi');
  });

  test('rules that catch real mistakes', async () => {
    const bad = async (data: Record<string, unknown>) => {
      const d = await call(api, 'visit.saveDraft', { siteId: site.id, data: data as never });
      const r = await api.dispatch('visit.finalize', { id: d.id });
      return !r.ok ? r.error.issues!.map((i) => i.message) : [];
    };
    assert.ok((await bad({ ...inventarisasi(), visitDate: '2999-01-01' })).includes('Tanggal kunjungan tidak boleh di masa depan'));
    assert.ok((await bad({ ...inventarisasi(), workforce: { male: -1, female: 2.5 } })).includes('Tenaga kerja laki-laki tidak boleh negatif'));
    assert.ok((await bad({ ...inventarisasi(), productionValueRp: '1,5 juta' })).some((m) => m.startsWith('Nilai produksi per tahun harus')));
    assert.ok((await bad({ ...inventarisasi(), marketReach: ['ekspor'] })).includes('Isi negara tujuan ekspor'));
    const stopped = await bad({
      kind: 'evaluasi', visitDate: '2026-11-20', officers: ['Ani'], respondent, operatingStatus: 'tutup',
      buildingCondition: 'baik', machineCondition: 'baik', revivalPotential: 2,
    });
    assert.ok(stopped.includes('Usaha yang berhenti wajib diisi sejak kapan berhenti'));
    assert.ok(stopped.includes('Usaha yang berhenti wajib diisi penyebabnya'));
  });

  test('the visit log filters by kind, status, date, officer, regency and wilayah', async () => {
    const other = ((await call(api, 'site.create', { site: siteInput({ name: 'Rotan Jaya', villageCode: VILLAGES.balikpapan }) })) as { site: Site }).site;
    const v = await call(api, 'visit.saveDraft', { siteId: other.id, data: { ...inventarisasi({ visitDate: '2026-10-01', officers: ['Budi Santoso'] }) } as never });
    await call(api, 'visit.finalize', { id: v.id });
    const ids = async (q: object) => (await call(api, 'visit.list', q as never)).items.map((i) => i.id);
    assert.deepEqual(await ids({ regencyCode: '64.71' }), [v.id]);
    assert.deepEqual(await ids({ wilayahId: '64-wp-1' }), [v.id]);
    assert.deepEqual(await ids({ officer: 'budi' }), [v.id]);
    assert.deepEqual(await ids({ dateFrom: '2026-09-01', dateTo: '2026-10-31' }), [v.id]);
    assert.ok((await ids({ status: 'draft' })).every((id) => id !== v.id));
    assert.ok((await ids({ kind: 'evaluasi' })).length >= 1);
    const all = await call(api, 'visit.list', {});
    assert.ok(all.total! >= 8);
  });

  test('the log total agrees with its rows, whether it comes from the tally or a count', async () => {
    const queries = [
      {}, { status: 'draft' }, { status: 'final', kind: 'inventarisasi' }, { officer: 'budi' }, { wilayahId: '64-wp-1' },
      { regencyCode: '64.72', status: 'final' }, { dateFrom: '2026-01-01' }, { officer: 'ani', dateTo: '2026-12-31' },
      { kind: 'evaluasi', dateFrom: '2020-01-01', dateTo: '2026-12-31' },
    ];
    for (const q of queries) {
      const page = await call(api, 'visit.list', { ...q, limit: 500 } as never);
      assert.equal(page.total, page.items.length, JSON.stringify(q));
    }
    const firstPage = await call(api, 'visit.list', { limit: 1 });
    assert.ok(firstPage.total! > 1);
    const later = await call(api, 'visit.list', { offset: 1, limit: 1, withTotal: false });
    assert.equal(later.total, null);
    assert.equal(later.items.length, 1);
  });
});

test('changedPaths names the fields that differ', () => {
  assert.deepEqual(changedPaths({ a: 1, b: { c: 2, d: [1] } }, { a: 1, b: { c: 3, d: [1, 2] }, e: 'x' }), ['b.c', 'b.d', 'e']);
  assert.deepEqual(changedPaths({ a: 1 }, { a: 1 }), []);
});

test('the timeline and the log use their indexes: EXPLAIN QUERY PLAN of the repo\'s own statements', async () => {
  const { dbFile, dispose } = await setUpApi();
  const { openCore } = await import('../core');
  const core = openCore({ dbFile });
  try {
    const { visits } = core;
    const plan = (statement: RepoStatement) => queryPlan(core.db, statement);
    const fixed = (name: keyof typeof visits.statementSql, ...params: unknown[]) => plan({ sql: visits.statementSql[name], params });
    assert.match(fixed('visitsOfSite', 'x'), /USING INDEX visit_site \(site_id=\?\)/);
    assert.doesNotMatch(fixed('visitsOfSite', 'x'), /SCAN v\b/);
    assert.match(fixed('factsOfSite', 'x'), /USING INDEX site_fact_site \(site_id=\?\)/);
    assert.match(fixed('factsOfVisit', 'x'), /USING (COVERING )?INDEX site_fact_visit\w* \(visit_id=\?/);
    assert.match(fixed('startFromVisits', 'x', 'x'), /USING INDEX visit_site \(site_id=\?\)/);
    // The visit log never reads visit rows (they hold the whole form) to filter, sort or count.
    for (const filters of [
      { kind: 'inventarisasi', status: 'final' },
      { dateFrom: '2024-01-01', officer: 'Budi' },
      { regencyCode: '64.72', status: 'draft' },
      { wilayahId: 'wilayah-2', dateFrom: '2024-01-01' },
    ] as const) {
      const query = VisitListQuery.parse(filters);
      const p = `${plan(visits.pageRowsStatement(query))} || ${plan(visits.countStatement(query))}`;
      const tableReads = p.replace(/COVERING INDEX|INDEX wilayah_regency\w*|json_each VIRTUAL TABLE INDEX/g, '');
      assert.doesNotMatch(tableReads, /INDEX|SCAN v\b|TEMP B-TREE/, `${JSON.stringify(filters)}: ${p}`);
    }
    // The page statement the log runs is built on those rows.
    assert.ok(visits.pageStatement(VisitListQuery.parse({})).sql.includes(visits.pageRowsStatement(VisitListQuery.parse({})).sql));
  } finally {
    core.close();
    dispose();
  }
});

describe('discarding a draft', () => {
  let api: Api;
  let dbFile: string;
  let dispose: () => void;
  let site: Site;
  before(async () => {
    ({ api, dbFile, dispose } = await setUpApi());
    site = await createSite(api);
  });
  after(() => dispose());

  /** The raw rows, tombstones included: what sync would see. */
  async function rows(sql: string, ...params: unknown[]) {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(dbFile, { readonly: true });
    try {
      return db.prepare(sql).all(...params) as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }

  test('a discarded draft leaves every list, with its attachments; the rows stay as tombstones', async () => {
    const photo = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'test-fixtures', 'photo-plain.png')));
    const wrong = await call(api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'evaluasi', findings: 'salah jenis' } });
    const kept = await call(api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'identifikasi' } });
    const added = await call(api, 'attachment.add', { visitId: wrong.id, kind: 'photo', fileName: 'foto-1.png', bytes: photo });
    // The same bytes on the kept draft: the shared blob file must survive the discard.
    await call(api, 'attachment.add', { visitId: kept.id, kind: 'photo', fileName: 'foto-1.png', bytes: photo });

    assert.equal(await call(api, 'visit.discardDraft', { id: wrong.id }), null);

    const gone = await api.dispatch('visit.get', { id: wrong.id });
    assert.equal(!gone.ok && gone.error.code, 'NOT_FOUND');
    assert.deepEqual((await call(api, 'visit.drafts')).map((d) => d.id), [kept.id]);
    assert.deepEqual((await call(api, 'visit.list', {})).items.map((v) => v.id), [kept.id]);
    assert.equal((await call(api, 'visit.list', { status: 'draft' })).total, 1);
    assert.deepEqual((await call(api, 'site.timeline', { id: site.id })).visits.map((v) => v.id), [kept.id]);
    assert.deepEqual(await call(api, 'attachment.list', { visitId: wrong.id }), []);
    const read = await api.dispatch('attachment.read', { id: added.attachment.id });
    assert.equal(!read.ok && read.error.code, 'NOT_FOUND');
    assert.equal((await call(api, 'attachment.list', { visitId: kept.id })).length, 1, 'the other draft keeps its photo');
    assert.equal((await call(api, 'attachment.read', { id: (await call(api, 'attachment.list', { visitId: kept.id }))[0].id })).byteLength, photo.byteLength);

    // No physical delete: the rows are tombstones with a new updated_at.
    const [visitRow] = await rows('SELECT deleted, updated_at FROM visit WHERE id = ?', wrong.id);
    assert.equal(visitRow.deleted, 1);
    assert.ok((visitRow.updated_at as string) >= wrong.updatedAt);
    assert.deepEqual(await rows('SELECT deleted FROM attachment WHERE visit_id = ?', wrong.id), [{ deleted: 1 }]);
  });

  test('a discarded draft cannot be saved, finalized, amended, discarded again or given attachments', async () => {
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'pembinaan' } });
    await call(api, 'visit.discardDraft', { id: draft.id });
    const refused = [
      await api.dispatch('visit.saveDraft', { id: draft.id, siteId: site.id, data: { kind: 'pembinaan', findings: 'x' } }),
      await api.dispatch('visit.finalize', { id: draft.id }),
      await api.dispatch('visit.amend', { id: draft.id, data: {}, reason: 'Coba ubah' }),
      await api.dispatch('visit.discardDraft', { id: draft.id }),
      await api.dispatch('attachment.add', { visitId: draft.id, kind: 'document', fileName: 'a.pdf', bytes: new TextEncoder().encode('%PDF-1.7') }),
    ];
    for (const r of refused) assert.equal(!r.ok && r.error.code, 'NOT_FOUND', JSON.stringify(r));
    const [row] = await rows('SELECT data, deleted FROM visit WHERE id = ?', draft.id);
    assert.deepEqual(row, { data: JSON.stringify({ kind: 'pembinaan' }), deleted: 1 }, 'the refused save changed nothing');
  });

  test('a final visit cannot be discarded, and the refusal changes nothing', async () => {
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: inventarisasi() as never });
    await call(api, 'visit.finalize', { id: draft.id });
    const before = await rows('SELECT * FROM visit WHERE id = ?', draft.id);
    const result = await api.dispatch('visit.discardDraft', { id: draft.id });
    assert.equal(!result.ok && result.error.code, 'VALIDATION');
    assert.equal(!result.ok && result.error.message, 'Kunjungan final tidak dapat dihapus; ubah lewat amendemen.');
    assert.deepEqual(await rows('SELECT * FROM visit WHERE id = ?', draft.id), before);
    assert.equal((await call(api, 'visit.get', { id: draft.id })).status, 'final');
    assert.ok((await call(api, 'visit.list', {})).items.some((v) => v.id === draft.id));
  });

  test('the number of a discarded draft is not given out again: the counter only goes up', async () => {
    const a = await call(api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'evaluasi' } });
    await call(api, 'visit.discardDraft', { id: a.id });
    const b = await call(api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'evaluasi' } });
    const seq = (n: string) => Number(n.split('/')[2]);
    assert.equal(seq(b.number), seq(a.number) + 1);
  });
});

test('the visit log finds visits by site name or visit number, and says which were amended', async () => {
  const { api, dbFile, dispose } = await setUpApi();
  try {
    const amplang = await createSite(api);
    const rotan = await createSite(api, { name: 'Anyaman Rotan Tenggarong', villageCode: VILLAGES.marangKayu });
    const first = await call(api, 'visit.saveDraft', { siteId: amplang.id, data: anInventarisasi({ visitDate: '2026-11-10' }) });
    await call(api, 'visit.finalize', { id: first.id });
    await call(api, 'visit.amend', { id: first.id, data: anInventarisasi({ visitDate: '2026-11-10', findings: 'Ralat' }), reason: 'Salah ketik' });
    const second = await call(api, 'visit.saveDraft', { siteId: rotan.id, data: { kind: 'pembinaan', visitDate: '2026-11-12' } });

    const byName = await call(api, 'visit.list', { text: 'rotan' });
    assert.deepEqual(byName.items.map((v) => v.id), [second.id]);
    assert.equal(byName.total, 1);
    assert.deepEqual((await call(api, 'visit.list', { text: 'mplang ma' })).items.map((v) => v.id), [first.id], 'any part of the name');
    assert.deepEqual((await call(api, 'visit.list', { text: 'An' })).items.map((v) => v.id), [second.id], 'two letters: the start');
    assert.deepEqual((await call(api, 'visit.list', { text: first.number.toLowerCase() })).items.map((v) => v.id), [first.id]);
    const byPrefix = await call(api, 'visit.list', { text: first.number.split('/').slice(0, 2).join('/') });
    assert.equal(byPrefix.total, 2, 'the start of a number: this officer and year');
    assert.equal((await call(api, 'visit.list', { text: 'tidak ada' })).total, 0);

    const all = await call(api, 'visit.list', {});
    assert.equal(all.items.find((v) => v.id === first.id)?.revision, 1, 'amended once');
    assert.equal(all.items.find((v) => v.id === second.id)?.revision, 0);

    // The repo's own statements: a name seeks the site and its visits, a number its unique index.
    const { openCore } = await import('../core');
    const core = openCore({ dbFile });
    try {
      const plan = (text: string) => {
        return queryPlan(core.db, core.visits.pageStatement(VisitListQuery.parse({ text })));
      };
      assert.match(plan('rotan'), /USING (COVERING )?INDEX visit_site/, plan('rotan'));
      assert.doesNotMatch(plan('rotan'), /SCAN v\b/);
      assert.match(plan('ANS/2026'), /SEARCH v USING (COVERING )?INDEX visit_number \(number>\? AND number<\?\)/, plan('ANS/2026'));
      assert.doesNotMatch(plan('ANS/2026'), /SCAN v\b/);
      // Counting the matches seeks the same index, not the whole log.
      const count = (text: string) => queryPlan(core.db, core.visits.countStatement(VisitListQuery.parse({ text })));
      assert.match(count('rotan'), /SEARCH v USING INDEX visit_site \(site_id=\?\)/, count('rotan'));
      assert.match(count(first.number), /SEARCH v USING INDEX visit_number \(number>\? AND number<\?\)/, count(first.number));
      assert.doesNotMatch(`${count('rotan')} ${count(first.number)}`, /visit_log/);
    } finally {
      core.close();
    }
  } finally {
    dispose();
  }
});

test('the visit log finds a visit by the tail of its number ("4WW-0002", "0002", "2026/4WW-0002"), over an index', async () => {
  const { api, dbFile, dispose } = await setUpApi();
  try {
    const site = await createSite(api);
    const first = await call(api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'evaluasi', visitDate: '2026-11-10' } });
    const second = await call(api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'evaluasi', visitDate: '2026-11-11' } });
    const tail = second.number.split('/')[2]; // the laptop's tag and the sequence: "4WW-0002"
    assert.match(tail, /^[0-9A-Z]{3}-0002$/);
    const found = async (text: string) => (await call(api, 'visit.list', { text })).items.map((v) => v.id);

    assert.deepEqual(await found(tail), [second.id], 'tag and sequence');
    assert.deepEqual(await found(tail.toLowerCase()), [second.id], 'as typed in lower case');
    assert.deepEqual(await found('0002'), [second.id], 'the sequence alone');
    assert.deepEqual(await found('2'), [second.id], 'the sequence without its zeros');
    assert.deepEqual(await found(second.number.split('/').slice(1).join('/')), [second.id], 'year, tag and sequence');
    assert.deepEqual(await found(first.number.split('/')[2]), [first.id]);
    assert.equal((await call(api, 'visit.list', { text: '0003' })).total, 0);
    assert.equal((await call(api, 'visit.list', { text: 'ZZZ-0002' })).total, 0, 'another laptop\'s tag');
    assert.equal((await call(api, 'visit.list', { text: tail })).total, 1);

    // Seeks the sequence's index, not a walk over every visit number.
    const { openCore } = await import('../core');
    const core = openCore({ dbFile });
    try {
      for (const text of [tail, '0002']) {
        const page = queryPlan(core.db, core.visits.pageStatement(VisitListQuery.parse({ text })));
        assert.match(page, /SEARCH v USING INDEX visit_number_sequence/, page);
        const count = queryPlan(core.db, core.visits.countStatement(VisitListQuery.parse({ text })));
        assert.match(count, /SEARCH v USING INDEX visit_number_sequence/, count);
      }
    } finally {
      core.close();
    }
  } finally {
    dispose();
  }
});

test('visit.start: every kind starts from the site’s facts, evaluasi from its status, pembinaan from earlier recommendations', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const site = await createSite(api, {
      kbliCode: '10794',
      products: 'Amplang ikan pipih',
      certificates: ['NIB'],
      operatingStatus: 'berhenti_sementara',
      latitude: -0.5921,
      longitude: 117.1836,
    });
    const before = await call(api, 'visit.list', {});

    const identifikasi = await call(api, 'visit.start', { siteId: site.id, kind: 'identifikasi' });
    assert.deepEqual(
      {
        kbliCode: identifikasi.data.kbliCode,
        products: identifikasi.data.products,
        certificates: identifikasi.data.certificates,
        operatingStatus: identifikasi.data.operatingStatus,
        latitude: identifikasi.data.latitude,
        longitude: identifikasi.data.longitude,
        officers: identifikasi.data.officers,
      },
      {
        kbliCode: '10794',
        products: 'Amplang ikan pipih',
        certificates: ['NIB'],
        operatingStatus: 'berhenti_sementara',
        latitude: -0.5921,
        longitude: 117.1836,
        officers: ['Ani Suryani'],
      },
    );
    assert.match(String(identifikasi.data.visitDate), /^\d{4}-\d{2}-\d{2}$/);
    const evaluasi = await call(api, 'visit.start', { siteId: site.id, kind: 'evaluasi' });
    assert.equal(evaluasi.data.operatingStatus, 'berhenti_sementara', 'not "tidak beroperasi" by default');
    const inventarisasi = await call(api, 'visit.start', { siteId: site.id, kind: 'inventarisasi' });
    assert.deepEqual(inventarisasi.data.certificatesHeld, ['NIB']);
    assert.deepEqual((await call(api, 'visit.list', {})).total, before.total, 'visit.start writes nothing');

    // After a final inventarisasi with a workforce and recommendations:
    const done = await call(api, 'visit.saveDraft', {
      siteId: site.id,
      data: anInventarisasi({
        operatingStatus: 'aktif',
        workforce: { male: 4, female: 6 },
        recommendations: [{ text: 'Urus sertifikat halal' }, { text: 'Ikut pameran' }],
      }),
    });
    await call(api, 'visit.finalize', { id: done.id });
    const pembinaan = await call(api, 'visit.start', { siteId: site.id, kind: 'pembinaan' });
    assert.deepEqual(pembinaan.data.followUps, [
      { recommendation: 'Urus sertifikat halal', done: false, notes: '' },
      { recommendation: 'Ikut pameran', done: false, notes: '' },
    ]);
    const next = await call(api, 'visit.start', { siteId: site.id, kind: 'identifikasi' });
    assert.deepEqual(next.data.workforce, { male: 4, female: 6 });

    // What it starts from is a draft the core takes as it is.
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: next.data });
    assert.equal(draft.data.kbliCode, '10794');
    const unknown = await api.dispatch('visit.start', { siteId: '01a20942-c2c7-712b-83f8-56ed814b9545', kind: 'identifikasi' });
    assert.equal(!unknown.ok && unknown.error.code, 'NOT_FOUND');
  } finally {
    dispose();
  }
});

test('the products an identifikasi records reach the site; the latest-dated final visit wins, other kinds leave them, a later site edit wins', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const site = await createSite(api, { products: 'Amplang ikan pipih' });
    const identifikasi = (visitDate: string, products: string) => ({
      kind: 'identifikasi' as const,
      visitDate,
      officers: ['Ani Suryani'],
      respondent,
      operatingStatus: 'aktif' as const,
      kbliCode: '10',
      products,
      certificates: [],
      workforce: { male: 1, female: 2 },
    });
    const finalized = async (data: object) => {
      const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: data as never });
      return call(api, 'visit.finalize', { id: draft.id });
    };
    const products = async () => (await call(api, 'site.get', { id: site.id })).products;

    // A draft changes nothing; finalizing does, and the search finds the new product.
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: identifikasi('2026-11-10', 'Amplang udang, kerupuk ikan') });
    assert.equal(await products(), 'Amplang ikan pipih');
    await call(api, 'visit.finalize', { id: draft.id });
    assert.equal(await products(), 'Amplang udang, kerupuk ikan');
    assert.deepEqual((await call(api, 'site.list', { text: 'udang' })).items.map((s) => s.id), [site.id]);

    // An inventarisasi records no products: the site keeps them. An older identifikasi finalized later does not win.
    await finalized(anInventarisasi({ visitDate: '2026-11-12' }));
    await finalized(identifikasi('2026-11-01', 'Keripik pisang'));
    assert.equal(await products(), 'Amplang udang, kerupuk ikan');
    assert.deepEqual(
      (await call(api, 'site.timeline', { id: site.id })).facts.filter((f) => f.fact === 'products').map((f) => [f.observedOn, f.value]),
      [['2026-11-01', 'Keripik pisang'], ['2026-11-10', 'Amplang udang, kerupuk ikan']],
    );
    // A new visit starts from them.
    assert.equal((await call(api, 'visit.start', { siteId: site.id, kind: 'identifikasi' })).data.products, 'Amplang udang, kerupuk ikan');

    // The officer corrects them on the site form today, after the visits: the form wins.
    const current = await call(api, 'site.get', { id: site.id });
    const { id: _id, provinceCode: _p, regencyCode: _r, districtCode: _d, kbliDivision: _k, regencyName: _rn, districtName: _dn, villageName: _vn,
      wilayahId: _w, wilayahName: _wn, createdAt: _c, updatedAt: _u, deleted: _del, ...fields } = current;
    await call(api, 'site.update', { id: site.id, site: { ...fields, products: 'Amplang udang' } });
    assert.equal(await products(), 'Amplang udang');
    // Editing another field keeps them.
    await call(api, 'site.update', { id: site.id, site: { ...fields, products: 'Amplang udang', notes: 'Pindah ke ruko' } });
    assert.equal(await products(), 'Amplang udang');
  } finally {
    dispose();
  }
});

test('the KBLI an identifikasi records reaches the site when finalized (division and sector group follow); a draft and other kinds leave it; a later site edit wins', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const site = await createSite(api, { kbliCode: '10', products: 'Amplang' });
    const kbli = async () => {
      const s = await call(api, 'site.get', { id: site.id });
      return [s.kbliCode, s.kbliDivision, s.sectorGroup];
    };
    const identifikasi = (visitDate: string, kbliCode: string) => ({
      kind: 'identifikasi' as const,
      visitDate,
      officers: ['Ani Suryani'],
      respondent,
      operatingStatus: 'aktif' as const,
      kbliCode,
      products: 'Amplang',
      certificates: [],
      workforce: { male: 1, female: 2 },
    });

    // The officer reads the 5-digit code off the NIB: the draft changes nothing, finalizing does.
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: identifikasi('2026-11-10', '10794') });
    assert.deepEqual(await kbli(), ['10', '10', 'pangan']);
    await call(api, 'visit.finalize', { id: draft.id });
    assert.deepEqual(await kbli(), ['10794', '10', 'pangan']);
    // A visit that found another division moves the site's division and its group.
    const rattan = await call(api, 'visit.saveDraft', { siteId: site.id, data: identifikasi('2026-11-11', '16299') });
    await call(api, 'visit.finalize', { id: rattan.id });
    assert.deepEqual(await kbli(), ['16299', '16', 'kerajinan']);
    assert.deepEqual((await call(api, 'site.list', { kbliDivision: '16' })).items.map((s) => s.id), [site.id]);

    // An inventarisasi records no KBLI: the site keeps it.
    const stock = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi({ visitDate: '2026-11-12' }) as never });
    await call(api, 'visit.finalize', { id: stock.id });
    assert.deepEqual(await kbli(), ['16299', '16', 'kerajinan']);
    assert.equal((await call(api, 'visit.start', { siteId: site.id, kind: 'identifikasi' })).data.kbliCode, '16299');
    assert.deepEqual(
      (await call(api, 'site.timeline', { id: site.id })).facts.filter((f) => f.fact === 'kbliCode').map((f) => [f.observedOn, f.value]),
      [['2026-11-10', '10794'], ['2026-11-11', '16299']],
    );

    // Corrected on the site form today, after the visits: the form wins; editing another field keeps it.
    const current = await call(api, 'site.get', { id: site.id });
    const { id: _id, provinceCode: _p, regencyCode: _r, districtCode: _d, kbliDivision: _k, regencyName: _rn, districtName: _dn, villageName: _vn,
      wilayahId: _w, wilayahName: _wn, createdAt: _c, updatedAt: _u, deleted: _del, ...fields } = current;
    await call(api, 'site.update', { id: site.id, site: { ...fields, kbliCode: '10794', sectorGroup: null } });
    assert.deepEqual(await kbli(), ['10794', '10', 'pangan']);
    await call(api, 'site.update', { id: site.id, site: { ...fields, kbliCode: '10794', sectorGroup: null, notes: 'Pindah ke ruko' } });
    assert.deepEqual(await kbli(), ['10794', '10', 'pangan']);
  } finally {
    dispose();
  }
});
