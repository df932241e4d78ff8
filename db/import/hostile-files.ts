import { constants, crc32, deflateRawSync } from 'node:zlib';
import { strToU8 } from 'fflate';
import { zipEnd, zipEntryHeaders } from './bounded-zip';

/**
 * Hostile files for the import's tests, made in the test: zips that lie about their sizes, name
 * parts outside their folder, or inflate to far more than they weigh.
 */

export interface RawEntry {
  name: string;
  /** The entry's bytes as stored (deflated when `method` is 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** What the headers say it inflates to: the truth, or a lie. */
  declaredSize: number;
  crc?: number;
}

/** A zip written by hand, so that its local and central headers say whatever `entries` declare. */
export function zipOf(entries: RawEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const fields = { name: entry.name, method: entry.method, crc: entry.crc ?? 0, storedSize: entry.data.length, size: entry.declaredSize };
    const headers = zipEntryHeaders(fields, offset);
    parts.push(headers.local, entry.data);
    central.push(headers.central);
    offset += headers.local.length + entry.data.length;
  }
  return Buffer.concat([...parts, ...central, zipEnd(entries.length, central.reduce((sum, c) => sum + c.length, 0), offset)]);
}

/** An honest entry: deflated, with its true size and CRC. */
export function deflated(name: string, content: string | Uint8Array): RawEntry {
  const bytes = typeof content === 'string' ? strToU8(content) : content;
  return { name, data: deflateRawSync(bytes), method: 8, declaredSize: bytes.length, crc: crc32(bytes) };
}

/**
 * A deflate stream that inflates to `pattern` repeated `times` times, made in milliseconds: the
 * pattern is compressed once, flushed so its blocks refer only to themselves, and those blocks
 * repeated, then a final empty block. 200 MB of XML weigh a few hundred KB this way.
 */
export function repeatedDeflate(head: string, pattern: string, times: number, tail: string): Uint8Array {
  const flush = { finishFlush: constants.Z_SYNC_FLUSH };
  const block = deflateRawSync(strToU8(pattern), flush);
  const parts = [deflateRawSync(strToU8(head), flush)];
  for (let i = 0; i < times; i++) parts.push(block);
  parts.push(deflateRawSync(strToU8(tail)));
  return Buffer.concat(parts);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
export const SHEET_TAIL = `</sheetData></worksheet>`;

/** A column's letters: 1 → A, 27 → AA. */
const columnName = (n: number): string => (n > 26 ? columnName(Math.floor((n - 1) / 26)) : '') + String.fromCharCode(65 + ((n - 1) % 26));

/** One row of inline-string cells, as sheet XML. */
export function sheetRow(line: number, cells: string[]): string {
  return `<row r="${line}">${cells.map((c, i) => `<c r="${columnName(i + 1)}${line}" t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`;
}

/** A minimal workbook exceljs reads, whose sheet is the given entry (honest or not). */
export function workbookWith(sheet: RawEntry, extra: RawEntry[] = []): Uint8Array {
  return zipOf([
    deflated('[Content_Types].xml', CONTENT_TYPES),
    deflated('xl/workbook.xml', WORKBOOK),
    deflated('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    ...extra,
    sheet,
  ]);
}
