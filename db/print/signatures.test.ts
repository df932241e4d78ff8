import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { openApi, type Api } from '../api';
import type { JobProgress } from '../model/job';
import { anInventarisasi, call, createSite, KALTIM_SETUP, tempDir } from '../test-support';

/**
 * Issue 20, major 3 and the amendment minor: what a visit says where a signature would be. A
 * refusal and a typed name are said in words on paper and in exports (never a blank, never a
 * cursive name passing for a signature); a respondent who refused may sign later by an
 * amendment, which holds the signature with its reason (no file name in the history).
 */
const png = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'test-fixtures', 'photo-plain.png')));

describe('signatures on paper, in exports and in amendments', () => {
  const tmp = tempDir();
  let api: Api;
  let nextPath = '';
  let refusedId = '';
  let typedId = '';
  before(async () => {
    api = openApi({ dbFile: join(tmp.dir, 'ikm.sqlite'), shell: { chooseSavePath: async () => nextPath } });
    await call(api, 'setup.save', KALTIM_SETUP);
    const site = await createSite(api);
    // The respondent refused; the officer drew.
    const refused = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi({ signatureRefusal: 'Pemilik sedang sakit' } as never) });
    await call(api, 'attachment.add', { visitId: refused.id, kind: 'signature', role: 'officer', fileName: 'ttd.png', bytes: png });
    refusedId = (await call(api, 'visit.finalize', { id: refused.id })).id;
    // The officer typed the respondent's name (no mouse at hand), and drew their own.
    const typed = await call(api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi({ visitDate: '2026-11-21' }) });
    await call(api, 'attachment.add', { visitId: typed.id, kind: 'signature', role: 'respondent', signatureMethod: 'typed', fileName: 'tanda-tangan-respondent.png', bytes: png });
    await call(api, 'attachment.add', { visitId: typed.id, kind: 'signature', role: 'officer', fileName: 'tanda-tangan-officer.png', bytes: png });
    typedId = (await call(api, 'visit.finalize', { id: typed.id })).id;
  });
  after(() => {
    api.close();
    tmp.dispose();
  });

  test('the printed form says the respondent refused, with the reason, and that a typed name was typed', async () => {
    const [refused, typed] = await call(api, 'print.visits', { ids: [refusedId, typedId] });
    const respondent = (p: typeof refused) => p.signatures.find((s) => s.role === 'Responden')!;
    assert.deepEqual({ ...respondent(refused) }, { role: 'Responden', name: 'Pak Rahmat', nip: null, src: null, note: 'Responden menolak menandatangani', detail: 'Alasan: Pemilik sedang sakit' });
    assert.equal(respondent(typed).src, null, 'a typed name is not printed as a handwritten signature');
    assert.equal(respondent(typed).note, 'Nama diketik oleh petugas (bukan tanda tangan)');
    const officer = typed.signatures.find((s) => s.role === 'Petugas')!;
    assert.match(officer.src ?? '', /^data:image\/png;base64,/, 'a drawn signature prints as drawn');
    assert.equal(officer.note, null);
  });

  test('the export says the same in its signature columns', async () => {
    nextPath = join(tmp.dir, 'kunjungan.csv');
    let progress = (await call(api, 'export.start', { source: 'visits', format: 'csv' })) as JobProgress;
    while (progress.state === 'running') progress = await call(api, 'job.watch', { id: progress.id, after: progress.seq });
    assert.equal(progress.state, 'done');
    const rows = parse(readFileSync(nextPath), { bom: true, columns: true }) as Record<string, string>[];
    const pick = (r: Record<string, string>) => [r['Tanda tangan responden'], r['Alasan responden menolak menandatangani'], r['Tanda tangan petugas'], r['Tanda tangan wajib saat finalisasi']];
    assert.deepEqual(pick(rows.find((r) => r['Tanggal kunjungan'] === '2026-11-20')!), ['Responden menolak menandatangani', 'Pemilik sedang sakit', 'Ditandatangani', 'Ya']);
    assert.deepEqual(pick(rows.find((r) => r['Tanggal kunjungan'] === '2026-11-21')!), ['Nama diketik oleh petugas', '', 'Ditandatangani', 'Ya']);
  });

  test('a respondent who refused signs later by an amendment: the signature and its reason are one revision', async () => {
    const before = await call(api, 'visit.get', { id: refusedId });
    const nothing = await api.dispatch('visit.amend', { id: refusedId, data: before.data, reason: 'Tidak ada' });
    assert.equal(!nothing.ok && nothing.error.reason, 'amend_nothing_changed');

    const amended = await call(api, 'visit.amend', {
      id: refusedId,
      data: { ...before.data, signatureRefusal: null },
      reason: 'Pemilik sudah sembuh dan bersedia menandatangani',
      signatures: [{ role: 'respondent', signatureMethod: 'drawn', bytes: png }],
    });
    assert.equal(amended.revisions.length, 1, 'one revision, not one per file');
    const [revision] = amended.revisions;
    assert.equal(revision.reason, 'Pemilik sudah sembuh dan bersedia menandatangani');
    assert.deepEqual(revision.fieldChanges, [
      { path: 'signatureRefusal', old: 'Pemilik sedang sakit', new: null },
      { path: 'signature.respondent', old: null, new: 'drawn' },
    ]);
    const signatures = (await call(api, 'attachment.list', { visitId: refusedId })).filter((a) => a.kind === 'signature');
    assert.deepEqual(signatures.map((a) => [a.role, a.signatureMethod]).sort(), [['officer', 'drawn'], ['respondent', 'drawn']]);
    const [paper] = await call(api, 'print.visits', { ids: [refusedId] });
    assert.match(paper.signatures[0].src ?? '', /^data:image\/png/, 'now printed as signed');
    assert.ok(paper.revisions[0].changes.some((c) => c.label === 'Tanda tangan responden' && c.after === 'Ditambahkan (digambar)'));

    // A signature given stays as given: an amendment cannot replace it.
    const again = await api.dispatch('visit.amend', { id: refusedId, data: amended.data, reason: 'Ganti tanda tangan', signatures: [{ role: 'respondent', signatureMethod: 'drawn', bytes: png }] });
    assert.equal(!again.ok && again.error.reason, 'signature_locked');
    assert.equal((await call(api, 'visit.get', { id: refusedId })).revisions.length, 1, 'the refused amendment left nothing');
  });
});

test('the finalize checklist lists fields a final visit cannot hold, before the missing items, and says nothing is ready', async () => {
  const tmp = tempDir();
  const api = openApi({ dbFile: join(tmp.dir, 'ikm.sqlite') });
  try {
    await call(api, 'setup.save', KALTIM_SETUP);
    const site = await createSite(api);
    // A draft keeps what was typed: letters in a number, a latitude beyond the pole.
    const draft = await call(api, 'visit.saveDraft', {
      siteId: site.id,
      data: { ...anInventarisasi(), workforce: { male: 'empat', female: 6 }, latitude: 123, longitude: 117.15 } as never,
    });
    const items = await call(api, 'visit.checklist', { id: draft.id });
    const invalid = items.filter((i) => i.code === 'INVALID_FIELD');
    assert.deepEqual(invalid.map((i) => [i.path, i.blocking]), [['latitude', true], ['workforce.male', true]]);
    assert.ok(invalid.every((i) => i.issue?.code), 'each with its issue code, for the UI language');
    assert.equal(items.indexOf(invalid[0]), 0, 'listed first');
    const refused = await api.dispatch('visit.finalize', { id: draft.id });
    assert.equal(!refused.ok && refused.error.code, 'VALIDATION');

    // The amendment preview: nothing changed is known before a reason is asked.
    await call(api, 'settings.setOffice', { signaturesRequired: false });
    const ok = await call(api, 'visit.saveDraft', { id: draft.id, siteId: site.id, data: anInventarisasi() });
    const final = await call(api, 'visit.finalize', { id: ok.id });
    assert.deepEqual(await call(api, 'visit.amendChanges', { id: final.id, data: final.data }), []);
    assert.deepEqual(
      (await call(api, 'visit.amendChanges', { id: final.id, data: { ...final.data, findings: 'Produksi naik' } })).map((c) => c.path),
      ['findings'],
    );
  } finally {
    api.close();
    tmp.dispose();
  }
});
