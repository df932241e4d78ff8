/**
 * Site search at the office's scale (issue 18 item 8): a search counts up to SITE_LIST_CAP and a
 * text search sorts at most SITE_LIST_CAP candidates (the newest), so its cost does not grow with
 * the register. And what officers type still finds what it found: a prefix, a part of a word,
 * the desa, with the KBLI filter, and sites that came from another laptop.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SiteInput, SiteListQuery, SITE_LIST_CAP } from '../model/site';
import { openReplicas, sendAll, siteInput, VILLAGES } from '../test-support';
import { withGuardOpen } from '../sync/write-guard';

const CONFIRMED = { duplicate: true, outsideProvince: true };

test('past SITE_LIST_CAP matches the register says "more", and a text search sorts the newest SITE_LIST_CAP', async () => {
  const { replicas: [laptop], dispose } = await openReplicas(1);
  try {
    const { core } = laptop;
    // SITE_LIST_CAP + 5 "Amplang" sites; numbered so the newest have the highest numbers.
    core.db.transaction(() => {
      for (let i = 0; i < SITE_LIST_CAP + 5; i++) {
        const name = `Amplang ${String(i).padStart(4, '0')}`;
        assert.ok(core.sites.create(SiteInput.parse(siteInput({ name, ownerName: 'Budi Santoso' })), CONFIRMED).saved);
      }
      assert.ok(core.sites.create(SiteInput.parse(siteInput({ name: 'Rotan Jaya', products: 'Anyaman rotan', kbliCode: '16', villageCode: VILLAGES.balikpapan })), CONFIRMED).saved);
    })();
    const list = (query: SiteListQuery) => core.sites.list(SiteListQuery.parse(query));

    const found = list({ text: 'amplang' });
    assert.equal(found.total, SITE_LIST_CAP);
    assert.equal(found.capped, true);
    // The 5 oldest are past the cap: the page starts at the sixth, in name order.
    assert.deepEqual(found.items.slice(0, 3).map((s) => s.name), ['Amplang 0005', 'Amplang 0006', 'Amplang 0007']);
    const last = list({ text: 'amplang', offset: SITE_LIST_CAP - 2, limit: 10 });
    assert.deepEqual(last.items.map((s) => s.name), ['Amplang 1003', 'Amplang 1004'], 'the list ends at the cap');

    assert.deepEqual({ total: list({}).total, capped: list({}).capped }, { total: SITE_LIST_CAP, capped: true });
    assert.deepEqual(list({}).items[0].name, 'Amplang 0000', 'without text the register is read in name order from the start');

    // Under the cap the count is exact.
    for (const [query, total] of [
      [{ text: 'rotan' }, 1],
      [{ text: 'amplang', kbliDivision: '16' }, 0],
      [{ text: 'santoso', regencyCode: '64.71' }, 0],
      [{ kbliDivision: '16' }, 1],
    ] as const) {
      assert.deepEqual({ total: list(query).total, capped: list(query).capped }, { total, capped: false }, JSON.stringify(query));
    }
  } finally {
    dispose();
  }
});

test('prefix, part of a word, desa, KBLI filter, archived: found as before, with an exact total', async () => {
  const { replicas: [laptop], dispose } = await openReplicas(1);
  try {
    const { core } = laptop;
    const rows = [
      { name: 'Amplang Mama Ani', ownerName: 'Ani Wulandari', products: 'Amplang ikan pipih', kbliCode: '10', villageCode: VILLAGES.samarinda },
      { name: 'Rotan Jaya', ownerName: 'Budi Santoso', products: 'Anyaman rotan', kbliCode: '16', villageCode: VILLAGES.balikpapan },
      { name: 'Karet Remah Sebuntal', ownerName: 'PT Sebuntal', products: 'Karet remah', kbliCode: '22', villageCode: VILLAGES.marangKayu },
      { name: 'Kerupuk Amplang Palaran', ownerName: 'Siti Aisyah', products: 'Kerupuk', kbliCode: '10', villageCode: VILLAGES.samarinda },
    ];
    for (const row of rows) assert.ok(core.sites.create(SiteInput.parse(siteInput(row)), CONFIRMED).saved);
    const names = (query: SiteListQuery) => {
      const result = core.sites.list(SiteListQuery.parse(query));
      assert.equal(result.capped, false);
      assert.equal(result.total, result.items.length);
      return result.items.map((s) => s.name);
    };
    assert.deepEqual(names({ text: 'ampl' }), ['Amplang Mama Ani', 'Kerupuk Amplang Palaran'], 'prefix');
    assert.deepEqual(names({ text: 'mplan' }), ['Amplang Mama Ani', 'Kerupuk Amplang Palaran'], 'a part of a word');
    assert.deepEqual(names({ text: 'santos' }), ['Rotan Jaya'], 'owner');
    assert.deepEqual(names({ text: 'rawa makmur' }), ['Amplang Mama Ani', 'Kerupuk Amplang Palaran'], 'desa');
    assert.deepEqual(names({ text: 'marang kayu' }), ['Karet Remah Sebuntal'], 'kecamatan');
    assert.deepEqual(names({ text: 'amplang', kbliDivision: '10', sort: 'updated' }), ['Kerupuk Amplang Palaran', 'Amplang Mama Ani'], 'KBLI filter, newest first');
    assert.deepEqual(names({ text: 'amplang', kbliDivision: '16' }), []);
    assert.deepEqual(names({ text: 'ka', regencyCode: '64.02' }), ['Karet Remah Sebuntal'], 'two letters: the start of the name');
    assert.deepEqual(names({ text: 'amplang xy' }), [], 'a short word beside a long one');
    assert.deepEqual(names({ text: 'amplang pa' }), ['Kerupuk Amplang Palaran']);
    const karet = core.sites.list(SiteListQuery.parse({ text: 'karet' })).items[0].id;
    core.sites.archive(karet);
    assert.deepEqual(names({ text: 'karet' }), []);
    assert.deepEqual(names({ text: 'karet', archived: true }), ['Karet Remah Sebuntal'], 'archived sites are searched apart');
  } finally {
    dispose();
  }
});

test('sites and edits that another laptop made are found after the replicator applies them', async () => {
  const { replicas: [a, b], dispose } = await openReplicas(2);
  try {
    const ids = [
      { name: 'Amplang Mama Ani' },
      { name: 'Rotan Jaya', products: 'Anyaman rotan' },
    ].map((row) => {
      const saved = a.core.sites.create(SiteInput.parse(siteInput(row)), CONFIRMED);
      assert.ok(saved.saved);
      return saved.site.id;
    });
    sendAll(a, b);
    const list = (query: SiteListQuery) => b.core.sites.list(SiteListQuery.parse(query));
    assert.deepEqual(list({ text: 'mplan' }).items.map((s) => s.id), [ids[0]]);
    // Renamed, moved to another regency and given another KBLI on laptop A.
    a.core.sites.update(ids[1], SiteInput.parse(siteInput({ name: 'Mebel Ulin Jaya', products: 'Lemari kayu', kbliCode: '31', villageCode: VILLAGES.balikpapan })), CONFIRMED);
    a.core.sites.archive(ids[0]);
    sendAll(a, b);
    assert.deepEqual(list({ text: 'ulin' }).items.map((s) => s.id), [ids[1]]);
    assert.deepEqual(list({ text: 'ulin', kbliDivision: '31', regencyCode: '64.71' }).items.map((s) => s.id), [ids[1]]);
    assert.equal(list({ text: 'rotan' }).total, 0, 'the old name is gone');
    assert.equal(list({ text: 'ulin', regencyCode: '64.72' }).total, 0, 'the old regency is gone');
    assert.equal(list({ text: 'amplang' }).total, 0, 'archived on A: out of B\'s search');
    assert.equal(withGuardOpen(b.core.db, () => b.core.db.prepare('SELECT count(*) FROM site_fts').pluck().get()), 1);
  } finally {
    dispose();
  }
});
