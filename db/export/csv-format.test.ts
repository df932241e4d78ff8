import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CSV_OPTIONS, csvLine } from './writers';

test('CSV lines are the bytes csv-stringify writes with the export options, and parse back to the same fields', () => {
  const records: (string | number | null)[][] = [
    ['Amplang Café – Palaran', 'UD. "Mama Ani"', 'Jl. Sultan, RT 05', '', null, 0, -0.5021, 117.1536, 1250000],
    ['CRLF\r\nend', '"', '""', ',', ' spasi di depan', 'tab\tdi tengah', "'=1+1"],
    ['', '', null, null, 'é', '–', 'x'],
    [null],
    [''],
  ];
  for (const record of records) assert.equal(csvLine(record), stringify([record], CSV_OPTIONS), JSON.stringify(record));
  const text = records.map(csvLine).join('');
  const asText = (v: string | number | null) => (v === null ? '' : String(v));
  assert.deepEqual(parse(text, { relax_column_count: true }), records.map((r) => r.map(asText)));
});

test('a text with a bare line break (a typed Temuan of two lines) is quoted, so Excel keeps it in one cell', () => {
  // csv-stringify with a CRLF record delimiter leaves a lone LF or CR unquoted; Excel and
  // LibreOffice would start a new row there.
  const line = csvLine(['baris pertama\nbaris kedua', 'CR\rsaja', 'x']);
  assert.equal(line, '"baris pertama\nbaris kedua","CR\rsaja",x\r\n');
  assert.deepEqual(parse(line), [['baris pertama\nbaris kedua', 'CR\rsaja', 'x']]);
});

test('timestamps in local time match a Date conversion, in zones with whole-hour, half-hour and daylight-saving offsets', async () => {
  const writers = fileURLToPath(new URL('./writers.ts', import.meta.url));
  const code = `
    const { localDateTime } = await import(${JSON.stringify(writers)});
    const reference = (iso) => {
      const d = new Date(iso);
      return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16).replace('T', ' ');
    };
    const wrong = [];
    // Every 7 h 13 min over two years (both DST changes), plus odd forms that must pass unchanged.
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * 3600000 + 13 * 60000 + 1234) {
      const iso = new Date(t).toISOString();
      if (localDateTime(iso) !== reference(iso)) wrong.push(iso);
    }
    for (const odd of ['bukan tanggal', '2026-11-20', '2026-11-20T14:05:00+07:00']) {
      const expected = Number.isNaN(new Date(odd).getTime()) ? odd : reference(odd);
      if (localDateTime(odd) !== expected) wrong.push(odd);
    }
    console.log(JSON.stringify(wrong.slice(0, 5)));
  `;
  const zones = ['Asia/Makassar', 'Asia/Kolkata', 'America/New_York', 'Australia/Lord_Howe'];
  const results = await Promise.all(
    zones.map(
      (tz) =>
        new Promise<{ tz: string; status: number | null; out: string; err: string }>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { env: { ...process.env, TZ: tz } });
          let out = '';
          let err = '';
          child.stdout.on('data', (chunk) => (out += chunk));
          child.stderr.on('data', (chunk) => (err += chunk));
          child.on('close', (status) => resolve({ tz, status, out, err }));
        }),
    ),
  );
  for (const { tz, status, out, err } of results) {
    assert.equal(status, 0, err);
    assert.equal(out.trim(), '[]', `${tz}: ${out}`);
  }
});

test('Rupiah cells: a stored number takes the short way and gives what the model schema gives', async () => {
  const { VISIT_COLUMNS } = await import('./columns');
  const { rupiah } = await import('../model/money');
  const schema = rupiah('Rupiah');
  const column = VISIT_COLUMNS.find((c) => c.key === 'productionValueRp')!;
  const row = (value: unknown) => ({ kind: 'inventarisasi', data: { productionValueRp: value } }) as never;
  for (const value of [0, 1250000, -5, 1.5, Number.MAX_SAFE_INTEGER + 2, Number.NaN, null, undefined, '1.250.000', 'Rp 5.000', 'x']) {
    const parsed = schema.safeParse(value);
    assert.equal(column.value(row(value)), parsed.success ? parsed.data : null, String(value));
  }
});
