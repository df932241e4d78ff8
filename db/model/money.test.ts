import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatRupiah, rupiah } from './money';

const schema = rupiah('Nilai produksi');

test('rupiah accepts Indonesian grouping, plain digits and numbers', () => {
  assert.equal(schema.parse('1.250.000'), 1250000);
  assert.equal(schema.parse('1250000'), 1250000);
  assert.equal(schema.parse('Rp 1.250.000'), 1250000);
  assert.equal(schema.parse('Rp1.250.000,00'), 1250000);
  assert.equal(schema.parse(1250000), 1250000);
  assert.equal(schema.parse(''), null);
  assert.equal(schema.parse(undefined), null);
});

test('rupiah refuses what is not a whole, non-negative amount', () => {
  for (const bad of ['1,5 juta', '12.50', '-5000', 'abc', '1.25.000', -1, 2.5]) {
    const r = schema.safeParse(bad);
    assert.equal(r.success, false, String(bad));
    assert.match(r.error!.issues[0].message, /^Nilai produksi harus/);
  }
});

test('formatRupiah and parsing agree for every amount', () => {
  assert.equal(formatRupiah(1250000), 'Rp 1.250.000');
  fc.assert(fc.property(fc.integer({ min: 0, max: 1e13 }), (n) => schema.parse(formatRupiah(n)) === n));
});
