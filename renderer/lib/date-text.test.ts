import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDateText, parseDateText } from './date-text';

test('reads the ways officers write a date, day first', () => {
  for (const text of ['20/11/2026', '20-11-2026', '20.11.2026', ' 20 / 11 / 2026 ', '2026-11-20', '20 November 2026', '20 nov 2026', '20-Nop-2026', '20 Nov. 2026']) {
    assert.equal(parseDateText(text), '2026-11-20', text);
  }
  assert.equal(parseDateText('1/2/2027'), '2027-02-01');
  assert.equal(parseDateText('17 Agustus 1945'), '1945-08-17');
  assert.equal(parseDateText('29/02/2028'), '2028-02-29');
});

test('rejects what is not a whole, real date', () => {
  for (const text of ['', '20/11', '20/11/26', '31/02/2026', '29/02/2027', '00/11/2026', '20/13/2026', '20 Brumaire 2026', 'kemarin', '2026/11/20x', '11/20/2026']) {
    assert.equal(parseDateText(text), null, text);
  }
});

test('shows ISO dates day first', () => {
  assert.equal(formatDateText('2026-11-20'), '20/11/2026');
  assert.equal(formatDateText(''), '');
});
