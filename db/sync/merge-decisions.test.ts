import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SiteInput } from '../model/site';
import type { ChangeMessage } from '../model/sync';
import { anInventarisasi, openReplicas, sendAll, siteInput, type TestReplica } from '../test-support';

/**
 * A merge undone, and a pair said to be two IKM ("bukan duplikat"), are synced decisions: every
 * replica ends the same whatever order their messages arrive in.
 */

const NO_WARNINGS = { duplicate: true, outsideProvince: false };
const by = (r: TestReplica) => `${r.officer.name} (${r.officer.code})`;

function register(r: TestReplica, name: string, ownerName: string): string {
  const saved = r.core.sites.create(SiteInput.parse(siteInput({ name, ownerName })), NO_WARNINGS);
  assert.ok(saved.saved);
  return saved.site.id;
}

/** What a merge decides on a replica: each site's survivor and whether it is live, each visit's site, the decisions themselves. */
function mergeOutcome(r: TestReplica) {
  const rows = (sql: string) => r.core.db.prepare(sql).all();
  return {
    sites: rows('SELECT id, merged_into, deleted FROM site ORDER BY id'),
    visits: rows('SELECT id, site_id, deleted FROM visit ORDER BY id'),
    merges: rows('SELECT id, survivor_id, loser_id, undone_at IS NOT NULL AS undone FROM site_merge ORDER BY id'),
    distinct: rows('SELECT id, site_a, site_b FROM site_distinct ORDER BY id'),
    duplicates: r.core.sites.likelyDuplicates().map((p) => `${p.a}+${p.b}`),
  };
}

const ownMessages = (r: TestReplica): ChangeMessage[] => r.core.sync.pending({ after: 0, limit: Number.MAX_SAFE_INTEGER, ownOnly: true }).messages;

test('an unmerge made on one laptop while another records a visit on the survivor converges on every replica, in any arrival order', async () => {
  const { replicas, dispose } = await openReplicas(4);
  const [ani, budi, late, reversed] = replicas;
  try {
    const a = register(ani, 'Amplang Mama Ani', 'Ani');
    const b = register(ani, 'Amplang Mama Ani', 'Ani Wulandari');
    const visitOfB = ani.core.visits.saveDraft({ siteId: b, data: anInventarisasi() as never }, ani.officer);
    ani.core.sites.merge(a, b, by(ani), ['ownerName']);
    sendAll(ani, budi);
    assert.equal(budi.core.sites.get(b).deleted, true);
    assert.equal(budi.core.visits.get(visitOfB.id).siteId, a);

    // Offline from each other: Budi undoes the merge; Ani, who has not seen it, starts a visit of the survivor.
    budi.core.sites.unmerge(b, by(budi));
    const visitOfA = ani.core.visits.saveDraft({ siteId: a, data: anInventarisasi() as never }, ani.officer);
    assert.equal(budi.core.sites.get(b).deleted, false);
    assert.equal(budi.core.visits.get(visitOfB.id).siteId, b);

    sendAll(budi, ani);
    sendAll(ani, budi);
    // A third laptop takes Budi's unmerge first, then Ani's history; a fourth takes every message newest first.
    late.core.sync.apply(ownMessages(budi));
    late.core.sync.apply(ownMessages(ani));
    reversed.core.sync.apply([...ownMessages(ani), ...ownMessages(budi)].sort((x, y) => (x.hlc < y.hlc ? 1 : -1)));

    const expected = mergeOutcome(ani);
    assert.deepEqual(
      expected.sites.filter((s) => [a, b].includes((s as { id: string }).id)),
      [a, b].sort().map((id) => ({ id, merged_into: null, deleted: 0 })),
    );
    assert.equal(ani.core.visits.get(visitOfB.id).siteId, b);
    assert.equal(ani.core.visits.get(visitOfA.id).siteId, a);
    assert.deepEqual(expected.duplicates, [[a, b].sort().join('+')]);
    for (const r of [budi, late, reversed]) assert.deepEqual(mergeOutcome(r), expected);
    for (const r of replicas) assert.equal(r.core.sync.verify({ examples: 5 }).differences, 0);

    // Merged again, by Budi: the undo is cleared everywhere, whichever laptop hears first.
    budi.core.sites.merge(b, a, by(budi));
    for (const r of [ani, late, reversed]) sendAll(budi, r);
    for (const r of replicas) {
      assert.equal(r.core.sites.get(a).deleted, true);
      assert.equal(r.core.visits.get(visitOfA.id).siteId, b);
    }
    for (const r of [budi, late, reversed]) assert.deepEqual(mergeOutcome(r), mergeOutcome(ani));
  } finally {
    dispose();
  }
});

test('"bukan duplikat" decided on one laptop takes the pair off every laptop\'s list, even when it arrives before the sites', async () => {
  const { replicas, dispose } = await openReplicas(3);
  const [ani, budi, reversed] = replicas;
  try {
    const a = register(ani, 'Kerupuk Haruan', 'Haruan');
    const b = register(ani, 'Kerupuk Haruan', 'Siti');
    sendAll(ani, budi);
    assert.equal(budi.core.sites.likelyDuplicates().length, 1);
    budi.core.sites.markDistinct(a, b, by(budi));
    sendAll(budi, ani);
    // The decision first, the sites after: it waits for them, then applies.
    reversed.core.sync.apply(ownMessages(budi));
    assert.equal(reversed.core.db.prepare('SELECT count(*) FROM site_distinct').pluck().get(), 0);
    reversed.core.sync.apply(ownMessages(ani));
    for (const r of replicas) {
      assert.deepEqual(r.core.sites.likelyDuplicates(), []);
      assert.deepEqual(mergeOutcome(r), mergeOutcome(ani));
      assert.equal(r.core.sync.verify({ examples: 5 }).differences, 0);
    }
  } finally {
    dispose();
  }
});

test('two officers undoing the same merge at once: one decision, no conflict for a person to review', async () => {
  const { replicas, dispose } = await openReplicas(2);
  const [ani, budi] = replicas;
  try {
    const a = register(ani, 'Tenun Ulap Doyo', 'Ulap');
    const b = register(ani, 'Tenun Ulap Doyo', 'Doyo');
    ani.core.sites.merge(a, b, by(ani));
    sendAll(ani, budi);
    ani.core.sites.unmerge(b, by(ani));
    budi.core.sites.unmerge(b, by(budi));
    sendAll(ani, budi);
    sendAll(budi, ani);
    for (const r of replicas) {
      assert.equal(r.core.sites.get(b).deleted, false);
      assert.deepEqual(r.core.sync.conflicts(), []);
    }
    assert.deepEqual(mergeOutcome(ani), mergeOutcome(budi));
  } finally {
    dispose();
  }
});

test('"bukan duplikat" undone on one laptop puts the pair back on every laptop\'s list; said again, it is off again', async () => {
  const { replicas, dispose } = await openReplicas(2);
  const [ani, budi] = replicas;
  try {
    const a = register(ani, 'Kerupuk Haruan', 'Haruan');
    const b = register(ani, 'Kerupuk Haruan', 'Siti');
    ani.core.sites.markDistinct(a, b, by(ani));
    sendAll(ani, budi);
    assert.deepEqual(budi.core.sites.likelyDuplicates(), []);
    budi.core.sites.undoDistinct(b, a, by(budi));
    sendAll(budi, ani);
    for (const r of replicas) {
      assert.deepEqual(r.core.sites.likelyDuplicates().map((p) => `${p.a}+${p.b}`), [[a, b].sort().join('+')]);
      assert.deepEqual(r.core.sync.conflicts(), []);
    }
    ani.core.sites.markDistinct(a, b, by(ani));
    sendAll(ani, budi);
    for (const r of replicas) {
      assert.deepEqual(r.core.sites.likelyDuplicates(), []);
      assert.equal(r.core.sync.verify({ examples: 5 }).differences, 0);
    }
  } finally {
    dispose();
  }
});
