import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SiteInput } from '../model/site';
import type { ChangeMessage } from '../model/sync';
import { anInventarisasi, openReplicas, sendAll, siteInput, VILLAGES, type TestReplica } from '../test-support';

/**
 * Issue 19, causes 1–3: the visit lifecycle and merges end the same on every replica whatever
 * the order messages arrive in, a final visit is never deleted by a discard, and a draft edit the
 * finalizer had not seen never changes a final visit in place.
 */
const CONFIRM = { duplicate: true, outsideProvince: true };
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

function createSite(r: TestReplica, overrides: Parameters<typeof siteInput>[0] = {}) {
  const result = r.core.sites.create(SiteInput.parse(siteInput(overrides)), CONFIRM);
  assert.ok(result.saved);
  return result.site;
}

const since = (r: TestReplica, seq: number): ChangeMessage[] => r.core.sync.pending({ after: seq, limit: Number.MAX_SAFE_INTEGER, ownOnly: false }).messages;

/**
 * Delivers two laptops' new messages (`w`, `s`) to observers in every order worth trying: w then
 * s, s then w, both in one batch (forwards and backwards), one message at a time backwards; and
 * each laptop the other's. Observers must hold the common start already.
 */
function deliverEveryWay(w: ChangeMessage[], s: ChangeMessage[], observers: TestReplica[], laptops: [TestReplica, TestReplica]): void {
  const orders: ChangeMessage[][][] = [
    [w, s],
    [s, w],
    [[...w, ...s]],
    [[...s, ...w].reverse()],
    [...w, ...s].reverse().map((m) => [m]),
  ];
  assert.ok(observers.length >= orders.length);
  orders.forEach((batches, i) => {
    for (const batch of batches) observers[i].core.sync.apply(batch);
  });
  laptops[0].core.sync.apply(s);
  laptops[1].core.sync.apply(w);
}

/** What a person sees of one visit on a replica (null when it is gone), and its open conflicts. */
function visitView(r: TestReplica, id: string) {
  const raw = r.core.db.prepare('SELECT status, deleted, data, kind, site_id FROM visit WHERE id = ?').get(id);
  let shown: unknown = null;
  try {
    const v = r.core.visits.get(id);
    shown = { status: v.status, data: v.data, revisions: v.revisions.length, attachments: r.core.attachments.list(id).map((a) => a.id) };
  } catch {
    shown = null;
  }
  const conflicts = r.core.sync
    .conflicts()
    .filter((c) => c.rowId === id)
    .map((c) => ({ column: c.column, winner: c.winner.value, loser: c.loser.value }));
  return { raw, shown, conflicts };
}

/**
 * Gives every replica what laptop `a` has written so far (the common start); answers what delivers
 * both laptops' later messages every way (`deliverEveryWay`).
 */
function shareStart(a: TestReplica, b: TestReplica, observers: TestReplica[]): () => void {
  for (const r of [b, ...observers]) sendAll(a, r);
  const [fromA, fromB] = [a.core.sync.info().lastSeq, b.core.sync.info().lastSeq];
  return () => deliverEveryWay(since(a, fromA), since(b, fromB), observers, [a, b]);
}

describe('issue 19: the visit lifecycle, whatever the arrival order', () => {
  test('cause 1: a visit finalized on one laptop and discarded as a draft on another stays final, with its attachments, everywhere', async () => {
    const { replicas, dispose } = await openReplicas(7);
    const [w, s, ...observers] = replicas;
    try {
      const site = createSite(w);
      const draft = w.core.visits.saveDraft({ siteId: site.id, data: anInventarisasi() as never }, w.officer);
      const photo = w.core.attachments.add({ visitId: draft.id, kind: 'photo', role: null, fileName: 'foto.png', mime: 'image/png', bytes: PNG, thumbnail: null, metadata: null }, w.officer);
      const deliverNew = shareStart(w, s, observers);

      w.core.visits.finalize(draft.id);
      s.clock.offsetMs = 60_000; // the discard is the later change
      s.core.visits.discardDraft(draft.id);
      deliverNew();

      const first = visitView(w, draft.id);
      for (const r of replicas) {
        const view = visitView(r, draft.id);
        assert.deepEqual(view, first, 'every replica shows the same');
        assert.ok(view.shown, 'the final visit is not gone');
        assert.equal((view.shown as { status: string }).status, 'final');
        assert.deepEqual((view.shown as { attachments: string[] }).attachments, [photo.id], 'its photo is not deleted by the discard');
        assert.equal((view.raw as { deleted: number }).deleted, 0, 'never both final and deleted');
        assert.equal(r.core.visits.list({ limit: 50, offset: 0, withTotal: true } as never).total, 1, 'the log counts it');
        assert.equal(r.core.sites.get(site.id).workers, 10, 'its facts reach the site');
      }
    } finally {
      dispose();
    }
  });

  test('cause 2: a draft edit the finalizer had not seen does not change the final visit; it is shown as a conflict on the visit, everywhere', async () => {
    const { replicas, dispose } = await openReplicas(7);
    const [w, s, ...observers] = replicas;
    try {
      const site = createSite(w);
      const draft = w.core.visits.saveDraft({ siteId: site.id, data: anInventarisasi({ findings: 'Temuan awal' }) as never }, w.officer);
      const deliverNew = shareStart(w, s, observers);

      w.core.visits.finalize(draft.id);
      s.clock.offsetMs = 60_000; // S's edits are stamped later than the finalization
      const data = s.core.visits.get(draft.id).data;
      // S changes a field W had, and adds one W never saw (the coordinates).
      s.core.visits.saveDraft({ id: draft.id, siteId: site.id, data: { ...data, kind: 'inventarisasi', findings: 'Temuan dari B', latitude: -0.5, longitude: 117.1 } }, s.officer);
      deliverNew();

      const first = visitView(w, draft.id);
      for (const r of replicas) {
        const view = visitView(r, draft.id);
        assert.deepEqual(view, first, 'every replica shows the same');
        const shown = view.shown as { status: string; data: Record<string, unknown>; revisions: number };
        assert.equal(shown.status, 'final');
        assert.equal(shown.data.findings, 'Temuan awal', 'the final visit reads what was finalized');
        assert.equal(shown.data.latitude, undefined, 'a field the finalizer never saw is not added in place');
        assert.equal(shown.revisions, 0);
        assert.deepEqual(
          view.conflicts.sort((a, b) => a.column.localeCompare(b.column)),
          [
            { column: 'data.findings', winner: 'Temuan awal', loser: 'Temuan dari B' },
            { column: 'data.latitude', winner: null, loser: -0.5 },
            { column: 'data.longitude', winner: null, loser: 117.1 },
          ],
          'the draft edits are not lost: a person sees them as conflicts on the visit',
        );
      }

      // Amendments still change a final visit everywhere, a field that was absent included.
      const seq = s.core.sync.info().lastSeq;
      const current = s.core.visits.get(draft.id).data;
      s.core.visits.amend(draft.id, { ...current, findings: 'Temuan revisi', signatureRefusal: 'Pemilik tidak di tempat' }, 'Perbaikan', s.officer);
      for (const r of replicas) if (r !== s) r.core.sync.apply(since(s, seq));
      for (const r of replicas) {
        const v = r.core.visits.get(draft.id);
        assert.equal(v.data.findings, 'Temuan revisi', 'the amendment applies');
        assert.equal(v.data.signatureRefusal, 'Pemilik tidak di tempat', 'a field the amendment added applies');
        assert.equal(v.data.latitude, undefined);
        assert.equal(v.revisions.length, 1);
        assert.deepEqual(visitView(r, draft.id), visitView(s, draft.id));
      }
    } finally {
      dispose();
    }
  });

  test('restoring the draft edit from the conflicts list is an amendment: a revision says so, and it applies everywhere', async () => {
    const { replicas, dispose } = await openReplicas(3);
    const [w, s, o] = replicas;
    try {
      const site = createSite(w);
      const draft = w.core.visits.saveDraft({ siteId: site.id, data: anInventarisasi({ findings: 'Temuan awal' }) as never }, w.officer);
      for (const r of [s, o]) sendAll(w, r);
      w.core.visits.finalize(draft.id);
      s.clock.offsetMs = 60_000;
      const data = s.core.visits.get(draft.id).data;
      s.core.visits.saveDraft({ id: draft.id, siteId: site.id, data: { ...data, kind: 'inventarisasi', findings: 'Temuan dari B' } }, s.officer);
      for (const [from, to] of [[w, s], [s, w], [w, o], [s, o]]) sendAll(from, to);
      const [conflict] = o.core.sync.conflicts().filter((c) => c.rowId === draft.id);
      assert.equal(conflict.loser.value, 'Temuan dari B');
      o.core.sync.resolveConflict(conflict.id, 'restore', 'Ani (ANS)');
      for (const [from, to] of [[o, w], [o, s]]) sendAll(from, to);
      for (const r of replicas) {
        const v = r.core.visits.get(draft.id);
        assert.equal(v.data.findings, 'Temuan dari B', 'the restored value applies');
        assert.equal(v.revisions.length, 1, 'as an amendment');
        assert.deepEqual(v.revisions[0].changes, ['findings']);
        assert.equal(v.revisions[0].changedBy, 'Ani (ANS)');
        assert.deepEqual(r.core.sync.conflicts().filter((c) => c.rowId === draft.id), []);
      }
    } finally {
      dispose();
    }
  });

  test('a photo added or removed in a draft the finalizer had not seen is a conflict, not a change of the final visit; restoring it is an amendment', async () => {
    const { replicas, dispose } = await openReplicas(7);
    const [w, s, ...observers] = replicas;
    const addPhoto = (r: TestReplica, visitId: string, fileName: string) =>
      r.core.attachments.add({ visitId, kind: 'photo', role: null, fileName, mime: 'image/png', bytes: PNG, thumbnail: null, metadata: null }, r.officer);
    try {
      const site = createSite(w);
      const draft = w.core.visits.saveDraft({ siteId: site.id, data: anInventarisasi() as never }, w.officer);
      const kept = addPhoto(w, draft.id, 'depan.png');
      const deliverNew = shareStart(w, s, observers);
      w.core.visits.finalize(draft.id);
      s.clock.offsetMs = 60_000;
      const late = addPhoto(s, draft.id, 'belakang.png');
      s.core.attachments.remove(kept.id, s.officer);
      deliverNew();
      for (const r of replicas) {
        assert.deepEqual(r.core.attachments.list(draft.id).map((a) => a.id), [kept.id], 'the final visit has the photos it was finalized with');
        assert.deepEqual(r.core.sync.conflicts().filter((c) => c.table === 'attachment').map((c) => c.rowId).sort(), [kept.id, late.id].sort(), 'both draft edits are shown');
        assert.deepEqual(visitView(r, draft.id), visitView(w, draft.id));
      }
      const conflict = observers[0].core.sync.conflicts().find((c) => c.rowId === late.id)!;
      observers[0].core.sync.resolveConflict(conflict.id, 'restore', 'Ani (ANS)');
      for (const r of replicas) if (r !== observers[0]) sendAll(observers[0], r);
      for (const r of replicas) {
        assert.deepEqual(r.core.attachments.list(draft.id).map((a) => a.id).sort(), [kept.id, late.id].sort(), 'the restored photo is on the visit');
        const v = r.core.visits.get(draft.id);
        assert.equal(v.revisions.length, 1, 'by an amendment');
        assert.equal(v.revisions[0].changedBy, 'Ani (ANS)');
        assert.deepEqual(r.core.sync.conflicts().filter((c) => c.table === 'attachment').map((c) => c.rowId), [kept.id]);
      }
    } finally {
      dispose();
    }
  });

  test('a visit finalized by an older version (no seal) keeps working: amendments on two laptops both apply everywhere', async () => {
    const { replicas, dispose } = await openReplicas(7);
    const [w, s, ...observers] = replicas;
    try {
      const site = createSite(w);
      const draft = w.core.visits.saveDraft({ siteId: site.id, data: anInventarisasi({ findings: 'Temuan awal' }) as never }, w.officer);
      // The old finalize: the form's changed fields, then the status, and no seal.
      w.core.write((u) => u.update('visit', draft.id, { data: w.core.visits.get(draft.id).data, status: 'final', finalized_at: u.nowIso }));
      const deliverNew = shareStart(w, s, observers);
      const data = w.core.visits.get(draft.id).data as Record<string, unknown>;
      s.clock.offsetMs = 60_000;
      s.core.visits.amend(draft.id, { ...data, findings: 'Temuan S' }, 'Perbaikan', s.officer);
      w.core.visits.amend(draft.id, { ...data, workforce: { male: 4, female: 9 } }, 'Salah hitung', w.officer);
      deliverNew();
      for (const r of replicas) {
        const v = r.core.visits.get(draft.id);
        assert.equal(v.status, 'final');
        assert.equal(v.data.findings, 'Temuan S');
        assert.deepEqual(v.data.workforce, { male: 4, female: 9 });
        assert.equal(v.revisions.length, 2);
        assert.deepEqual(r.core.sync.conflicts(), []);
        assert.equal(r.core.sites.get(site.id).workers, 13);
      }
    } finally {
      dispose();
    }
  });

  test('two laptops finalizing the same draft with different edits end the same everywhere', async () => {
    const { replicas, dispose } = await openReplicas(7);
    const [w, s, ...observers] = replicas;
    try {
      const site = createSite(w);
      const draft = w.core.visits.saveDraft({ siteId: site.id, data: anInventarisasi({ findings: 'Temuan awal' }) as never }, w.officer);
      const deliverNew = shareStart(w, s, observers);
      const data = w.core.visits.get(draft.id).data;
      w.core.visits.saveDraft({ id: draft.id, siteId: site.id, data: { ...data, kind: 'inventarisasi', findings: 'Temuan W' } }, w.officer);
      w.core.visits.finalize(draft.id);
      s.clock.offsetMs = 60_000;
      s.core.visits.saveDraft({ id: draft.id, siteId: site.id, data: { ...data, kind: 'inventarisasi', findings: 'Temuan S', latitude: -0.5, longitude: 117.1 } }, s.officer);
      s.core.visits.finalize(draft.id);
      deliverNew();
      const first = visitView(w, draft.id);
      assert.equal((first.shown as { status: string }).status, 'final');
      for (const r of replicas) assert.deepEqual(visitView(r, draft.id), first, 'every replica shows the same');
    } finally {
      dispose();
    }
  });
});

const mergedInto = (r: TestReplica, id: string) => r.core.db.prepare('SELECT merged_into FROM site WHERE id = ?').pluck().get(id) as string | null;

describe('issue 19: merges converge whatever the order', () => {
  test('cause 3: L1 merges A into B while L2 merges B into C; every replica ends with A and B in C', async () => {
    const { replicas, dispose } = await openReplicas(7);
    const [l1, l2, ...observers] = replicas;
    try {
      const a = createSite(l1, { name: 'Amplang A' });
      const b = createSite(l1, { name: 'Amplang B', villageCode: VILLAGES.marangKayu });
      const c = createSite(l1, { name: 'Amplang C', villageCode: VILLAGES.balikpapan });
      const visit = l1.core.visits.saveDraft({ siteId: a.id, data: anInventarisasi() as never }, l1.officer);
      l1.core.visits.finalize(visit.id);
      const deliverNew = shareStart(l1, l2, observers);
      l1.core.sites.merge(b.id, a.id, 'L1');
      l2.core.sites.merge(c.id, b.id, 'L2');
      deliverNew();
      for (const r of replicas) {
        assert.equal(mergedInto(r, a.id), c.id, 'A ends in C');
        assert.equal(mergedInto(r, b.id), c.id, 'B ends in C');
        assert.equal(mergedInto(r, c.id), null);
        assert.equal(r.core.visits.get(visit.id).siteId, c.id, "A's visit shows on C");
        assert.equal(r.core.sites.get(c.id).workers, 10, "C takes the facts of A's visit");
      }
    } finally {
      dispose();
    }
  });

  test('crossing merges (A into B and B into A, with a third site in the chain) end the same everywhere', async () => {
    const { replicas, dispose } = await openReplicas(7);
    const [l1, l2, ...observers] = replicas;
    try {
      const a = createSite(l1, { name: 'Rotan A' });
      const b = createSite(l1, { name: 'Rotan B', villageCode: VILLAGES.marangKayu });
      const c = createSite(l1, { name: 'Rotan C', villageCode: VILLAGES.balikpapan });
      const deliverNew = shareStart(l1, l2, observers);
      l1.core.sites.merge(b.id, a.id, 'L1');
      l1.core.sites.merge(b.id, c.id, 'L1');
      l2.core.sites.merge(c.id, b.id, 'L2');
      l2.core.sites.merge(a.id, c.id, 'L2');
      deliverNew();
      const view = (r: TestReplica) => [a, b, c].map((x) => [x.id, mergedInto(r, x.id), r.core.sites.get(x.id).deleted]);
      const first = view(l1);
      assert.equal(first.filter(([, into]) => into === null).length, 1, 'one survivor');
      for (const r of replicas) assert.deepEqual(view(r), first);
    } finally {
      dispose();
    }
  });
});
