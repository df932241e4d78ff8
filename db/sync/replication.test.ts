import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SiteInput } from '../model/site';
import type { ChangeMessage } from '../model/sync';
import { anInventarisasi, openReplicas, sendAll, siteInput, VILLAGES, type TestReplica } from '../test-support';
import { SYNCED_TABLES } from './tables';

const CONFIRM = { duplicate: true, outsideProvince: true };

function createSite(r: TestReplica, overrides: Parameters<typeof siteInput>[0] = {}) {
  const result = r.core.sites.create(SiteInput.parse(siteInput(overrides)), CONFIRM);
  assert.ok(result.saved);
  return result.site;
}

/** The messages a replica wrote after `seq`. */
const writtenSince = (r: TestReplica, seq: number): ChangeMessage[] =>
  r.core.sync.pending({ after: seq, limit: 100_000, ownOnly: true }).messages;

describe('the write paths record exactly what changed', () => {
  test('a create records every synced column; an unchanged save records nothing; one edit, one message', async () => {
    const { replicas: [a], dispose } = await openReplicas(1);
    try {
      let seq = a.core.sync.info().lastSeq;
      const site = createSite(a, { latitude: -0.5021, longitude: 117.1536 });
      const created = writtenSince(a, seq);
      assert.deepEqual(
        created.map((m) => m.column).sort(),
        [...SYNCED_TABLES.site.columns].sort(),
        'one message per synced column, derived ones (name_norm, kbli_division, sector_group) not sent',
      );
      assert.ok(created.every((m) => m.table === 'site' && m.row === site.id && m.prevHlc === null));
      assert.equal(created.find((m) => m.column === 'latitude')!.value, '-0.5021', 'coordinates travel exactly');
      assert.equal(new Set(created.map((m) => m.hlc)).size, created.length, 'every message has its own HLC');

      seq = a.core.sync.info().lastSeq;
      a.core.sites.update(site.id, SiteInput.parse(siteInput({ latitude: -0.5021, longitude: 117.1536 })), CONFIRM);
      assert.deepEqual(writtenSince(a, seq), [], 'saving the same values writes nothing');

      a.core.sites.update(site.id, SiteInput.parse(siteInput({ latitude: -0.5021, longitude: 117.1536, phone: '0541 123456' })), CONFIRM);
      const edit = writtenSince(a, seq);
      assert.deepEqual(edit.map((m) => [m.column, m.value]), [['phone', '"0541 123456"']]);
      const createdPhone = created.find((m) => m.column === 'phone')!;
      assert.equal(edit[0].prevHlc, createdPhone.hlc, 'prev_hlc is the value the author saw');

      seq = a.core.sync.info().lastSeq;
      a.core.sites.archive(site.id);
      assert.deepEqual(writtenSince(a, seq).map((m) => [m.column, m.value]), [['deleted', '1']], 'archive is one tombstone message');
    } finally {
      dispose();
    }
  });

  test('a draft save sends only the form fields that changed; Rupiah and lists travel losslessly', async () => {
    const { replicas: [a], dispose } = await openReplicas(1);
    try {
      const site = createSite(a);
      const draft = a.core.visits.saveDraft({ siteId: site.id, data: { kind: 'inventarisasi', respondent: { name: 'Pak Rahmat', phone: '0812' } } }, a.officer);
      let seq = a.core.sync.info().lastSeq;
      a.core.visits.saveDraft(
        { id: draft.id, siteId: site.id, data: { kind: 'inventarisasi', respondent: { name: 'Pak Rahmat', phone: '0813' }, productionValueRp: 1_250_000_000_000, rawMaterials: [{ name: 'Rotan', origin: 'lokal' }] } },
        a.officer,
      );
      assert.deepEqual(
        writtenSince(a, seq).map((m) => [m.column, m.value]).sort(),
        [
          ['data.productionValueRp', '1250000000000'],
          ['data.rawMaterials', '[{"name":"Rotan","origin":"lokal"}]'],
          ['data.respondent.phone', '"0813"'],
        ],
      );
      seq = a.core.sync.info().lastSeq;
      a.core.visits.saveDraft({ id: draft.id, siteId: site.id, data: { kind: 'inventarisasi', respondent: { name: 'Pak Rahmat', phone: '0813' } } }, a.officer);
      assert.deepEqual(
        writtenSince(a, seq).map((m) => [m.column, m.value]).sort(),
        [['data.productionValueRp', 'null'], ['data.rawMaterials', 'null']],
        'a field taken out of the form is a change to null, not a missing message',
      );
    } finally {
      dispose();
    }
  });

  test('a write to a synced table outside the write unit is refused', async () => {
    const { replicas: [a], dispose } = await openReplicas(1);
    try {
      const site = createSite(a);
      assert.throws(() => a.core.db.prepare("UPDATE site SET name = 'x' WHERE id = ?").run(site.id), /only through the write unit/);
      assert.throws(() => a.core.db.prepare('DELETE FROM site WHERE id = ?').run(site.id), /only through the write unit/);
      assert.throws(
        () => a.core.db.prepare("INSERT INTO officer(id, name, code, created_at, updated_at) VALUES ('x', 'X', 'X', 't', 't')").run(),
        /only through the write unit/,
      );
      assert.equal(a.core.sites.get(site.id).name, 'Amplang Mama Ani');
    } finally {
      dispose();
    }
  });
});

describe('applying messages', () => {
  test('a visit that arrives before its site waits, and appears with the site', async () => {
    const { replicas: [a, b, c], dispose } = await openReplicas(3);
    try {
      const site = createSite(a, { villageCode: VILLAGES.marangKayu, name: 'Pabrik Karet Marang Kayu' });
      sendAll(a, b);
      const visit = b.core.visits.saveDraft({ siteId: site.id, data: anInventarisasi() as never }, b.officer);
      b.core.visits.finalize(visit.id);
      // c hears from b first: only the visit's messages (b's own), not the site.
      const report = c.core.sync.apply(writtenSince(b, 0));
      assert.ok(report.waiting >= 1, 'the visit waits for its site');
      assert.throws(() => c.core.visits.get(visit.id), /tidak ditemukan/);
      assert.equal(c.core.sync.info().waitingRows > 0, true);
      sendAll(a, c);
      const arrived = c.core.visits.get(visit.id);
      assert.equal(arrived.status, 'final');
      assert.equal(c.core.sites.get(site.id).workers, 10, 'the site takes the facts of the visit that waited');
      assert.equal(c.core.sync.info().waitingRows, 0);
    } finally {
      dispose();
    }
  });

  test('a batch that ends in the middle of a row leaves the row waiting, and the next batch completes it', async () => {
    const { replicas: [a, b], dispose } = await openReplicas(2);
    try {
      const site = createSite(a);
      sendAll(a, b);
      const before = a.core.sync.info().lastSeq;
      const visit = a.core.visits.saveDraft({ siteId: site.id, data: anInventarisasi() as never }, a.officer);
      const messages = writtenSince(a, before).filter((m) => m.table === 'visit');
      const deleted = messages.findIndex((m) => m.column === 'deleted');
      const first = b.core.sync.apply(messages.filter((_, i) => i !== deleted));
      assert.equal(first.waiting, 1);
      // Waiting for its missing cells (''), not parked after a failed write ('error').
      assert.deepEqual(b.core.db.prepare('SELECT parent_tbl FROM crdt_waiting').pluck().all(), ['']);
      assert.throws(() => b.core.visits.get(visit.id), /tidak ditemukan/);
      b.core.sync.apply([messages[deleted]]);
      assert.equal(b.core.visits.get(visit.id).number, visit.number);
      assert.equal(b.core.sync.info().waitingRows, 0);
    } finally {
      dispose();
    }
  });

  test('applying the same batch twice, or in another order, changes nothing more', async () => {
    const { replicas: [a, b, c], dispose } = await openReplicas(3);
    try {
      const site = createSite(a);
      a.core.sites.update(site.id, SiteInput.parse(siteInput({ phone: '0541 1' })), CONFIRM);
      const messages = writtenSince(a, 0);
      b.core.sync.apply(messages);
      const again = b.core.sync.apply(messages);
      assert.equal(again.received, 0);
      assert.equal(again.duplicates, messages.length);
      c.core.sync.apply([...messages].reverse());
      assert.deepEqual(b.core.sites.get(site.id), c.core.sites.get(site.id));
      assert.equal(c.core.sites.get(site.id).phone, '0541 1');
    } finally {
      dispose();
    }
  });

  test('a message stamped more than a day ahead is held, not applied, and the clock is not dragged', async () => {
    const { replicas: [a, b], dispose } = await openReplicas(2);
    try {
      a.clock.offsetMs = 3 * 24 * 3600_000;
      const site = createSite(a);
      const report = b.core.sync.apply(writtenSince(a, 0).filter((m) => m.table === 'site'));
      assert.equal(report.future, SYNCED_TABLES.site.columns.length);
      assert.throws(() => b.core.sites.get(site.id), /tidak ditemukan/);
      const mine = createSite(b, { name: 'Rotan Jaya' });
      assert.ok(writtenSince(b, 0).every((m) => m.hlc < new Date(Date.now() + 3600_000).toISOString()), 'b still stamps with its own time');
      // Two days later on b's clock the held messages are in time, and take effect.
      b.clock.offsetMs = 2.5 * 24 * 3600_000;
      b.core.sync.apply([]);
      assert.equal(b.core.sites.get(site.id).name, 'Amplang Mama Ani');
      assert.equal(b.core.sites.get(mine.id).name, 'Rotan Jaya');
    } finally {
      dispose();
    }
  });

  test('a value that does not fit its field is kept but never applied, and the rest of the batch goes on', async () => {
    const { replicas: [a, b], dispose } = await openReplicas(2);
    try {
      const site = createSite(a);
      sendAll(a, b);
      const before = a.core.sync.info().lastSeq;
      a.core.sites.update(site.id, SiteInput.parse(siteInput({ phone: '0541 777', workers: 12 })), CONFIRM);
      const edits = writtenSince(a, before);
      const workers = edits.find((m) => m.column === 'workers')!;
      const broken = edits.map((m) => (m === workers ? { ...m, value: '"banyak"' } : m));
      const report = b.core.sync.apply(broken);
      assert.equal(report.invalid, 1);
      assert.equal(b.core.sync.info().held.invalid, 1);
      assert.equal(b.core.sites.get(site.id).phone, '0541 777', 'the good messages of the batch took effect');
      assert.equal(b.core.sites.get(site.id).workers, 3);
    } finally {
      dispose();
    }
  });

  test('a message for a column this version does not know is kept and passed on, never dropped', async () => {
    const { replicas: [a, b], dispose } = await openReplicas(2);
    try {
      const site = createSite(a);
      sendAll(a, b);
      const future: ChangeMessage = { ...writtenSince(a, 0)[0], hlc: writtenSince(a, 0)[0].hlc.replace(/-(\w{4})-/, '-fff0-'), column: 'halal_expiry', value: '"2027-01-01"', prevHlc: null, schema: 9 };
      const report = b.core.sync.apply([future]);
      assert.equal(report.unknown, 1);
      assert.equal(b.core.sync.info().held.unknown, 1);
      assert.ok(b.core.sync.pending({ after: 0, limit: 100_000, ownOnly: false }).messages.some((m) => m.hlc === future.hlc), 'it travels on');
      assert.equal(b.core.sites.get(site.id).name, 'Amplang Mama Ani');
    } finally {
      dispose();
    }
  });
});

describe("a site's facts come from its latest-dated final visit, whatever the arrival order", () => {
  test('an older visit arriving last does not win; a site-form change after the visit date does', async () => {
    const { replicas: [a, b, c], dispose } = await openReplicas(3);
    try {
      const site = createSite(a, { workers: 3 });
      sendAll(a, b);
      const newer = a.core.visits.saveDraft({ siteId: site.id, data: anInventarisasi({ visitDate: '2026-11-20', operatingStatus: 'berhenti_sementara', workforce: { male: 2, female: 3 } }) as never }, a.officer);
      a.core.visits.finalize(newer.id);
      const older = b.core.visits.saveDraft({ siteId: site.id, data: anInventarisasi({ visitDate: '2026-03-02', operatingStatus: 'aktif', workforce: { male: 20, female: 30 } }) as never }, b.officer);
      // b finalizes its older visit later in real time: arrival and finalization order both favour it.
      b.clock.offsetMs = 3600_000;
      b.core.visits.finalize(older.id);
      sendAll(a, c);
      sendAll(b, c);
      sendAll(b, a);
      sendAll(a, b);
      for (const r of [a, b, c]) {
        const now = r.core.sites.get(site.id);
        assert.equal(now.operatingStatus, 'berhenti_sementara', 'the visit of 20 November decides');
        assert.equal(now.workers, 5);
        assert.equal(now.sizeClass, 'kecil');
      }
      // Today the officer changes the status in the site form: later than the visit's date, so it wins.
      const s = c.core.sites.get(site.id);
      c.core.sites.update(site.id, SiteInput.parse({ ...siteInput(), workers: s.workers, operatingStatus: 'aktif', certificates: s.certificates }), CONFIRM);
      sendAll(c, a);
      assert.equal(a.core.sites.get(site.id).operatingStatus, 'aktif');
      assert.equal(a.core.sites.get(site.id).workers, 5, 'facts the form did not change still come from the visit');
    } finally {
      dispose();
    }
  });
});

describe('conflicts', () => {
  test('two laptops edit the same field offline: the later wins everywhere, the other is kept to review', async () => {
    const { replicas: [a, b], dispose } = await openReplicas(2);
    try {
      const site = createSite(a);
      sendAll(a, b);
      a.core.sites.update(site.id, SiteInput.parse(siteInput({ phone: '0811 111' })), CONFIRM);
      b.clock.offsetMs = 60_000;
      b.core.sites.update(site.id, SiteInput.parse(siteInput({ phone: '0822 222', ownerName: 'Wulan' })), CONFIRM);
      sendAll(a, b);
      sendAll(b, a);
      for (const r of [a, b]) {
        assert.equal(r.core.sites.get(site.id).phone, '0822 222');
        assert.equal(r.core.sites.get(site.id).ownerName, 'Wulan');
        const conflicts = r.core.sync.conflicts();
        assert.equal(conflicts.length, 1, 'edits of different fields make no conflict; the same field does');
        assert.equal(conflicts[0].column, 'phone');
        assert.equal(conflicts[0].record, 'Usaha "Amplang Mama Ani"');
        assert.equal(conflicts[0].field.id, 'Telepon');
        assert.deepEqual([conflicts[0].winner.value, conflicts[0].loser.value], ['0822 222', '0811 111']);
        assert.equal(conflicts[0].loser.officer, 'Ani Suryani');
      }
      // a restores the losing value: a new change that closes the conflict on both laptops.
      a.core.sync.resolveConflict(a.core.sync.conflicts()[0].id, 'restore', 'Ani Suryani (ANS)');
      sendAll(a, b);
      for (const r of [a, b]) {
        assert.equal(r.core.sites.get(site.id).phone, '0811 111');
        assert.deepEqual(r.core.sync.conflicts(), []);
      }
    } finally {
      dispose();
    }
  });

  test('two amendments of one visit touching different form fields both survive', async () => {
    const { replicas: [a, b], dispose } = await openReplicas(2);
    try {
      const site = createSite(a);
      const visit = a.core.visits.saveDraft({ siteId: site.id, data: anInventarisasi() as never }, a.officer);
      a.core.visits.finalize(visit.id);
      sendAll(a, b);
      const data = a.core.visits.get(visit.id).data as Record<string, unknown>;
      a.core.visits.amend(visit.id, { ...data, respondent: { ...(data.respondent as object), phone: '0899 1' } }, 'Nomor baru', a.officer);
      b.core.visits.amend(visit.id, { ...data, workforce: { male: 4, female: 9 } }, 'Salah hitung', b.officer);
      sendAll(a, b);
      sendAll(b, a);
      for (const r of [a, b]) {
        const merged = r.core.visits.get(visit.id);
        assert.equal((merged.data.respondent as { phone: string }).phone, '0899 1');
        assert.equal((merged.data.workforce as { female: number }).female, 9);
        assert.equal(merged.revisions.length, 2, 'both amendments are in the history');
        assert.equal(r.core.sites.get(site.id).workers, 13, 'the site follows the merged form');
        assert.deepEqual(r.core.sync.conflicts(), []);
      }
    } finally {
      dispose();
    }
  });
});

describe('duplicates made offline', () => {
  test('two registrations of one IKM are listed, and merging them (either way round, on two laptops) converges', async () => {
    const { replicas: [a, b], dispose } = await openReplicas(2);
    try {
      const first = createSite(a, { name: 'UD Amplang Mama Ani' });
      const second = createSite(b, { name: 'Amplang Mama Ani' });
      const visit = b.core.visits.saveDraft({ siteId: second.id, data: anInventarisasi() as never }, b.officer);
      b.core.visits.finalize(visit.id);
      sendAll(a, b);
      sendAll(b, a);
      for (const r of [a, b]) assert.deepEqual(r.core.sites.likelyDuplicates().map((p) => [p.a, p.b].sort()), [[first.id, second.id].sort()]);
      // Opposite directions on the two laptops, before they meet again.
      a.core.sites.merge(first.id, second.id, 'Ani');
      b.clock.offsetMs = 1000;
      b.core.sites.merge(second.id, first.id, 'Budi');
      sendAll(a, b);
      sendAll(b, a);
      for (const r of [a, b]) {
        const live = [first.id, second.id].filter((id) => !r.core.sites.get(id).deleted);
        assert.deepEqual(live, [second.id], 'the later merge decides the survivor, the same on both');
        assert.equal(r.core.sites.get(first.id).deleted, true);
        assert.equal(r.core.visits.get(visit.id).siteId, second.id);
        assert.deepEqual(r.core.sites.likelyDuplicates(), []);
      }
      assert.deepEqual(a.core.sites.get(first.id), b.core.sites.get(first.id));
    } finally {
      dispose();
    }
  });

  test('a visit made on a site that was merged elsewhere moves to the survivor when the merge arrives', async () => {
    const { replicas: [a, b], dispose } = await openReplicas(2);
    try {
      const keep = createSite(a, { name: 'Rotan Indah' });
      const dup = createSite(a, { name: 'Rotan Indah Tenggarong', villageCode: VILLAGES.marangKayu });
      sendAll(a, b);
      a.core.sites.merge(keep.id, dup.id, 'Ani');
      const late = b.core.visits.saveDraft({ siteId: dup.id, data: anInventarisasi({ workforce: { male: 1, female: 1 } }) as never }, b.officer);
      b.core.visits.finalize(late.id);
      sendAll(b, a);
      sendAll(a, b);
      for (const r of [a, b]) {
        assert.equal(r.core.visits.get(late.id).siteId, keep.id);
        assert.equal(r.core.sites.get(keep.id).workers, 2);
        assert.equal(r.core.visits.timeline(keep.id).visits.length, 1);
      }
    } finally {
      dispose();
    }
  });
});

describe('visit numbers', () => {
  test('two laptops of one officer never make the same number', async () => {
    const { replicas: [a, b], dispose } = await openReplicas(2);
    try {
      const site = createSite(a);
      sendAll(a, b);
      const na = a.core.visits.saveDraft({ siteId: site.id, data: { kind: 'pembinaan' } }, a.officer).number;
      const nb = b.core.visits.saveDraft({ siteId: site.id, data: { kind: 'pembinaan' } }, b.officer).number;
      assert.match(na, /^ANS\/\d{4}\/[0-9A-Z]{3}-0001$/);
      assert.match(nb, /^ANS\/\d{4}\/[0-9A-Z]{3}-0001$/);
      assert.notEqual(na, nb);
    } finally {
      dispose();
    }
  });
});
