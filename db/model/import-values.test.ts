import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importedCertificates, importedOperatingStatus, importedPhone } from './import-values';

test('status cells as offices write them map to the model operating statuses; empty keeps the default, anything else is unknown', () => {
  const cases: [string, string | null | undefined][] = [
    ['Aktif', 'aktif'], ['AKTIF', 'aktif'], [' aktif ', 'aktif'], ['Beroperasi', 'aktif'],
    ['Tidak Aktif', 'tidak_beroperasi'], ['TIDAK AKTIF', 'tidak_beroperasi'], ['Non-aktif', 'tidak_beroperasi'], ['Tidak beroperasi', 'tidak_beroperasi'],
    ['Tutup', 'tutup'], ['TUTUP', 'tutup'], ['Tutup permanen', 'tutup'],
    ['TUTUP SEMENTARA', 'berhenti_sementara'], ['Berhenti sementara', 'berhenti_sementara'],
    ['Calon IKM', 'calon'],
    // The export's own English and Indonesian labels.
    ['Not operating', 'tidak_beroperasi'], ['Temporarily stopped', 'berhenti_sementara'], ['Closed', 'tutup'],
    ['', null], ['  ', null], ['-', null],
    ['Pindah alamat', undefined], ['?', undefined],
  ];
  for (const [text, expected] of cases) assert.equal(importedOperatingStatus(text), expected, text);
});

test('certificate cells split on comma, slash, semicolon and line breaks; known words map to codes, others are named', () => {
  const cases: [string, string[], string[]][] = [
    ['PIRT, Halal', ['HALAL', 'PIRT'], []],
    ['SNI/ISO', ['ISO9001', 'SNI'], []],
    ['PIRT; HKI/Merek', ['HKI', 'PIRT'], []],
    ['P-IRT No. 2066472010123-25\nHalal MUI', ['HALAL', 'PIRT'], []],
    ['SPP-IRT (PIRT), ISO 9001:2015, BPOM MD', ['BPOM_MD', 'ISO9001', 'PIRT'], []],
    ['pirt,pirt', ['PIRT'], []],
    ['Tidak ada', [], []],
    ['-', [], []],
    ['', [], []],
    ['Halal, Organik', ['HALAL'], ['Organik']],
    ['MDX', [], ['MDX']],
  ];
  for (const [text, codes, unknown] of cases) assert.deepEqual(importedCertificates(text), { codes, unknown }, text);
});

test('phone numbers keep a written 0 or +, and get back the 0 or + a number cell lost', () => {
  const cases: [string, string | null][] = [
    ['0812-5000-1111', '081250001111'],
    ['+62 812 5555 0000', '+6281255550000'],
    ["'+62 812 5555 0000", '+6281255550000'],
    ['81250001111', '081250001111'],
    ['6281250001111', '+6281250001111'],
    ['0541 741234', '0541741234'],
    ['741234', '741234'],
    ['-', null],
    ['', null],
  ];
  for (const [text, expected] of cases) assert.equal(importedPhone(text), expected, text);
});
