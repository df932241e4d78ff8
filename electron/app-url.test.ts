import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, sep } from 'node:path';
import { isAppUrl, resolveAppFile } from './app-url';

const ROOT = join('/opt', 'ikm', 'out', 'renderer');

test('app:// URLs resolve to files inside the renderer folder', () => {
  assert.equal(resolveAppFile(ROOT, 'app://ikm/'), join(ROOT, 'index.html'));
  assert.equal(resolveAppFile(ROOT, 'app://ikm/index.html'), join(ROOT, 'index.html'));
  assert.equal(resolveAppFile(ROOT, 'app://ikm/assets/index-abc.js?v=1#x'), join(ROOT, 'assets', 'index-abc.js'));
  assert.equal(resolveAppFile(ROOT, 'app://ikm/assets/nama%20berkas.png'), join(ROOT, 'assets', 'nama berkas.png'));
});

test('app:// URLs never reach outside the renderer folder', () => {
  for (const url of [
    'app://ikm/../main/index.js',
    'app://ikm/%2e%2e/main/index.js',
    'app://ikm/assets/%2e%2e%2f%2e%2e%2fmain/index.js',
    'app://ikm/..%5c..%5cmain%5cindex.js',
    'app://ikm/%2e%2e',
    'app://ikm/index.html%00.png',
    'app://ikm/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
    'not a url',
  ]) {
    const file = resolveAppFile(ROOT, url);
    assert.ok(file === null || file.startsWith(ROOT + sep), `${url} → ${file}`);
    assert.notEqual(file, join(ROOT, '..', 'main', 'index.js'), url);
  }
  // The URL parser already folds "/%2e%2e/" away, as Chromium does for a standard scheme.
  assert.equal(resolveAppFile(ROOT, 'app://ikm/%2e%2e/main/index.js'), join(ROOT, 'main', 'index.js'));
  assert.equal(resolveAppFile(ROOT, 'app://other/index.html'), null);
});

test('only our own pages count as the app', () => {
  assert.ok(isAppUrl('app://ikm/index.html#/usaha', null));
  assert.ok(!isAppUrl('app://evil/index.html', null));
  assert.ok(!isAppUrl('https://ikm/index.html', null));
  assert.ok(!isAppUrl('file:///opt/ikm/out/renderer/index.html', null));
  assert.ok(!isAppUrl('http://localhost:5173/', null));
  assert.ok(isAppUrl('http://localhost:5173/#/usaha', 'http://localhost:5173'));
  assert.ok(!isAppUrl('http://localhost:5174/', 'http://localhost:5173'));
  assert.ok(!isAppUrl('garbage', 'http://localhost:5173'));
});
