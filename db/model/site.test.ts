import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heldKinds } from './certificate';
import fc from 'fast-check';
import { SiteInput } from './site';
import { SetupInput } from './setup';
import { normalizeName } from './text';
import { sizeClassForWorkers } from './catalog';

const base = { name: 'Amplang Mama Ani', villageCode: '64.72.01.1001', kbliCode: '10' };

function messages(input: unknown): string[] {
  const r = SiteInput.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

test('coordinates accept a decimal comma or point, and reject words with an Indonesian message', () => {
  const ok = SiteInput.parse({ ...base, latitude: '-0,5021', longitude: ' 117.1536 ' });
  assert.equal(ok.latitude, -0.5021);
  assert.equal(ok.longitude, 117.1536);
  assert.deepEqual(messages({ ...base, latitude: 'abc', longitude: 117 }), [
    'latitude: Lintang harus berupa angka desimal, mis. -0,5021',
  ]);
  assert.deepEqual(messages({ ...base, latitude: 95, longitude: 117 }), ['latitude: Lintang harus di antara -90 dan 90']);
  assert.deepEqual(messages({ ...base, latitude: -0.5 }), [
    'longitude: Lintang dan bujur diisi keduanya atau dikosongkan keduanya',
  ]);
  assert.equal(SiteInput.parse({ ...base, latitude: '', longitude: '' }).latitude, null);
});

test('required fields, KBLI in manufacturing, NIB digits and phone format', () => {
  assert.deepEqual(messages({ villageCode: '64.72.01.1001', kbliCode: '10' }), ['name: Nama usaha wajib diisi']);
  assert.deepEqual(messages({ ...base, kbliCode: '47' }), ['kbliCode: KBLI harus golongan pokok 10–33 (industri pengolahan)']);
  assert.deepEqual(SiteInput.parse({ ...base, kbliCode: '10794' }).kbliCode, '10794');
  assert.deepEqual(messages({ ...base, nib: '12345abc' }), ['nib: NIB terdiri dari 13 digit angka']);
  assert.deepEqual(messages({ ...base, villageCode: '' }), ['villageCode: Desa/kelurahan wajib dipilih']);
  assert.equal(messages({ ...base, phone: '0812-5555-1234' }).length, 0);
  assert.equal(messages({ ...base, phone: 'telp kantor' }).length, 1);
});

test('workers decide the size class; a contradicting class is an error', () => {
  assert.equal(SiteInput.parse({ ...base, workers: 3 }).sizeClass, 'mikro');
  assert.equal(SiteInput.parse({ ...base, workers: 5 }).sizeClass, 'kecil');
  assert.equal(SiteInput.parse({ ...base, workers: 20 }).sizeClass, 'menengah');
  assert.equal(SiteInput.parse({ ...base, sizeClass: 'kecil' }).sizeClass, 'kecil');
  assert.deepEqual(messages({ ...base, workers: 3, sizeClass: 'menengah' }), [
    'sizeClass: Dengan 3 tenaga kerja, skala usaha seharusnya mikro',
  ]);
  assert.deepEqual(messages({ ...base, workers: -1 }), ['workers: Jumlah tenaga kerja tidak boleh negatif']);
  assert.deepEqual(messages({ ...base, workers: 2.5 }), ['workers: Jumlah tenaga kerja harus bilangan bulat']);
});

test('empty optional text becomes null; certificates are unique and sorted', () => {
  const site = SiteInput.parse({ ...base, ownerName: '   ', certificates: ['SNI', 'HALAL', 'SNI'] });
  assert.equal(site.ownerName, null);
  // Kinds alone are held certificates (naik kelas entries: certificate.ts).
  assert.deepEqual(heldKinds(site.certificates), ['HALAL', 'SNI']);
  assert.equal(site.operatingStatus, 'aktif');
});

test('size classes follow BPS: micro 1–4, small 5–19, medium 20–99', () => {
  assert.deepEqual([1, 4, 5, 19, 20, 99, 100].map(sizeClassForWorkers), [
    'mikro', 'mikro', 'kecil', 'kecil', 'menengah', 'menengah', null,
  ]);
});

test('normalizeName ignores case, punctuation, accents and legal-form words', () => {
  assert.equal(normalizeName('UD. Amplang  Mama-Ani'), 'amplang mama ani');
  assert.equal(normalizeName('amplang mama ani'), 'amplang mama ani');
  assert.equal(normalizeName('CV Rotan Jaya, Tbk'), 'rotan jaya tbk');
  fc.assert(fc.property(fc.string(), (s) => normalizeName(normalizeName(s)) === normalizeName(s)));
});

test('the schemas never throw on arbitrary input: they accept or explain', () => {
  fc.assert(
    fc.property(fc.anything(), (value) => {
      const r = SiteInput.safeParse(value);
      return r.success || r.error.issues.every((i) => typeof i.message === 'string' && i.message.length > 0);
    }),
  );
});

test('setup: officer code is upper-cased letters, NIP is 18 digits or empty', () => {
  const setup = SetupInput.parse({ officerName: 'Ani', officerCode: 'ans', provinceCode: '64', nip: '' });
  assert.equal(setup.officerCode, 'ANS');
  assert.equal(setup.nip, null);
  assert.equal(setup.language, 'id');
  const bad = SetupInput.safeParse({ officerName: 'Ani', officerCode: 'A1', provinceCode: '64', nip: '123' });
  assert.equal(bad.success, false);
  assert.deepEqual(
    bad.error!.issues.map((i) => i.message),
    ['NIP terdiri dari 18 digit angka (kosongkan bila bukan PNS)', 'Kode petugas 2–5 huruf, mis. ANS'],
  );
});
