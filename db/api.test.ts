import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { openApi } from './api';
import { CHANNELS } from './model/channels';
import { inputSchemas } from './model/contract';
import { anInventarisasi, call, KALTIM_SETUP, setUpApi, siteInput, tempDir } from './test-support';

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
      { path: 'site.latitude', message: 'Lintang harus berupa angka desimal, mis. -0,5021', code: 'decimal' },
    ]);
    assert.equal(!lat.ok && lat.error.message, 'Data tidak valid: Lintang harus berupa angka desimal, mis. -0,5021');
    const noId = await api.dispatch('visit.discardDraft', {});
    assert.deepEqual(!noId.ok && noId.error.issues, [{ path: 'id', message: 'ID wajib diisi', code: 'required' }]);
    const badId = await api.dispatch('visit.discardDraft', { id: 'bukan-id' });
    assert.deepEqual(!badId.ok && badId.error.issues, [{ path: 'id', message: 'ID tidak valid', code: 'invalid_format' }]);
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

test('dispatch never throws and answers small: BigInt, cycles, deep nesting, bytes to a no-input channel', async (t) => {
  t.mock.method(console, 'error', () => {}); // internal errors are logged; expected below
  const { api, dbFile, dispose } = await setUpApi();
  try {
    const { site } = (await call(api, 'site.create', { site: siteInput() })) as { site: { id: string } };
    const before = snapshot(dbFile);
    const circular: Record<string, unknown> = { siteId: site.id, data: { kind: 'identifikasi' } };
    (circular.data as Record<string, unknown>).self = circular;
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const hostile: [string, string, unknown][] = [
      ['bigint', 'visit.saveDraft', { siteId: site.id, data: { kind: 'identifikasi', workforce: { male: 10n } } }],
      ['circular', 'visit.saveDraft', circular],
      ['deep', 'visit.saveDraft', { siteId: site.id, data: { kind: 'identifikasi', notes: deep } }],
      ['bytes', 'app.info', new Uint8Array(10_000_000)],
      ['bytes in a field', 'site.create', { site: new Uint8Array(1_000_000) }],
      ['class instance', 'site.list', { text: new Map() }],
      ['function', 'site.list', { text: () => 1 }],
    ];
    for (const [name, channel, input] of hostile) {
      const result = await api.dispatch(channel, input);
      assert.equal(result.ok, false, name);
      assert.equal(!result.ok && result.error.code, 'VALIDATION', name);
      assert.ok(JSON.stringify(result).length < 2_000, `${name}: the answer is small`);
      // Refused by the shape check before any schema walked it (ten million keys would be 250 MB of issues).
      assert.equal(!result.ok && result.error.issues?.length, 1, name);
    }
    // Many bad fields: the error lists a bounded number of them.
    const many = await api.dispatch('wilayah.save', { name: 'Wilayah X', regencyCodes: Array.from({ length: 500 }, (_, i) => `bad${i}`) });
    assert.ok(!many.ok && many.error.issues!.length === 21, 'twenty messages and a summary of the rest');
    assert.match(!many.ok ? many.error.issues![20].message : '', /480 kesalahan lain/);
    assert.ok(JSON.stringify(many).length < 10_000);
    assert.equal(snapshot(dbFile), before, 'nothing was written');
    assert.ok(await call(api, 'app.info'), 'the API still answers');
  } finally {
    dispose();
  }
});

test('an unexpected failure answers INTERNAL without raw exception text or file paths', async (t) => {
  const logged: unknown[] = [];
  t.mock.method(console, 'error', (...args: unknown[]) => logged.push(args));
  const { api, dbFile, dispose } = await setUpApi();
  try {
    const raw = new Database(dbFile);
    raw.exec('DROP TABLE site_fts'); // the core's next search fails with a raw SQLite error
    raw.close();
    const result = await api.dispatch('site.list', { text: 'amplang' });
    assert.equal(!result.ok && result.error.code, 'INTERNAL');
    const text = JSON.stringify(result);
    assert.doesNotMatch(text, /site_fts|SQLITE|no such table|\/tmp|ikm\.sqlite/i);
    assert.ok(logged.length > 0, 'the detail went to the log');
  } finally {
    dispose();
  }
});

test('app.info answers the version of package.json, the data folder and the database size', async () => {
  const { api, dbFile, dispose } = await setUpApi();
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const info = await call(api, 'app.info');
    assert.equal(info.version, pkg.version);
    assert.equal(info.dataDir, dirname(dbFile));
    assert.ok(info.databaseBytes >= statSync(dbFile).size && info.databaseBytes > 0);
  } finally {
    dispose();
  }
});

test('changing the province while sites exist is refused with an explanation; without sites it is allowed', async () => {
  const { api, dbFile, dispose } = await setUpApi();
  try {
    await call(api, 'site.create', { site: siteInput() });
    const before = snapshot(dbFile);
    const moved = await api.dispatch('setup.save', { ...KALTIM_SETUP, provinceCode: '31' });
    assert.equal(!moved.ok && moved.error.code, 'VALIDATION');
    assert.deepEqual(!moved.ok && moved.error.issues?.map((i) => [i.path, i.code, i.params]), [
      ['provinceCode', 'province_locked', { n: 1, province: 'Kalimantan Timur' }],
    ]);
    assert.match(!moved.ok ? moved.error.message : '', /sudah ada 1 usaha terdaftar di Kalimantan Timur/);
    assert.equal(snapshot(dbFile), before, 'nothing changed');
    // The same province with other details still saves.
    assert.equal((await call(api, 'setup.save', { ...KALTIM_SETUP, officerName: 'Ani S.' })).officer.name, 'Ani S.');
  } finally {
    dispose();
  }
  const fresh = await setUpApi();
  try {
    assert.equal((await call(fresh.api, 'setup.save', { ...KALTIM_SETUP, provinceCode: '31' })).provinceCode, '31');
  } finally {
    fresh.dispose();
  }
});

test('finalize: signatures are required by default (an office setting); a refusal with a reason stands in for the respondent', async () => {
  const tmp = tempDir();
  const api = openApi({ dbFile: join(tmp.dir, 'ttd.sqlite') });
  try {
    await call(api, 'setup.save', KALTIM_SETUP);
    assert.deepEqual(await call(api, 'settings.office'), { signaturesRequired: true, changedBy: null, changedAt: null, editable: true }, 'on by default');
    const { site } = (await call(api, 'site.create', { site: siteInput() })) as { site: { id: string } };
    const draft = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi() });

    const list = await call(api, 'visit.checklist', { id: draft.id });
    assert.deepEqual(
      list.map((i) => [i.code, i.blocking]),
      [
        ['SIGNATURE_RESPONDENT', true],
        ['SIGNATURE_OFFICER', true],
        ['NO_PHOTO', false],
        ['NO_COORDINATES', false],
        ['NO_FINDINGS', false],
      ],
    );
    const refused = await api.dispatch('visit.finalize', { id: draft.id });
    assert.equal(!refused.ok && refused.error.code, 'VALIDATION');
    assert.deepEqual(!refused.ok && refused.error.issues?.map((i) => i.path), ['signature.respondent', 'signature.officer']);
    assert.equal((await call(api, 'visit.get', { id: draft.id })).status, 'draft', 'still a draft');

    // The officer signs; the respondent refuses, with a reason.
    const png = readFileSync(new URL('./test-fixtures/photo-plain.png', import.meta.url));
    await call(api, 'attachment.add', { visitId: draft.id, kind: 'signature', role: 'officer', fileName: 'ttd.png', bytes: new Uint8Array(png) });
    await call(api, 'visit.saveDraft', { id: draft.id, siteId: site.id, data: anInventarisasi({ signatureRefusal: 'Pemilik sedang sakit, tidak bersedia' } as never) });
    assert.deepEqual((await call(api, 'visit.checklist', { id: draft.id })).filter((i) => i.blocking), []);
    const final = await call(api, 'visit.finalize', { id: draft.id });
    assert.equal(final.status, 'final');
    assert.equal(final.data.signatureRefusal, 'Pemilik sedang sakit, tidak bersedia');
    assert.equal(final.signaturesRequired, true, 'finalized under the rule, and the visit says so');

    // Switched off (by the office: this laptop has no hub), a visit without signatures finalizes.
    const off = await call(api, 'settings.setOffice', { signaturesRequired: false });
    assert.deepEqual({ ...off, changedAt: null }, { signaturesRequired: false, changedBy: 'Ani Suryani (ANS)', changedAt: null, editable: true });
    const other = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi() });
    const unsigned = await call(api, 'visit.finalize', { id: other.id });
    assert.equal(unsigned.status, 'final');
    assert.equal(unsigned.signaturesRequired, false);
  } finally {
    api.close();
    tmp.dispose();
  }
});

test('every refusal the API answers carries a reason from the list and its parameters, so a shell says it without reading the sentence', async () => {
  const { api, dispose } = await setUpApi();
  try {
    const site = await call(api, 'site.create', { site: siteInput() });
    const siteId = site.saved ? site.site.id : '';
    const draft = await call(api, 'visit.saveDraft', { siteId, data: anInventarisasi() as never });
    await call(api, 'settings.setOffice', { signaturesRequired: true });
    const missingId = '01a20942-c2c7-712b-83f8-56ed814b9545';
    const refusals: [string, unknown, string, Record<string, unknown>?][] = [
      ['visit.get', { id: missingId }, 'visit_not_found'],
      ['site.get', { id: missingId }, 'site_not_found'],
      ['visit.finalize', { id: draft.id }, 'finalize_blocked', { count: 2 }],
      ['visit.amend', { id: draft.id, data: anInventarisasi(), reason: 'Salah ketik' }, 'amend_only_final'],
      ['attachment.add', { visitId: draft.id, kind: 'file', fileName: 'catatan.txt', bytes: new TextEncoder().encode('teks') }, 'attachment_not_readable', { name: 'catatan.txt', kind: 'file' }],
      ['site.list', { limit: 'semua' }, 'invalid_input'],
      ['no.such', {}, 'unknown_channel', { name: 'no.such' }],
      ['setup.save', { ...KALTIM_SETUP, provinceCode: '99' }, 'province_unknown'],
    ];
    for (const [channel, input, reason, params] of refusals) {
      const result = await api.dispatch(channel, input);
      assert.equal(result.ok, false, channel);
      if (result.ok) continue;
      assert.equal(result.error.reason, reason, `${channel}: ${result.error.message}`);
      if (params) assert.deepEqual(result.error.params, params, channel);
    }
    // Field issues of a refusal carry their codes too.
    const finalize = await api.dispatch('visit.finalize', { id: draft.id });
    assert.deepEqual(!finalize.ok && finalize.error.issues?.map((i) => i.code), ['signature_respondent', 'signature_officer']);
  } finally {
    dispose();
  }
});
