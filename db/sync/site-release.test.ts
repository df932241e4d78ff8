import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openApi } from '../api';
import { openCore } from '../core';
import { SiteInput } from '../model/site';
import { anInventarisasi, call, createSite, KALTIM_SETUP, openReplicas, siteInput, tempDir, VILLAGES } from '../test-support';

/**
 * Releasing sites on one laptop (issue 8, item 6), on a real SQLite file: what is kept, what goes,
 * and that the log's sequence and clock never go back when the newest messages go with a site.
 */

const photo = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'test-fixtures', 'photo-gps.jpg')));

test('a released site takes its rows and log with it; the log sequence, the clock and the replica stay', async () => {
  const tmp = tempDir('ikm-site-release-');
  try {
    const dbFile = join(tmp.dir, 'ikm-lapangan.sqlite');
    let api = openApi({ dbFile });
    await call(api, 'setup.save', KALTIM_SETUP);
    await call(api, 'settings.setOffice', { signaturesRequired: false });
    const m1 = await createSite(api, { name: 'Amplang Satu', villageCode: VILLAGES.marangKayu });
    const m2 = await createSite(api, { name: 'Amplang Dua', villageCode: VILLAGES.marangKayu });
    await call(api, 'site.merge', { survivorId: m1.id, loserId: m2.id });
    // The newest messages of the log are this site's.
    const x = await createSite(api, { name: 'Kerupuk Marang Kayu', villageCode: VILLAGES.marangKayu });
    const visit = await call(api, 'visit.saveDraft', { siteId: x.id, data: anInventarisasi() });
    const { attachment: added } = await call(api, 'attachment.add', { visitId: visit.id, kind: 'photo', fileName: 'x.jpg', bytes: photo });
    await call(api, 'visit.finalize', { id: visit.id });
    api.close();

    let core = openCore({ dbFile });
    const replicaId = core.sync.replicaId();
    const lastSeq = core.sync.info().lastSeq;
    const count = (sql: string, ...params: unknown[]) => core.db.prepare(sql).pluck().get(...params) as number;
    assert.ok(count('SELECT count(*) FROM site_fact WHERE site_id = ?', x.id) > 0);

    // Not yet acknowledged by the hub: kept. A file waiting to be sent: kept.
    assert.deepEqual(core.sync.releaseSites([x.id], { sentAfter: lastSeq - 1, filesToSend: new Set() }), { released: [], removed: 0, kept: [x.id], files: [] });
    assert.deepEqual(core.sync.releaseSites([x.id], { sentAfter: lastSeq, filesToSend: new Set([added.sha256]) }).kept, [x.id]);
    // A merge ties Amplang Satu to Amplang Dua, which was not asked for: kept.
    const result = core.sync.releaseSites([x.id, m1.id], { sentAfter: lastSeq, filesToSend: new Set() });
    assert.deepEqual(result.released, [x.id]);
    assert.equal(result.removed, 1);
    assert.deepEqual(result.kept, [m1.id]);
    assert.ok(result.files.includes(added.sha256));
    assert.equal(count('SELECT count(*) FROM site WHERE id = ?', x.id), 0);
    assert.equal(count('SELECT count(*) FROM visit WHERE site_id = ?', x.id), 0);
    assert.equal(count('SELECT count(*) FROM attachment WHERE visit_id = ?', visit.id), 0);
    assert.equal(count('SELECT count(*) FROM site_fact WHERE site_id = ?', x.id), 0);
    assert.equal(count("SELECT count(*) FROM crdt_row WHERE row_id IN (?, ?, ?)", x.id, visit.id, added.id), 0);
    assert.equal(count('SELECT count(*) FROM crdt_message m LEFT JOIN crdt_row r ON r.no = m.row_no WHERE r.no IS NULL'), 1, 'one mark, no stray message');
    assert.equal(core.sync.info().lastSeq, lastSeq, 'the sequence does not go back');
    assert.equal(core.sync.pending({ after: 0, limit: 5000, ownOnly: false }).messages.filter((m) => m.row === x.id).length, 0);

    // Both sides of the merge together: released. A site this laptop never had is confirmed, not counted.
    const both = core.sync.releaseSites([m2.id, m1.id, 'site-never-here'], { sentAfter: lastSeq, filesToSend: new Set() });
    assert.deepEqual(both.released, [m2.id, m1.id, 'site-never-here']);
    assert.equal(both.removed, 2);
    assert.equal(count('SELECT count(*) FROM site'), 0);
    assert.equal(count('SELECT count(*) FROM site_merge'), 0);
    assert.equal(count('SELECT count(*) FROM crdt_message m LEFT JOIN crdt_row r ON r.no = m.row_no WHERE r.no IS NULL'), 1, 'still one mark');
    core.close();

    // Reopened: the same replica (the clock did not go back), and a new change is logged after every cursor.
    api = openApi({ dbFile });
    const y = await createSite(api, { name: 'Madu Samarinda' });
    api.close();
    core = openCore({ dbFile });
    assert.equal(core.sync.replicaId(), replicaId);
    const after = core.sync.pending({ after: lastSeq, limit: 5000, ownOnly: false }).messages;
    assert.ok(after.some((m) => m.row === y.id && m.column === 'name'));
    assert.ok(after.every((m) => m.hlc.endsWith(replicaId) || m.table === 'replica'));
    core.close();
  } finally {
    tmp.dispose();
  }
});

test('a release never drops a waiting merge row that ties the released site to a kept one', async () => {
  const { replicas, dispose } = await openReplicas(2);
  try {
    const [office, laptop] = replicas;
    const officer = `${office.officer.name} (${office.officer.code})`;
    const register = (name: string, villageCode: string) => {
      const result = office.core.sites.create(SiteInput.parse(siteInput({ name, villageCode })), { duplicate: false, outsideProvince: false });
      if (!result.saved) throw new Error('site not saved');
      return result.site;
    };
    const kept = register('Amplang Samarinda', VILLAGES.samarinda);
    const released = register('Amplang Marang Kayu', VILLAGES.marangKayu);
    office.core.sites.merge(kept.id, released.id, officer);
    // The laptop has the kept site and the merge, not the merged-away site: the merge row waits for it.
    const all = office.core.sync.pending({ after: 0, limit: 5000, ownOnly: false }).messages;
    laptop.core.sync.apply(all.filter((m) => m.row !== released.id));
    assert.equal(laptop.core.sync.info().waitingRows, 1);

    // Asked to release the merged-away site alone: the waiting merge ties it to a site that stays, so it is kept.
    const lastSeq = laptop.core.sync.info().lastSeq;
    const outcome = laptop.core.sync.releaseSites([released.id], { sentAfter: lastSeq, filesToSend: new Set() });
    assert.deepEqual(outcome.kept, [released.id]);
    assert.equal(laptop.core.sync.info().waitingRows, 1, 'the merge row still waits, and applies when its site comes');
    laptop.core.sync.apply(all.filter((m) => m.row === released.id));
    assert.equal(laptop.core.sync.info().waitingRows, 0);
    assert.equal(laptop.core.db.prepare('SELECT merged_into FROM site WHERE id = ?').pluck().get(released.id), kept.id);
  } finally {
    dispose();
  }
});
