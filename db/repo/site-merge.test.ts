import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Api } from '../api';
import { anInventarisasi, call, setUpApi, siteInput } from '../test-support';

/** Two registrations of one IKM: Amplang Mama Ani from the register, and again with its owner's full name and phone. */
async function twoRegistrations(api: Api) {
  const kept = await call(api, 'site.create', { site: siteInput({ ownerName: 'Ani', phone: null, workers: 3 }) });
  const twice = await call(api, 'site.create', {
    site: siteInput({ ownerName: 'Ani Wulandari', phone: '081250002222', workers: 7, notes: 'Didaftarkan ulang di Marangkayu' }),
    confirm: { duplicate: true },
  });
  assert.ok(kept.saved && twice.saved);
  return { a: kept.site, b: twice.site };
}

test('merge keeps the chosen value of each field, names the survivor on the merged-away site, and is undone by an unmerge', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const { a, b } = await twoRegistrations(api);
    const visitOfB = await call(api, 'visit.saveDraft', { siteId: b.id, data: anInventarisasi() });

    const merged = await call(api, 'site.merge', { survivorId: a.id, loserId: b.id, takeFromLoser: ['ownerName', 'phone', 'workers'] });
    // The survivor keeps its own name and notes, and takes the owner, phone and workforce of the other.
    assert.equal(merged.id, a.id);
    assert.equal(merged.name, a.name);
    assert.equal(merged.ownerName, 'Ani Wulandari');
    assert.equal(merged.phone, '081250002222');
    assert.equal(merged.workers, 7);
    assert.equal(merged.sizeClass, 'kecil');
    assert.equal(merged.notes, a.notes);
    assert.equal((await call(api, 'visit.get', { id: visitOfB.id })).siteId, a.id);

    // The merged-away site says where it went, and by whom.
    assert.equal((await call(api, 'site.get', { id: b.id })).deleted, true);
    const state = await call(api, 'site.mergeState', { id: b.id });
    assert.deepEqual(state.survivor, { id: a.id, name: a.name });
    assert.equal(state.merge?.survivorId, a.id);
    assert.match(state.merge?.mergedBy ?? '', /\(ANS\)/);
    assert.deepEqual(await call(api, 'site.mergeState', { id: a.id }), { survivor: null, merge: null });
    assert.deepEqual(await call(api, 'site.duplicates'), []);

    // Unmerge: the site is back with its own visit; the pair is offered again; the survivor keeps what it took.
    const back = await call(api, 'site.unmerge', { loserId: b.id });
    assert.equal(back.id, b.id);
    assert.equal(back.deleted, false);
    assert.equal(back.ownerName, 'Ani Wulandari');
    assert.equal((await call(api, 'visit.get', { id: visitOfB.id })).siteId, b.id);
    assert.deepEqual(await call(api, 'site.mergeState', { id: b.id }), { survivor: null, merge: null });
    assert.equal((await call(api, 'site.get', { id: a.id })).ownerName, 'Ani Wulandari');
    assert.equal((await call(api, 'site.duplicates')).length, 1);

    // Nothing left to undo: said with a code.
    const again = await api.dispatch('site.unmerge', { loserId: b.id });
    assert.deepEqual(!again.ok && [again.error.code, again.error.reason], ['VALIDATION', 'merge_not_found']);

    // The pair can be merged again, the other way round this time.
    await call(api, 'site.merge', { survivorId: b.id, loserId: a.id });
    assert.equal((await call(api, 'site.get', { id: a.id })).deleted, true);
    assert.equal((await call(api, 'site.mergeState', { id: a.id })).survivor?.id, b.id);
    assert.equal((await call(api, 'visit.get', { id: visitOfB.id })).siteId, b.id);
    const verify = await call(api, 'sync.verify', {});
    assert.equal(verify.differences, 0, JSON.stringify(verify.examples));
  } finally {
    dispose();
  }
});

test('"bukan duplikat" takes the pair off the list of likely duplicates for good, and asks for two sites', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const { a, b } = await twoRegistrations(api);
    assert.equal((await call(api, 'site.duplicates')).length, 1);
    assert.equal(await call(api, 'site.markDistinct', { siteA: b.id, siteB: a.id }), null);
    assert.deepEqual(await call(api, 'site.duplicates'), []);
    // Either way round, it is the same decision.
    await call(api, 'site.markDistinct', { siteA: a.id, siteB: b.id });
    assert.deepEqual(await call(api, 'site.duplicates'), []);
    const same = await api.dispatch('site.markDistinct', { siteA: a.id, siteB: a.id });
    assert.equal(!same.ok && same.error.code, 'VALIDATION');
  } finally {
    dispose();
  }
});

test('"bukan duplikat" can be undone (the pair is listed again), and said again; both show on the timeline of each site', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const { a, b } = await twoRegistrations(api);
    await call(api, 'site.markDistinct', { siteA: a.id, siteB: b.id });
    assert.deepEqual(await call(api, 'site.duplicates'), []);
    assert.equal(await call(api, 'site.undoDistinct', { siteA: b.id, siteB: a.id }), null);
    assert.equal((await call(api, 'site.duplicates')).length, 1);
    // Nothing left to undo: said with a code.
    const again = await api.dispatch('site.undoDistinct', { siteA: a.id, siteB: b.id });
    assert.deepEqual(!again.ok && [again.error.code, again.error.reason], ['VALIDATION', 'distinct_not_found']);

    const lines = async (id: string) => (await call(api, 'site.timeline', { id })).decisions.map((d) => [d.kind, d.other.id, d.undoable]);
    assert.deepEqual(await lines(a.id), [['distinct', b.id, false], ['distinctUndone', b.id, false]]);
    // Said again: the undo is cleared, and the decision can be undone once more.
    await call(api, 'site.markDistinct', { siteA: b.id, siteB: a.id });
    assert.deepEqual(await call(api, 'site.duplicates'), []);
    assert.deepEqual(await lines(b.id), [['distinct', a.id, true]]);
    const [line] = (await call(api, 'site.timeline', { id: b.id })).decisions;
    assert.match(line.by ?? '', /\(ANS\)/);
    assert.equal(line.other.name, a.name);
  } finally {
    dispose();
  }
});

test('a merge and its undo are lines of both sites\' timelines: who, when, and the other site', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const { a, b } = await twoRegistrations(api);
    await call(api, 'site.merge', { survivorId: a.id, loserId: b.id });
    const of = async (id: string) => (await call(api, 'site.timeline', { id })).decisions;
    assert.deepEqual((await of(a.id)).map((d) => [d.kind, d.role, d.other.id]), [['merged', 'survivor', b.id]]);
    assert.deepEqual((await of(b.id)).map((d) => [d.kind, d.role, d.other.id]), [['merged', 'loser', a.id]]);
    await call(api, 'site.unmerge', { loserId: b.id });
    const lines = await of(a.id);
    assert.deepEqual(lines.map((d) => [d.kind, d.role, d.other.name]), [['merged', 'survivor', b.name], ['unmerged', 'survivor', b.name]]);
    assert.ok(lines[0].at <= lines[1].at);
    assert.match(lines[1].by ?? '', /\(ANS\)/);
  } finally {
    dispose();
  }
});

test('Arsip lists a merged-away site as merged into its survivor, and an archived one as archived', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const { a, b } = await twoRegistrations(api);
    const other = await call(api, 'site.create', { site: siteInput({ name: 'Kerupuk Haruan', ownerName: 'Siti' }) });
    assert.ok(other.saved);
    await call(api, 'site.archive', { id: other.site.id });
    await call(api, 'site.merge', { survivorId: a.id, loserId: b.id });
    const archive = await call(api, 'site.list', { archived: true });
    const row = (id: string) => archive.items.find((s) => s.id === id);
    assert.deepEqual([row(b.id)?.mergedIntoId, row(b.id)?.mergedIntoName], [a.id, a.name]);
    assert.deepEqual([row(other.site.id)?.mergedIntoId, row(other.site.id)?.mergedIntoName], [null, null]);
  } finally {
    dispose();
  }
});
