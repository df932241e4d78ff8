import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openApi } from './api';
import { CHANNELS } from './model/channels';
import { inputSchemas } from './model/contract';
import { call, KALTIM_SETUP, setUpApi, siteInput, tempDir } from './test-support';

/** Every row of every table, to prove a refused call changed nothing. */
function snapshot(dbFile: string): string {
  const db = new Database(dbFile, { readonly: true });
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'site_fts%' ORDER BY name")
    .all() as { name: string }[];
  const dump = tables.map((t) => [t.name, db.prepare(`SELECT * FROM "${t.name}" ORDER BY 1`).all()]);
  db.close();
  return JSON.stringify(dump);
}

test('the contract and the channel list name the same channels', () => {
  assert.deepEqual(Object.keys(inputSchemas).sort(), [...CHANNELS].sort());
});

test('bad input is refused with Indonesian field messages and changes nothing', async () => {
  const { api, dbFile, dispose } = await setUpApi();
  try {
    const { site } = (await call(api, 'site.create', { site: siteInput() })) as { site: { id: string } };
    await call(api, 'visit.saveDraft', { siteId: site.id, data: { kind: 'identifikasi' } });
    const before = snapshot(dbFile);
    const bad = [
      ['site.create', { site: siteInput({ name: 'Baru', latitude: 'abc', longitude: '117' }) }],
      ['site.create', { site: siteInput({ nib: '12AB' }) }],
      ['site.create', 'not an object'],
      ['site.list', { limit: 100000 }],
      ['site.archive', { id: 'not-a-uuid' }],
      ['setup.save', { ...KALTIM_SETUP, officerCode: '1' }],
      ['wilayah.save', { name: 'Wilayah IV', regencyCodes: ['31.71'] }],
      ['visit.discardDraft', {}],
      ['visit.discardDraft', undefined],
      ['visit.discardDraft', { id: 'bukan-id' }],
      ['visit.discardDraft', { id: 42 }],
    ] as const;
    for (const [channel, input] of bad) {
      const result = await api.dispatch(channel, input);
      assert.equal(result.ok, false, `${channel} ${JSON.stringify(input)}`);
      assert.equal(!result.ok && result.error.code, 'VALIDATION');
      assert.ok(!result.ok && result.error.message.length > 0);
    }
    const lat = await api.dispatch('site.create', { site: siteInput({ name: 'Baru', latitude: 'abc', longitude: '117' }) });
    assert.deepEqual(!lat.ok && lat.error.issues, [
      { path: 'site.latitude', message: 'Lintang harus berupa angka desimal, mis. -0,5021' },
    ]);
    assert.equal(!lat.ok && lat.error.message, 'Data tidak valid: Lintang harus berupa angka desimal, mis. -0,5021');
    const noId = await api.dispatch('visit.discardDraft', {});
    assert.deepEqual(!noId.ok && noId.error.issues, [{ path: 'id', message: 'ID wajib diisi' }]);
    const badId = await api.dispatch('visit.discardDraft', { id: 'bukan-id' });
    assert.deepEqual(!badId.ok && badId.error.issues, [{ path: 'id', message: 'ID tidak valid' }]);
    assert.equal(snapshot(dbFile), before);
  } finally {
    dispose();
  }
});

test('unknown channels and calls before setup get clear errors', async () => {
  const tmp = tempDir();
  const api = openApi({ dbFile: join(tmp.dir, 'x.sqlite') });
  try {
    const unknown = await api.dispatch('site.drop', {});
    assert.equal(!unknown.ok && unknown.error.code, 'UNKNOWN_CHANNEL');
    assert.equal(await call(api, 'setup.get'), null);
    const regencies = await call(api, 'ref.regencies', { provinceCode: '64' });
    assert.equal(regencies.length, 10, 'the first-run form can offer regencies before setup');
    const early = await api.dispatch('wilayah.list', undefined);
    assert.equal(!early.ok && early.error.code, 'NOT_SET_UP');
  } finally {
    api.close();
    tmp.dispose();
  }
});

test('setup: stores the officer and office, loads the province, keeps one officer on re-setup', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const setup = await call(api, 'setup.get');
    assert.equal(setup?.provinceName, 'Kalimantan Timur');
    assert.equal(setup?.officer.code, 'ANS');
    assert.equal((await call(api, 'ref.regencies')).length, 10);

    const again = await call(api, 'setup.save', { ...KALTIM_SETUP, officerName: 'Ani S.', regencyCode: '64.72' });
    assert.equal(again.officer.id, setup?.officer.id);
    assert.equal(again.regencyName, 'Kota Samarinda');

    const wrong = await api.dispatch('setup.save', { ...KALTIM_SETUP, regencyCode: '63.71' });
    assert.equal(!wrong.ok && wrong.error.code, 'VALIDATION');

    const english = await call(api, 'settings.setLanguage', { language: 'en' });
    assert.equal(english.language, 'en');
  } finally {
    dispose();
  }
});

test('wilayah: the three Kaltim regions are seeded and can be edited', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const list = await call(api, 'wilayah.list');
    assert.deepEqual(
      list.map((w) => [w.name, w.regencyCodes]),
      [
        ['Wilayah I', ['64.01', '64.03', '64.09', '64.71']],
        ['Wilayah II', ['64.08', '64.72', '64.74']],
        ['Wilayah III', ['64.02', '64.07', '64.11']],
      ],
    );
    // Move Bontang to a new region with Samarinda as its hub.
    const created = await call(api, 'wilayah.save', { name: 'Wilayah IV', indukRegencyCode: '64.74', regencyCodes: ['64.74'] });
    assert.equal(created.indukRegencyCode, '64.74');
    const after = await call(api, 'wilayah.list');
    assert.deepEqual(after.find((w) => w.name === 'Wilayah II')?.regencyCodes, ['64.08', '64.72']);
    assert.deepEqual(after.find((w) => w.name === 'Wilayah IV')?.regencyCodes, ['64.74']);
    const renamed = await call(api, 'wilayah.save', { id: created.id, name: 'Wilayah Bontang', regencyCodes: ['64.74'] });
    assert.equal(renamed.name, 'Wilayah Bontang');
  } finally {
    dispose();
  }
});

test('any province can be the office: DKI Jakarta and Papua Pegunungan load their own areas', async () => {
  for (const [provinceCode, name] of [['31', 'DKI Jakarta'], ['95', 'Papua Pegunungan']]) {
    const tmp = tempDir();
    const api = openApi({ dbFile: join(tmp.dir, 'p.sqlite') });
    try {
      const setup = await call(api, 'setup.save', { ...KALTIM_SETUP, provinceCode });
      assert.equal(setup.provinceName, name);
      const regencies = await call(api, 'ref.regencies');
      assert.ok(regencies.length > 0 && regencies.every((r) => r.code.startsWith(`${provinceCode}.`)));
      assert.deepEqual(await call(api, 'wilayah.list'), [], 'no default groupings outside Kaltim');
    } finally {
      api.close();
      tmp.dispose();
    }
  }
});
