// Issue 20 (majors 10-13): a 35,000-row messy Kaltim list with Status and Sertifikat columns, as
// CSV and as XLSX (a title row above the header, phones as numbers in the XLSX), imported through
// the wizard's own channels; counts the rows that keep a non-Aktif status and their certificates.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { openApi } from '../db/api';
import type { ImportResult, JobProgress } from '../db/model';
import { loadProvinceAreas } from '../db/reference/areas';
import { call, KALTIM_SETUP, tempDir } from '../db/test-support';
import { generateSites, indexVillages, random } from './generate';

const STATUS_WORDS: Record<string, string[]> = {
  aktif: ['Aktif', 'AKTIF', 'Masih Aktif', ''],
  calon: ['Calon', 'calon IKM'],
  berhenti_sementara: ['TUTUP SEMENTARA', 'Tutup Sementara', 'Vakum'],
  tidak_beroperasi: ['Tidak Aktif', 'tdk aktif', 'Non Aktif'],
  tutup: ['Tutup', 'TUTUP', 'Gulung Tikar'],
};
const CERT_WORDS: Record<string, string[]> = { NIB: ['NIB'], PIRT: ['PIRT', 'P-IRT', 'SPP-IRT'], HALAL: ['Halal', 'HALAL'], SNI: ['SNI'], ISO9001: ['ISO', 'ISO 9001'] };

async function rowsOf(count: number) {
  const kaltim = (await loadProvinceAreas('64'))!;
  const names = new Map<string, string>();
  for (const a of [...kaltim.regencies, ...kaltim.districts, ...kaltim.villages]) names.set(a.code, a.name);
  const rand = random(11);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const expected = { nonAktif: 0, withCertificates: 0 };
  const rows = generateSites(count, indexVillages(kaltim.villages), 20).map((s) => {
    const certificates = [...(s.certificates ?? []), ...(rand() < 0.05 ? ['SNI', 'ISO9001'] : [])];
    if (s.operatingStatus !== 'aktif') expected.nonAktif++;
    if (certificates.length) expected.withCertificates++;
    const separator = pick([', ', '/', '; ']);
    return {
      cells: [
        s.name, s.ownerName!, names.get(s.villageCode.slice(0, 5))!.replace(/^Kabupaten /, 'Kab. '), names.get(s.villageCode.slice(0, 8))!, names.get(s.villageCode)!,
        s.kbliCode, String(s.workers), s.phone!, pick(STATUS_WORDS[s.operatingStatus!]), certificates.map((c) => pick(CERT_WORDS[typeof c === 'string' ? c : c.kind])).join(separator),
      ],
    };
  });
  return { rows, expected };
}
const HEADERS = ['Nama Usaha', 'Pemilik', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI', 'Jumlah TK', 'No. HP', 'Status', 'Sertifikat'];

async function importFile(fileName: string, bytes: Uint8Array<ArrayBuffer>) {
  const tmp = tempDir('ikm-import-status-');
  const dbFile = join(tmp.dir, 'ikm.sqlite');
  const api = openApi({ dbFile });
  try {
    await call(api, 'setup.save', KALTIM_SETUP);
    const start = performance.now();
    const opened = await call(api, 'import.open', { fileName, bytes });
    const unmapped = opened.headers.filter((_, i) => !opened.mapping[i]);
    let p: JobProgress = await call(api, 'import.start', { id: opened.id, mapping: opened.mapping });
    while (p.state === 'running') p = await call(api, 'job.watch', { id: p.id, after: p.seq });
    const seconds = Number(((performance.now() - start) / 1000).toFixed(1));
    const db = new Database(dbFile, { readonly: true });
    const nonAktif = (db.prepare("SELECT count(*) n FROM site WHERE deleted = 0 AND operating_status <> 'aktif'").get() as { n: number }).n;
    const withCertificates = (db.prepare("SELECT count(*) n FROM site WHERE deleted = 0 AND certificates IS NOT NULL AND certificates NOT IN ('', '[]')").get() as { n: number }).n;
    const phonesWithZero = (db.prepare("SELECT count(*) n FROM site WHERE deleted = 0 AND phone LIKE '08%'").get() as { n: number }).n;
    db.close();
    return { headerLine: opened.headerLine, unmapped, result: p.result as ImportResult, state: p.state, nonAktif, withCertificates, phonesWithZero, seconds };
  } finally {
    api.close();
    tmp.dispose();
  }
}

export async function benchImportStatus(count = 35_000) {
  const { rows, expected } = await rowsOf(count);
  const title = ['DAFTAR IKM PROVINSI KALIMANTAN TIMUR TAHUN 2025'];
  const csvText = [title, HEADERS, ...rows.map((r) => r.cells)].map((r) => r.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';')).join('\r\n');
  const csv = await importFile('ikm-35k.csv', new TextEncoder().encode(csvText));
  const tmp = tempDir('ikm-import-status-xlsx-');
  const xlsxFile = join(tmp.dir, 'ikm-35k.xlsx');
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsxFile });
  const sheet = book.addWorksheet('Data IKM');
  sheet.addRow(title).commit();
  sheet.addRow(HEADERS).commit();
  for (const r of rows) {
    // Phones as numbers, as a spreadsheet that "helped" keeps them (no leading 0).
    sheet.addRow(r.cells.map((c, i) => (i === 7 || i === 6 ? Number(c) : c))).commit();
  }
  await sheet.commit();
  await book.commit();
  const { readFileSync } = await import('node:fs');
  const xlsx = await importFile('ikm-35k.xlsx', new Uint8Array(readFileSync(xlsxFile)) as Uint8Array<ArrayBuffer>);
  tmp.dispose();
  return { rows: count, expected, csv, xlsx };
}

if (process.argv[1]?.endsWith('import-status-bench.ts')) {
  const out = await benchImportStatus(Number(process.env.BENCH_IMPORT_ROWS ?? 35_000));
  console.log(JSON.stringify(out, null, 2));
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify(out, null, 2));
}
