import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openApi, type Api } from '../api';
import type { ImportResult, JobProgress } from '../model';
import { compareBusinesses } from '../model/duplicates';
import { call, KALTIM_SETUP, siteInput, tempDir } from '../test-support';

/** Issue 20, major 11: namesakes are weighed by owner, phone and address; "add" is a choice; merges say what they fill and are counted. */
describe('import duplicates', () => {
  const tmp = tempDir('ikm-import-dup-');
  let api: Api;
  let storedId = '';

  before(async () => {
    api = openApi({ dbFile: join(tmp.dir, 'ikm.sqlite') });
    await call(api, 'setup.save', KALTIM_SETUP);
    const saved = await call(api, 'site.create', { site: siteInput({ name: 'Amplang Mama Ani', ownerName: 'Ani Wulandari', phone: null }) });
    assert.ok(saved.saved);
    storedId = saved.site.id;
  });
  after(() => {
    api.close();
    tmp.dispose();
  });

  async function finished(progress: JobProgress): Promise<JobProgress> {
    let p = progress;
    while (p.state === 'running') p = await call(api, 'job.watch', { id: p.id, after: p.seq });
    return p;
  }

  const HEADERS = ['Nama Usaha', 'Pemilik', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI', 'No. HP', 'Produk', 'Koordinat'];
  const place = ['Samarinda', 'Palaran', 'Rawa Makmur', '10'];
  const ROWS = [
    ['Amplang Mama Ani', 'Hj. Ani Wulandari', ...place, '0812 1111 2222', '', '"-0,5021; 117,1536"'],
    ['Amplang Mama Ani', 'Budi Santoso', ...place, '0812 3333 4444', '', ''],
    ['Kerupuk Haruan', 'Siti', ...place, '0812 5555 6666', '', ''],
    ['Kerupuk Haruan', 'Rahmat', ...place, '0812 7777 8888', '', ''],
    ['Kerupuk Haruan', 'Siti', ...place, '', 'Kerupuk haruan', ''],
    ['Roti Bakar', '', ...place, '', '', ''],
    ['Roti Bakar', '', ...place, '', '', ''],
  ];
  const csv = () => new TextEncoder().encode([HEADERS, ...ROWS].map((r) => r.join(';')).join('\r\n'));

  test('owner, phone and address tell namesakes apart; a shared phone or a first name ties them', () => {
    const none = { ownerName: null, phone: null, address: null };
    assert.equal(compareBusinesses({ ...none, ownerName: 'Siti' }, { ...none, ownerName: 'Rahmat' }).same, false);
    assert.equal(compareBusinesses({ ...none, ownerName: 'Ibu Siti' }, { ...none, ownerName: 'Siti Aminah' }).same, true);
    assert.equal(compareBusinesses({ ownerName: 'Siti', phone: '+62 812 1111', address: null }, { ownerName: 'Rahmat', phone: '08121111', address: null }).same, true);
    assert.equal(compareBusinesses({ ...none, address: 'Jl. Pramuka No. 5' }, { ...none, address: 'Jalan Pramuka 12' }).same, false);
    assert.equal(compareBusinesses({ ...none, address: 'Jl. Pramuka No. 5' }, { ...none, address: 'JL PRAMUKA NO 5 RT 03' }).same, true);
    // Nothing to weigh: the name decides, as before.
    assert.equal(compareBusinesses(none, { ...none, ownerName: 'Siti' }).same, true);
  });

  test('a namesake with another owner is added; a true duplicate shows what a merge fills; "add" adds it; merges are counted', async () => {
    const opened = await call(api, 'import.open', { fileName: 'daftar.csv', bytes: csv() });
    const preview = await call(api, 'import.preview', { id: opened.id, mapping: opened.mapping });
    assert.deepEqual(
      preview.rows.map((r) => [r.line, r.status, [...r.problems, ...(r.notes ?? [])].map((p) => p.code)]),
      [
        [2, 'duplicate', ['duplicate_of_site']],
        [3, 'ok', ['namesake_other_business']],
        [4, 'ok', []],
        [5, 'ok', ['namesake_other_line']],
        [6, 'duplicate', ['duplicate_of_line']],
        [7, 'ok', []],
        [8, 'duplicate', ['duplicate_of_line']],
      ],
    );
    assert.equal(preview.rows[0].duplicateOfId, storedId);
    // What a merge would change, field by field: the stored site lacks a phone and a point.
    assert.deepEqual(preview.rows[0].mergeChanges, [
      { field: 'phone', value: '081211112222' },
      { field: 'coordinates', value: '-0.5021; 117.1536' },
    ]);
    assert.deepEqual(preview.rows[4].mergeChanges, [{ field: 'products', value: 'Kerupuk haruan' }]);
    assert.deepEqual(preview.rows[6].mergeChanges, []);

    // Merge by default; line 8 is "bukan duplikat, tambahkan".
    const done = await finished(await call(api, 'import.start', { id: opened.id, mapping: opened.mapping, duplicates: 'merge', decisions: { '8': 'add' } }));
    assert.equal(done.state, 'done', JSON.stringify(done.error));
    assert.deepEqual(done.result as ImportResult, { added: 5, merged: 2, skipped: 0, errors: 0 });
    const list = await call(api, 'site.list', { limit: 50 });
    const byName = (name: string) => list.items.filter((s) => s.name === name);
    assert.deepEqual(byName('Amplang Mama Ani').map((s) => s.ownerName).sort(), ['Ani Wulandari', 'Budi Santoso']);
    assert.deepEqual(byName('Kerupuk Haruan').map((s) => [s.ownerName, s.products]).sort(), [['Rahmat', null], ['Siti', 'Kerupuk haruan']]);
    assert.equal(byName('Roti Bakar').length, 2);
    // The merge filled the stored site's blanks and nothing of the other Amplang's.
    const stored = await call(api, 'site.get', { id: storedId });
    assert.equal(stored.phone, '081211112222');
    assert.equal(stored.latitude, -0.5021);
    assert.equal(stored.ownerName, 'Ani Wulandari');

    // Again: nothing new is added (each row now has its site), nothing is merged.
    const again = await finished(await call(api, 'import.start', { id: opened.id, mapping: opened.mapping, duplicates: 'merge' }));
    assert.deepEqual(again.result as ImportResult, { added: 0, merged: 0, skipped: 0, errors: 0 });
    assert.equal((await call(api, 'site.counts')).total, 6);
  });
});
