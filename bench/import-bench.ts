// import_50k_sites_s: a 50,000-row messy XLSX (office-style headers, regency names in several
// forms, dotted numbers, phones with dashes, "lat; lon" coordinates) read, checked and imported.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openApi } from '../db/api';
import { openCore } from '../db/core';
import { commitImport, previewImport, readImportFile } from '../db/import/site-import';
import { loadProvinceAreas } from '../db/reference/areas';
import { call, KALTIM_SETUP } from '../db/test-support';
import { generateSites, indexVillages } from './generate';

/** Writes the office-style XLSX of `count` generated sites to `file`. */
export async function writeMessyXlsx(file: string, count: number): Promise<void> {
  const kaltim = (await loadProvinceAreas('64'))!;
  const names = new Map<string, string>();
  for (const a of [...kaltim.regencies, ...kaltim.districts, ...kaltim.villages]) names.set(a.code, a.name);
  const sites = generateSites(count, indexVillages(kaltim.villages), 7);
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
  const sheet = book.addWorksheet('Data IKM');
  sheet.addRow(['No', 'Nama Perusahaan/Usaha', 'Nama Pemilik', 'Kab/Kota', 'Kecamatan', 'Desa/Kel', 'KBLI', 'TK Laki-laki', 'TK Perempuan', 'No. HP', 'Koordinat']).commit();
  sites.forEach((s, i) => {
    const regency = names.get(s.villageCode.slice(0, 5))!;
    // Regency names as offices write them: "Kab. X", "X" in capitals, or as Kemendagri has it.
    const regencyText = i % 3 === 0 ? regency.replace(/^Kabupaten /, 'Kab. ') : i % 3 === 1 ? regency.replace(/^(Kabupaten|Kota) /, '').toUpperCase() : regency;
    const workers = s.workers ?? 0;
    sheet.addRow([
      i + 1, s.name, s.ownerName, regencyText, names.get(s.villageCode.slice(0, 8)), names.get(s.villageCode), s.kbliCode,
      String(Math.ceil(workers / 2)), String(Math.floor(workers / 2)),
      String(s.phone).replace(/(\d{4})(\d{4})/, '$1-$2-'), `${String(s.latitude).replace('.', ',')}; ${String(s.longitude).replace('.', ',')}`,
    ]).commit();
  });
  await sheet.commit();
  await book.commit();
}

export async function benchImport(dir: string, count = 50_000): Promise<Record<string, number>> {
  await writeMessyXlsx(join(dir, 'ikm-50k.xlsx'), count);
  const dbFile = join(dir, 'import.sqlite');
  const api = openApi({ dbFile });
  await call(api, 'setup.save', KALTIM_SETUP);
  api.close();
  const core = openCore({ dbFile });
  const start = performance.now();
  const table = await readImportFile(join(dir, 'ikm-50k.xlsx'));
  const read = performance.now();
  const { preview, accepted } = previewImport(core, table);
  const checked = performance.now();
  const added = commitImport(core, accepted);
  const end = performance.now();
  core.close();
  const s = (ms: number) => Number((ms / 1000).toFixed(1));
  return {
    import_rows: count,
    import_ok: preview.counts.ok,
    import_errors: preview.counts.error,
    import_duplicates: preview.counts.duplicate,
    import_added: added,
    import_50k_sites_s: s(end - start),
    // Where the time goes: reading the XLSX, checking the rows (areas, the model's schema,
    // duplicates), and writing the accepted sites through the write unit in one transaction.
    import_read_s: s(read - start),
    import_check_s: s(checked - read),
    import_write_s: s(end - checked),
  };
}

if (process.argv[1]?.endsWith('import-bench.ts')) {
  const { tempDir } = await import('../db/test-support');
  const tmp = tempDir('ikm-import-bench-');
  try {
    console.log(await benchImport(tmp.dir, Number(process.env.BENCH_IMPORT_ROWS ?? 50_000)));
  } finally {
    tmp.dispose();
  }
}
