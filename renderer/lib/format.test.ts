import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRupiah as modelRupiah } from '../../db/model/money';
import { localDate } from '../../db/model/visit';
import { todayIso } from './date-text';
import { formatBytes, formatDistance, formatRupiah } from './format';

test('one formatRupiah and one local date: the renderer uses the core model’s', () => {
  assert.equal(formatRupiah, modelRupiah);
  const d = new Date(2026, 0, 1, 6, 0);
  assert.equal(todayIso(d), localDate(d));
});

test('sizes and distances in the language’s decimals', () => {
  assert.equal(formatBytes(1_430_000, 'id'), '1,4 MB');
  assert.equal(formatBytes(1_430_000, 'en'), '1.4 MB');
  assert.equal(formatBytes(60 * 1024 * 1024, 'id'), '60 MB');
  assert.equal(formatDistance(347, 'id'), '350 m');
  assert.equal(formatDistance(1_234, 'id'), '1,2 km');
  assert.equal(formatDistance(10_520, 'en'), '11 km');
});
