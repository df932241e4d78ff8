import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distanceMeters } from './geo';

test('distanceMeters: zero for one point, about 111 km per degree of latitude, symmetric', () => {
  const samarinda = { latitude: -0.5021, longitude: 117.1536 };
  assert.equal(distanceMeters(samarinda, samarinda), 0);
  const north = { latitude: 0.4979, longitude: 117.1536 };
  assert.ok(Math.abs(distanceMeters(samarinda, north) - 111_195) < 50);
  const balikpapan = { latitude: -1.2379, longitude: 116.8529 };
  assert.equal(Math.round(distanceMeters(samarinda, balikpapan)), Math.round(distanceMeters(balikpapan, samarinda)));
  assert.ok(Math.abs(distanceMeters(samarinda, balikpapan) - 88_400) < 1_000);
});
