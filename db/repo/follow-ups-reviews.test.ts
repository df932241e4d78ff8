import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Api } from '../api';
import type { Site } from '../model/site';
import type { Visit } from '../model/visit';
import { anInventarisasi, call, createSite, KALTIM_SETUP, setUpApi, VILLAGES } from '../test-support';

/** Everything `from` holds, applied to `to`, as a sync would bring it. */
async function exchange(from: Api, to: Api): Promise<void> {
  const { messages } = await call(from, 'sync.pending', { after: 0, limit: 5000 });
  await call(to, 'sync.apply', { messages });
}

const RECS = [
  { text: 'Urus sertifikat halal', action: 'Ke Dinas Kesehatan', dueDate: '2026-01-15' },
  { text: 'Ikut pameran produk', action: null, dueDate: '2099-06-30' },
  { text: 'Perbaiki kemasan', action: 'Pelatihan kemasan', dueDate: null },
];

describe('follow-ups and review (issue 18, items 5 and 7)', () => {
  let officer: Api;
  let supervisor: Api;
  let disposeAll: () => void;
  let site: Site;
  let visit: Visit;
  before(async () => {
    const a = await setUpApi();
    const b = await setUpApi();
    officer = a.api;
    supervisor = b.api;
    await call(supervisor, 'setup.save', { ...KALTIM_SETUP, officerName: 'Budi Santoso', officerCode: 'BDI', nip: null, role: 'supervisor' });
    disposeAll = () => {
      a.dispose();
      b.dispose();
    };
    site = await createSite(officer, { villageCode: VILLAGES.samarinda });
    const draft = await call(officer, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi({ recommendations: RECS }) as never });
    visit = await call(officer, 'visit.finalize', { id: draft.id });
  });
  after(() => disposeAll());

  test('every recommendation of a final visit is an open follow-up; overdue ones are counted and filtered', async () => {
    const list = await call(officer, 'followUp.list', {});
    assert.equal(list.total, 3);
    assert.deepEqual(
      list.items.map((f) => [f.text, f.status, f.overdue, f.responsible]),
      [
        ['Urus sertifikat halal', 'open', true, 'Ani Suryani'],
        ['Ikut pameran produk', 'open', false, 'Ani Suryani'],
        ['Perbaiki kemasan', 'open', false, 'Ani Suryani'],
      ],
    );
    assert.deepEqual(await call(officer, 'followUp.counts', {}), { open: 3, overdue: 1 });
    assert.deepEqual(await call(officer, 'followUp.counts', { regencyCodes: ['64.71'] }), { open: 0, overdue: 0 }, 'Balikpapan has none');
    assert.deepEqual(await call(officer, 'followUp.counts', { regencyCodes: ['64.72'] }), { open: 3, overdue: 1 });
    assert.deepEqual((await call(officer, 'followUp.list', { overdue: true })).items.map((f) => f.text), ['Urus sertifikat halal']);
    assert.equal((await call(officer, 'followUp.list', { siteId: site.id })).total, 3, 'the site page lists them');
    // A draft's recommendations are no follow-ups yet.
    await call(officer, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi({ recommendations: [{ text: 'Draf saja' }] }) as never });
    assert.equal((await call(officer, 'followUp.list', {})).total, 3);
  });

  test('marking done is a synced change; an amendment that reorders, deletes and rewrites keeps each status with its text', async () => {
    const [halal, pameran, kemasan] = (await call(officer, 'followUp.list', {})).items;
    await call(officer, 'followUp.set', { visitId: visit.id, key: halal.key, status: 'done', responsible: 'Seksi IKM Pangan', note: 'Sertifikat terbit' });
    await call(officer, 'followUp.set', { visitId: visit.id, key: kemasan.key, status: 'dropped', responsible: null, note: 'Usaha menolak' });
    assert.deepEqual(await call(officer, 'followUp.counts', {}), { open: 1, overdue: 0 });
    assert.deepEqual((await call(officer, 'followUp.list', { status: 'done' })).items.map((f) => [f.text, f.responsible, f.note]), [
      ['Urus sertifikat halal', 'Seksi IKM Pangan', 'Sertifikat terbit'],
    ]);
    const refused = await officer.dispatch('followUp.set', { visitId: visit.id, key: 'r00000000', status: 'done' });
    assert.equal(!refused.ok && refused.error.reason, 'follow_up_not_found');

    await exchange(officer, supervisor);
    assert.deepEqual(
      (await call(supervisor, 'followUp.list', {})).items.map((f) => [f.text, f.status]).sort(),
      [
        ['Ikut pameran produk', 'open'],
        ['Perbaiki kemasan', 'dropped'],
        ['Urus sertifikat halal', 'done'],
      ],
      'the other laptop sees the same statuses',
    );

    // Reordered, "Perbaiki kemasan" deleted, "Ikut pameran produk" rewritten.
    const amended = await call(officer, 'visit.amend', {
      id: visit.id,
      reason: 'Rekomendasi diperbarui',
      data: { ...visit.data, recommendations: [{ text: 'Ikut pameran produk internasional', dueDate: '2099-06-30' }, RECS[0]] },
    });
    const after = (await call(officer, 'followUp.list', {})).items;
    assert.deepEqual(
      after.map((f) => [f.text, f.status]),
      [
        ['Ikut pameran produk internasional', 'open'],
        ['Urus sertifikat halal', 'done'],
      ],
    );
    assert.notEqual(after[0].key, pameran.key, 'a rewritten recommendation is a new follow-up');
    assert.equal(after[1].key, halal.key, 'a moved one keeps its key');
    visit = amended;
  });

  test('a follow-up marked done on one laptop and dropped on another converges and shows as a conflict', async () => {
    await exchange(officer, supervisor);
    const open = (await call(officer, 'followUp.list', { status: 'open' })).items[0];
    await call(officer, 'followUp.set', { visitId: visit.id, key: open.key, status: 'done', responsible: null, note: null });
    await call(supervisor, 'followUp.set', { visitId: visit.id, key: open.key, status: 'dropped', responsible: null, note: 'Tidak relevan' });
    await exchange(officer, supervisor);
    await exchange(supervisor, officer);
    const statusOn = async (api: Api) => (await call(api, 'followUp.list', {})).items.find((f) => f.key === open.key)!.status;
    assert.equal(await statusOn(officer), await statusOn(supervisor));
    for (const api of [officer, supervisor]) {
      const conflicts = await call(api, 'sync.conflicts');
      assert.ok(conflicts.some((c) => c.table === 'follow_up' && c.column === 'status'), 'the two decisions show as a conflict');
    }
  });

  test('only a supervisor reviews, never their own visit; a return needs a comment', async () => {
    const notSupervisor = await officer.dispatch('visit.review', { visitId: visit.id, decision: 'approved' });
    assert.equal(!notSupervisor.ok && notSupervisor.error.reason, 'review_not_supervisor');
    const ownSite = await createSite(supervisor, { name: 'Kerupuk Budi', villageCode: VILLAGES.balikpapan });
    const own = await call(supervisor, 'visit.saveDraft', { siteId: ownSite.id, data: anInventarisasi({ officers: ['Budi Santoso'] }) as never });
    await call(supervisor, 'visit.finalize', { id: own.id });
    const ownReview = await supervisor.dispatch('visit.review', { visitId: own.id, decision: 'approved' });
    assert.equal(!ownReview.ok && ownReview.error.reason, 'review_own_visit');
    const draft = await call(supervisor, 'visit.saveDraft', { siteId: ownSite.id, data: anInventarisasi() as never });
    const ofDraft = await supervisor.dispatch('visit.review', { visitId: draft.id, decision: 'approved' });
    assert.equal(!ofDraft.ok && ofDraft.error.reason, 'review_not_final');
    const noComment = await supervisor.dispatch('visit.review', { visitId: visit.id, decision: 'returned', comment: '  ' });
    assert.equal(!noComment.ok && noComment.error.reason, 'review_comment_required');
  });

  test('returned → the officer sees it under "perlu perbaikan"; the amendment puts it back in review; approval; the whole history stays', async () => {
    await exchange(officer, supervisor);
    assert.equal((await call(supervisor, 'visit.get', { id: visit.id })).reviewState, 'pending');
    const waiting = await call(supervisor, 'visit.list', { reviewState: 'pending' });
    assert.ok(waiting.items.some((v) => v.id === visit.id && v.reviewState === 'pending'), 'it waits for review');

    await call(supervisor, 'visit.review', { visitId: visit.id, decision: 'returned', comment: 'Nilai produksi belum wajar' });
    await exchange(supervisor, officer);
    const returned = await call(officer, 'visit.list', { reviewState: 'returned' });
    assert.deepEqual(returned.items.map((v) => v.id), [visit.id]);
    assert.equal(returned.total, 1);

    const fixed = await call(officer, 'visit.amend', { id: visit.id, reason: 'Nilai produksi diperbaiki', data: { ...visit.data, productionValueRp: 180000000 } });
    assert.equal(fixed.reviewState, 'pending', 'an amendment goes back for review');
    await exchange(officer, supervisor);
    assert.equal((await call(supervisor, 'visit.get', { id: visit.id })).reviewState, 'pending');
    const approved = await call(supervisor, 'visit.review', { visitId: visit.id, decision: 'approved', comment: null });
    assert.equal(approved.reviewState, 'approved');
    await exchange(supervisor, officer);
    const seen = await call(officer, 'visit.get', { id: visit.id });
    assert.equal(seen.reviewState, 'approved');
    assert.deepEqual(
      seen.reviews.map((r) => [r.decision, r.comment, r.revision, r.decidedBy]),
      [
        ['returned', 'Nilai produksi belum wajar', 1, 'Budi Santoso (BDI)'],
        ['approved', null, 2, 'Budi Santoso (BDI)'],
      ],
    );
    assert.equal((await call(officer, 'visit.list', { reviewState: 'returned' })).total, 0);
    visit = seen;
  });

  test('an approval and an amendment made at the same time: the visit waits for review on both laptops', async () => {
    await call(supervisor, 'visit.review', { visitId: visit.id, decision: 'approved', comment: 'Lengkap' });
    await call(officer, 'visit.amend', { id: visit.id, reason: 'Nomor telepon responden', data: { ...visit.data, respondent: { ...(visit.data.respondent as object), phone: '081250002222' } } });
    await exchange(officer, supervisor);
    await exchange(supervisor, officer);
    for (const api of [officer, supervisor]) {
      const v = await call(api, 'visit.get', { id: visit.id });
      assert.equal(v.reviewState, 'pending', 'the approval reviewed another revision');
      assert.equal(v.reviews.length, 3);
    }
  });
});
