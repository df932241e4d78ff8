import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldIssueOf } from './field-issue';
import { VisitData } from './visit';
import { visitFieldLabel } from './visit-changes';

const issuesOf = (data: unknown) => {
  const parsed = VisitData.safeParse(data);
  assert.equal(parsed.success, false);
  return Object.fromEntries(parsed.error!.issues.map((i) => fieldIssueOf(i, 'data')).map((i) => [i.path, [i.code, i.params ?? {}]]));
};

test('every issue of the visit schema carries a stable code and its parameters, whatever its Indonesian wording', () => {
  const issues = issuesOf({
    kind: 'inventarisasi',
    visitDate: '2999-01-01',
    officers: [],
    respondent: { name: 'A' },
    operatingStatus: 'berhenti_sementara',
    latitude: -0.5,
    workforce: { male: 'dua', female: -1 },
    capacity: { amount: 2.5, unit: '', period: 'dekade' },
    productionValueRp: '1,5 juta',
    marketReach: ['ekspor'],
    rawMaterials: [{ name: 'Ikan', origin: 'lokal' }, { name: 'x'.repeat(121), origin: 'lokal' }],
  });
  assert.deepEqual(issues['data.officers'], ['at_least', { min: 1 }]);
  assert.deepEqual(issues['data.respondent.name'], ['too_short', { min: 2 }]);
  assert.deepEqual(issues['data.workforce.male'], ['not_a_number', {}]);
  assert.deepEqual(issues['data.workforce.female'], ['negative', {}]);
  assert.deepEqual(issues['data.capacity.unit'], ['required', {}]);
  assert.deepEqual(issues['data.capacity.period'], ['choose', {}]);
  assert.deepEqual(issues['data.productionValueRp'], ['rupiah', {}]);
  assert.deepEqual(issues['data.rawMaterials.1.name'], ['too_long', { max: 120 }]);
  // Rules across fields (superRefine) run only once the fields themselves are right.
  const crossField = issuesOf({
    kind: 'evaluasi', visitDate: '2999-01-01', officers: ['Ani'], respondent: { name: 'Pak Darman' }, operatingStatus: 'tutup',
    latitude: -0.5, buildingCondition: 'baik', machineCondition: 'baik', revivalPotential: 9,
  });
  assert.deepEqual(crossField['data.revivalPotential'], ['too_big', { max: 5 }]);
  const rules = issuesOf({
    kind: 'evaluasi', visitDate: '2999-01-01', officers: ['Ani'], respondent: { name: 'Pak Darman' }, operatingStatus: 'tutup',
    latitude: -0.5, buildingCondition: 'baik', machineCondition: 'baik', revivalPotential: 3,
  });
  assert.deepEqual(rules['data.visitDate'], ['visit_date_future', {}]);
  assert.deepEqual(rules['data.longitude'], ['both_coordinates', {}]);
  assert.deepEqual(rules['data.stoppedSince'], ['stopped_since_required', {}]);
  assert.deepEqual(rules['data.stopReasons'], ['stop_reasons_required', {}]);
});

test('a list item’s field has a label of its own in both languages', () => {
  assert.equal(visitFieldLabel('rawMaterials.1.name', 'id'), 'Bahan baku');
  assert.equal(visitFieldLabel('recommendations.0.text', 'en'), 'Recommendation');
  assert.equal(visitFieldLabel('officers.0', 'en'), 'Officer name');
  assert.equal(visitFieldLabel('officers', 'id'), 'Petugas');
  assert.equal(visitFieldLabel('workforce.male', 'en'), 'Male workers');
});
