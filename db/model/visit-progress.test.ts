import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anInventarisasi } from '../test-support';
import { sectionOfPath, visitProgress } from './visit-progress';

const photo = { kind: 'photo', role: null };
const signed = (role: string) => ({ kind: 'signature', role });

test('visit progress: sections by the schema, attachments by any photo or document, signatures by the checklist rule (a recorded refusal counts)', () => {
  const complete = { ...anInventarisasi(), findings: 'Produksi berjalan; kemasan belum berlabel' } as Record<string, unknown>;
  assert.deepEqual(visitProgress(complete, [photo, signed('respondent'), signed('officer')]).sections, {
    umum: true, kind: true, temuan: true, lampiran: true, 'tanda-tangan': true,
  });

  const gaps = visitProgress({ ...complete, respondent: { name: '' }, capacity: {} }, [signed('officer')]);
  assert.deepEqual(gaps.sections, { umum: false, kind: false, temuan: true, lampiran: false, 'tanda-tangan': false });
  assert.equal(gaps.done, 1);
  assert.equal(gaps.total, 5);
  assert.ok(gaps.issues.some((i) => i.path === 'respondent.name' && i.code === 'too_short'));

  // The respondent refused to sign, with a reason: the signatures are done with the officer's alone.
  const refused = visitProgress({ ...complete, signatureRefusal: 'Pemilik tidak berkenan' }, [signed('officer')]);
  assert.equal(refused.sections['tanda-tangan'], true);
  assert.equal(sectionOfPath('signatureRefusal'), 'tanda-tangan');
  assert.equal(sectionOfPath('workforce.male'), 'kind');
  assert.equal(sectionOfPath('recommendations.0.text'), 'temuan');
});

test('visit progress: an empty "Temuan & rekomendasi" has no ✓; findings or one recommendation written give it', () => {
  const all = [photo, signed('respondent'), signed('officer')];
  const empty = anInventarisasi() as Record<string, unknown>;
  assert.equal(visitProgress(empty, all).sections.temuan, false);
  assert.equal(visitProgress({ ...empty, findings: '   ' }, all).sections.temuan, false);
  assert.equal(visitProgress({ ...empty, findings: 'Mesin pengering rusak' }, all).sections.temuan, true);
  assert.equal(visitProgress({ ...empty, recommendations: [{ text: 'Ajukan sertifikat halal' }] }, all).sections.temuan, true);
});
