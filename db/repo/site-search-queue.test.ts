import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { openCore } from '../core';
import { SiteInput, SiteListQuery } from '../model/site';
import { VisitListQuery } from '../model/visit';
import { anInventarisasi, call, openReplicas, sendAll, setUpApi, siteInput } from '../test-support';

const CONFIRMED = { duplicate: true, outsideProvince: true };
const indexed = (core: { db: Database.Database }): number => core.db.prepare('SELECT count(*) FROM site_fts').pluck().get() as number;
const queued = (core: { db: Database.Database }): number => core.db.prepare('SELECT count(*) FROM site_search_queue').pluck().get() as number;
/** Sites added since the index was last brought up to date (they wait above the mark, unqueued). */
const added = (core: { db: Database.Database }): number =>
  core.db.prepare('SELECT count(*) FROM site WHERE rowid > (SELECT indexed_upto FROM site_search_mark)').pluck().get() as number;

/** Registers a site by name (confirming the duplicate and province warnings); answers its id. */
function createNamed(core: ReturnType<typeof openCore>, name: string): string {
  const saved = core.sites.create(SiteInput.parse(siteInput({ name })), CONFIRMED);
  assert.ok(saved.saved);
  return saved.site.id;
}

test('a save leaves its site for the search index; the next text search (register or visit log) indexes it first', async () => {
  const { replicas: [laptop], dispose } = await openReplicas(1);
  try {
    const { core, officer } = laptop;
    const saved = core.sites.create(SiteInput.parse(siteInput({ name: 'Amplang Mama Ani' })), CONFIRMED);
    assert.ok(saved.saved);
    const id = saved.site.id;
    assert.equal(indexed(core), 0, "the save's commit did not write the index");
    assert.equal(queued(core), 0, 'a new site is not queued: it waits above the mark');
    assert.equal(added(core), 1);

    // The visit log's search by site name reads the index too.
    const visit = core.visits.saveDraft({ siteId: id, data: anInventarisasi() }, officer);
    assert.deepEqual(core.visits.list(VisitListQuery.parse({ text: 'mplang' })).items.map((v) => v.id), [visit.id]);
    assert.equal(queued(core) + added(core), 0);
    assert.equal(indexed(core), 1);

    // A renamed site is found by its new name only, the first time it is searched for.
    core.sites.update(id, SiteInput.parse(siteInput({ name: 'Kerupuk Haruan' })), CONFIRMED);
    assert.equal(queued(core), 1);
    assert.deepEqual(core.sites.list(SiteListQuery.parse({ text: 'haruan' })).items.map((s) => s.id), [id]);
    assert.equal(core.sites.list(SiteListQuery.parse({ text: 'mama ani' })).total, 0);

    // Archived: out of the index; restored: back in.
    core.sites.archive(id);
    assert.equal(core.sites.list(SiteListQuery.parse({ text: 'haruan' })).total, 0);
    assert.equal(indexed(core), 0);
    core.sites.restore(id);
    assert.equal(core.sites.list(SiteListQuery.parse({ text: 'haruan' })).total, 1);
  } finally {
    dispose();
  }
});

test('sync batches leave the search index to the end of the round; a search before that indexes first', async () => {
  const { replicas: [a, b], dispose } = await openReplicas(2);
  try {
    for (const name of ['Amplang Mama Ani', 'Rotan Jaya', 'Karet Remah Sebuntal']) a.core.sites.create(SiteInput.parse(siteInput({ name })), CONFIRMED);
    const edited = a.core.sites.list(SiteListQuery.parse({ text: 'karet' })).items[0].id;
    sendAll(a, b);
    assert.equal(indexed(b.core), 0, 'the batches did not write the index');
    assert.equal(added(b.core), 3);
    assert.equal(b.core.sites.list(SiteListQuery.parse({ text: 'rotan' })).total, 1);
    assert.equal(queued(b.core) + added(b.core), 0);
    assert.equal(indexed(b.core), 3);
    // An edit that arrives by sync is queued, and found by its new name.
    a.core.sites.update(edited, SiteInput.parse(siteInput({ name: 'Karet Remah Muara Badak' })), CONFIRMED);
    sendAll(a, b);
    assert.equal(queued(b.core), 1);
    assert.equal(b.core.sites.list(SiteListQuery.parse({ text: 'badak' })).total, 1);
    assert.equal(b.core.sites.list(SiteListQuery.parse({ text: 'sebuntal' })).total, 0);
  } finally {
    dispose();
  }
});

test('0006-lighter-saves: an upgraded database queues its live sites, and opening it indexes them', async () => {
  const { api, dbFile, dispose } = await setUpApi();
  try {
    for (const name of ['Amplang Mama Ani', 'Rotan Jaya', 'Karet Remah Sebuntal']) await call(api, 'site.create', { site: siteInput({ name }), confirm: CONFIRMED });
    const archived = (await call(api, 'site.list', { text: 'karet' })).items[0].id;
    await call(api, 'site.archive', { id: archived });
    api.close();

    // As version 5 left it: the index with its own copy of the text, and no queue.
    const db = new Database(dbFile);
    db.exec(`DROP TRIGGER site_figure_visit_insert; DROP TRIGGER site_figure_visit_update; DROP TRIGGER site_figure_visit_delete;
      DROP TRIGGER site_tally_insert; DROP TRIGGER site_tally_update; DROP TRIGGER site_product_tally_update;
      DROP TRIGGER site_certificate_tally_update; DROP TRIGGER site_tally_delete;
      DROP TRIGGER visit_officer_tally_insert; DROP TRIGGER visit_officer_tally_update; DROP TRIGGER visit_officer_tally_delete;
      DROP TABLE site_figure; DROP TABLE site_tally; DROP TABLE site_product_tally; DROP TABLE site_certificate_tally; DROP TABLE visit_officer_tally;
      DROP TABLE site_fts; DROP TABLE site_search_queue;
      CREATE VIRTUAL TABLE site_fts USING fts5(name, owner, products, address, area, tokenize = 'trigram remove_diacritics 1');
      CREATE INDEX site_sector ON site(deleted, sector_group, name_norm);
      CREATE INDEX site_size ON site(deleted, size_class, name_norm);
      DROP TABLE site_search_mark;
      DROP INDEX site_list_name;
      CREATE INDEX site_list_name ON site(deleted, name_norm);
      CREATE INDEX site_kbli ON site(deleted, kbli_division, name_norm);
      CREATE INDEX site_status ON site(deleted, operating_status, name_norm);
      DROP INDEX visit_number_sequence;
      DROP TABLE site_distinct;
      ALTER TABLE site_merge DROP COLUMN undone_by;
      ALTER TABLE site_merge DROP COLUMN undone_at;
      DROP TABLE office_setting;
      ALTER TABLE visit DROP COLUMN signatures_required;
      ALTER TABLE attachment DROP COLUMN signature_method;
      DROP TABLE follow_up;
      DROP TABLE visit_review;
      DROP TABLE visit_recommendation;
      DROP INDEX visit_review_state;
      ALTER TABLE visit DROP COLUMN review_state;
      DROP TABLE sentra;
      DROP INDEX site_sentra;
      DROP TRIGGER site_certificate_insert; DROP TRIGGER site_certificate_update; DROP TRIGGER site_certificate_delete;
      DROP TABLE site_certificate;
      ALTER TABLE site DROP COLUMN sentra_id;
      PRAGMA user_version = 5;`);
    db.close();

    const upgraded = openCore({ dbFile, machine: 'test' });
    try {
      assert.equal(queued(upgraded), 0, 'opening indexed the queue');
      assert.equal(indexed(upgraded), 2, 'the live sites, not the archived one');
      assert.equal(upgraded.sites.list(SiteListQuery.parse({ text: 'rotan' })).total, 1);
      assert.equal(upgraded.sites.list(SiteListQuery.parse({ text: 'karet' })).total, 0);
      assert.match(String(upgraded.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'site_fts'").pluck().get()), /contentless_delete/);
      assert.deepEqual(upgraded.db.prepare("SELECT name FROM sqlite_master WHERE name IN ('site_sector', 'site_size', 'site_kbli', 'site_status')").all(), []);
      assert.equal(upgraded.sites.list(SiteListQuery.parse({ kbliDivision: '10', operatingStatus: 'aktif' })).total, 2, 'KBLI and status filter through the name index (0007)');
      assert.equal(upgraded.sites.list(SiteListQuery.parse({ sizeClass: 'mikro' })).total, 2, 'the size filter works without its index');
    } finally {
      upgraded.close();
    }
  } finally {
    dispose();
  }
});

test('0007: a new site is indexed from the mark, also when it takes the rowid of a released site', async () => {
  const { replicas: [laptop], dispose } = await openReplicas(1);
  try {
    const { core } = laptop;
    const create = (name: string) => createNamed(core, name);
    create('Amplang Mama Ani');
    const last = create('Rotan Jaya');
    assert.equal(core.sites.list(SiteListQuery.parse({ text: 'rotan' })).total, 1);
    assert.equal(added(core), 0, 'the search moved the mark past both sites');

    // Released (it left this laptop's scope): its rowid, the highest, is free for the next site.
    const rowidOf = (id: string) => core.db.prepare('SELECT rowid FROM site WHERE id = ?').pluck().get(id);
    const freed = rowidOf(last);
    const released = core.sync.releaseSites([last], { sentAfter: core.sync.info().lastSeq, filesToSend: new Set() });
    assert.deepEqual(released.released, [last]);
    const next = create('Kerupuk Haruan');
    assert.equal(rowidOf(next), freed, 'SQLite gave the new site the released rowid');
    assert.deepEqual(core.sites.list(SiteListQuery.parse({ text: 'haruan' })).items.map((s) => s.id), [next]);
    assert.equal(core.sites.list(SiteListQuery.parse({ text: 'rotan' })).total, 0);
    assert.equal(core.sites.list(SiteListQuery.parse({ text: 'mama' })).total, 1);
  } finally {
    dispose();
  }
});

test('a site released from the middle; a later site above it that is archived leaves the index (sync.verify found the stale entry)', async () => {
  const { replicas: [laptop], dispose } = await openReplicas(1);
  try {
    const { core } = laptop;
    const create = (name: string) => createNamed(core, name);
    create('Amplang Mama Ani');
    const middle = create('Rotan Jaya');
    const above = create('Kerupuk Haruan');
    assert.equal(core.sites.list(SiteListQuery.parse({ text: 'haruan' })).total, 1);
    assert.deepEqual(core.sync.releaseSites([middle], { sentAfter: core.sync.info().lastSeq, filesToSend: new Set() }).released, [middle]);
    core.sites.archive(above);
    assert.equal(core.sites.list(SiteListQuery.parse({ text: 'haruan' })).total, 0);
    assert.equal(indexed(core), 1, 'only the live site is indexed');
    assert.equal(core.sync.verify({ examples: 5 }).clean, true);
  } finally {
    dispose();
  }
});

test('a new site after releases that emptied the top of the table is indexed (the mark goes to the highest kept rowid; soak seed 20261207)', async () => {
  const { replicas: [laptop], dispose } = await openReplicas(1);
  try {
    const { core } = laptop;
    const create = (name: string) => createNamed(core, name);
    const release = (id: string) =>
      assert.deepEqual(core.sync.releaseSites([id], { sentAfter: core.sync.info().lastSeq, filesToSend: new Set() }).released, [id]);
    const first = create('Amplang Mama Ani');
    const second = create('Rotan Jaya');
    assert.equal(core.sites.list(SiteListQuery.parse({ text: 'rotan' })).total, 1);
    release(first);
    assert.equal(core.sites.list(SiteListQuery.parse({ text: 'rotan' })).total, 1, 'the index is brought up to date again');
    release(second);
    // The table is empty now: SQLite numbers the next site 1, below where the second one stood.
    const next = create('Kerupuk Haruan');
    assert.deepEqual(core.sites.list(SiteListQuery.parse({ text: 'haruan' })).items.map((s) => s.id), [next]);
    assert.equal(core.sync.verify({ examples: 5 }).clean, true);
  } finally {
    dispose();
  }
});
