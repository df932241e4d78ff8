import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachmentChangeOf, describeChange, visitFieldLabel, type ChangeWords } from './visit-changes';

const words = (language: 'id' | 'en'): ChangeWords => ({ language, option: (list, code) => `${list}:${code}` });

test('a change shows the field label and both values in words, in Indonesian and in English', () => {
  assert.deepEqual(describeChange({ path: 'respondent.phone', old: null, new: '0812 5555 1234' }, words('id')), {
    path: 'respondent.phone',
    label: 'Telepon responden',
    before: '–',
    after: '0812 5555 1234',
  });
  assert.equal(describeChange({ path: 'respondent.phone', old: null, new: 'x' }, words('en')).label, 'Respondent phone');
  assert.deepEqual(describeChange({ path: 'workforce.female', old: 1200, new: 1350 }, words('id')), {
    path: 'workforce.female',
    label: 'Tenaga kerja perempuan',
    before: '1.200',
    after: '1.350',
  });
  assert.equal(describeChange({ path: 'workforce.female', old: 1200, new: 1 }, words('en')).before, '1,200');
});

test('dates in the language, Rupiah, coordinates, lists joined and codes named', () => {
  const id = words('id');
  const en = words('en');
  assert.equal(describeChange({ path: 'visitDate', old: '2018-10-31', new: '2018-11-01' }, id).before, '31 Oktober 2018');
  assert.equal(describeChange({ path: 'visitDate', old: '2018-10-31', new: '2018-11-01' }, en).after, '1 November 2018');
  assert.equal(describeChange({ path: 'productionValueRp', old: 240_000_000, new: null }, id).before, 'Rp 240.000.000');
  assert.equal(describeChange({ path: 'latitude', old: -0.5021, new: null }, id).before, '-0,5021');
  assert.equal(describeChange({ path: 'officers', old: ['Ani', 'Budi'], new: ['Ani'] }, id).before, 'Ani; Budi');
  assert.equal(describeChange({ path: 'certificates', old: ['NIB', 'PIRT'], new: [] }, id).before, 'certificate:NIB; certificate:PIRT');
  assert.equal(describeChange({ path: 'certificates', old: ['NIB'], new: [] }, id).after, '–');
  assert.equal(describeChange({ path: 'operatingStatus', old: 'aktif', new: 'tutup' }, id).after, 'operatingStatus:tutup');
  assert.equal(
    describeChange({ path: 'rawMaterials', old: [{ name: 'Ikan pipih', origin: 'lokal' }], new: [] }, id).before,
    'Ikan pipih (origin:lokal)',
  );
  assert.equal(
    describeChange({ path: 'followUps', old: [{ recommendation: 'Urus PIRT', done: true, notes: null }], new: [] }, en).before,
    'Urus PIRT (done)',
  );
  assert.equal(
    describeChange({ path: 'recommendations', old: [{ text: 'Urus PIRT', action: 'Ke Dinkes', dueDate: '2026-12-01' }], new: [] }, id).before,
    'Urus PIRT (Ke Dinkes, 1 Desember 2026)',
  );
  // A field this version does not know: words, not a path or JSON.
  const unknown = describeChange({ path: 'packaging.recycled', old: true, new: false }, id);
  assert.deepEqual([unknown.label, unknown.before, unknown.after], ['Recycled', 'Ya', 'Tidak']);
});

test('no label is ever a dotted path', () => {
  for (const path of ['respondent.name', 'respondent.position', 'capacity.amount', 'capacity.unit', 'capacity.period', 'signatureRefusal', 'lampiran', '(semua)']) {
    for (const language of ['id', 'en'] as const) assert.doesNotMatch(visitFieldLabel(path, language), /\./, `${path} (${language})`);
  }
});

test('an attachment change is read from the structured change, not from the reason', () => {
  assert.deepEqual(attachmentChangeOf([{ path: 'lampiran', old: null, new: 'foto-1.png' }]), { added: 'foto-1.png', removed: null });
  assert.deepEqual(attachmentChangeOf([{ path: 'lampiran', old: 'foto-1.png', new: null }]), { added: null, removed: 'foto-1.png' });
  assert.equal(attachmentChangeOf([{ path: 'findings', old: null, new: 'x' }]), null);
});
