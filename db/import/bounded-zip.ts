import { Inflate } from 'fflate';

/**
 * A zip read as hostile input: the central directory says which entries there are, but no size it
 * declares is trusted. An entry is inflated in small steps with a running count of the bytes it
 * really gives, and stops as soon as the count passes the caller's budget, whatever the archive
 * says. Names with `..`, absolute paths or drive letters are refused outright.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else is refused when the entry is read. */
  method: number;
  compressedSize: number;
  /** What the archive says the entry inflates to: compared with what it really gives, never trusted. */
  declaredSize: number;
  localHeaderOffset: number;
}

/** Why a zip was refused; the caller says it in its own words. */
export type ZipProblemKind = 'damaged' | 'unsafe_name' | 'too_large' | 'size_mismatch';
export class ZipProblem extends Error {
  constructor(readonly kind: ZipProblemKind) {
    super(`zip: ${kind}`);
  }
}

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
const u64 = (b: Uint8Array, i: number) => u32(b, i) + u32(b, i + 4) * 2 ** 32;
const damaged = (): never => {
  throw new ZipProblem('damaged');
};

/** A name that could point outside a folder if anyone ever wrote it out: `..`, absolute, a drive, a NUL. */
export function unsafeEntryName(name: string): boolean {
  return name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name) || name.includes('\0') || name.split(/[/\\]/).includes('..');
}

/** The entries the central directory lists, each checked to lie inside the file. */
export function zipEntries(bytes: Uint8Array, maxEntries = 10_000): ZipEntry[] {
  // The end-of-central-directory record sits in the last 22 + 65,535 (comment) bytes.
  let end = bytes.length - 22;
  while (end >= 0 && u32(bytes, end) !== 0x06054b50) {
    if (bytes.length - end > 22 + 65_535) damaged();
    end--;
  }
  if (end < 0) damaged();
  let count = u16(bytes, end + 10);
  let offset = u32(bytes, end + 16);
  // Zip64: the locator just before points at the zip64 end record, which holds the real count and offset.
  if (end >= 20 && u32(bytes, end - 20) === 0x07064b50) {
    const zip64End = u64(bytes, end - 12);
    if (zip64End + 56 > bytes.length || u32(bytes, zip64End) !== 0x06064b50) damaged();
    count = u64(bytes, zip64End + 32);
    offset = u64(bytes, zip64End + 48);
  }
  if (count > maxEntries) damaged();
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || u32(bytes, offset) !== 0x02014b50) damaged();
    const flags = u16(bytes, offset + 8);
    const nameLength = u16(bytes, offset + 28);
    const extraLength = u16(bytes, offset + 30);
    const commentLength = u16(bytes, offset + 32);
    const nameStart = offset + 46;
    if (nameStart + nameLength + extraLength > bytes.length) damaged();
    // Bit 11: the name is UTF-8; else it is CP437, which for the names an office file holds is ASCII.
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(bytes.subarray(nameStart, nameStart + nameLength));
    if (unsafeEntryName(name)) throw new ZipProblem('unsafe_name');
    let compressedSize = u32(bytes, offset + 20);
    let declaredSize = u32(bytes, offset + 24);
    let localHeaderOffset = u32(bytes, offset + 42);
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      // Zip64 extra field (id 1): the 64-bit values, in this order, of those that overflowed.
      const extraStart = nameStart + nameLength;
      let found = false;
      for (let e = extraStart; e + 4 <= extraStart + extraLength; e += 4 + u16(bytes, e + 2)) {
        if (u16(bytes, e) !== 1) continue;
        let at = e + 4;
        if (declaredSize === 0xffffffff) {
          declaredSize = u64(bytes, at);
          at += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(bytes, at);
          at += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(bytes, at);
        found = true;
        break;
      }
      if (!found) damaged();
    }
    if (flags & 0x1) damaged(); // encrypted: not something an office list is
    entries.push({ name, method: u16(bytes, offset + 10), compressedSize, declaredSize, localHeaderOffset });
    offset = nameStart + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Input given to the inflater per step: at deflate's best ratio (~1:1032) a step gives at most ~4 MB. */
const STEP = 4096;

/**
 * Inflates one entry step by step, yielding its bytes as they come. `budget.left` is the number of
 * bytes still allowed (shared across the entries of one file): past it the entry stops with
 * 'too_large', having given at most one step more. An entry that gives other than what it declares
 * is refused ('size_mismatch'): only a damaged or forged archive lies about its sizes.
 */
export function* inflateEntry(bytes: Uint8Array, entry: ZipEntry, budget: { left: number }): Generator<Uint8Array> {
  const local = entry.localHeaderOffset;
  if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) damaged();
  const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
  if (start + entry.compressedSize > bytes.length) damaged();
  const data = bytes.subarray(start, start + entry.compressedSize);
  let size = 0;
  const counted = (chunk: Uint8Array) => {
    size += chunk.length;
    budget.left -= chunk.length;
    if (budget.left < 0) throw new ZipProblem('too_large');
    return chunk;
  };
  if (entry.method === 0) {
    for (let i = 0; i < data.length; i += STEP * 16) yield counted(data.subarray(i, i + STEP * 16));
  } else if (entry.method === 8) {
    const out: Uint8Array[] = [];
    const inflate = new Inflate((chunk) => out.push(chunk));
    for (let i = 0; i < data.length || i === 0; i += STEP) {
      try {
        inflate.push(data.subarray(i, i + STEP), i + STEP >= data.length);
      } catch {
        damaged(); // not a deflate stream, or cut short
      }
      for (const chunk of out.splice(0)) if (chunk.length) yield counted(chunk);
    }
  } else {
    damaged();
  }
  if (size !== entry.declaredSize) throw new ZipProblem('size_mismatch');
}

/** One entry of a zip written here: its name, real size and CRC-32 (known before its bytes are given). */
export interface StoredEntry {
  name: string;
  size: number;
  crc: number;
  chunks: () => Iterable<Uint8Array>;
}

/** What a zip's local and central headers say of one entry (written here, or by a test that lies). */
export interface ZipHeaderFields {
  name: string;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  crc: number;
  /** The bytes as they stand in the file. */
  storedSize: number;
  /** What they inflate to. */
  size: number;
}

/** An entry's local header and its central directory record, the entry starting at `offset`. */
export function zipEntryHeaders(entry: ZipHeaderFields, offset: number): { local: Uint8Array; central: Uint8Array } {
  const name = new TextEncoder().encode(entry.name);
  const local = new Uint8Array(30 + name.length);
  const l = new DataView(local.buffer);
  l.setUint32(0, 0x04034b50, true);
  l.setUint16(4, 20, true);
  l.setUint16(6, 0x800, true); // UTF-8 name
  l.setUint16(8, entry.method, true);
  l.setUint32(14, entry.crc, true);
  l.setUint32(18, entry.storedSize, true);
  l.setUint32(22, entry.size, true);
  l.setUint16(26, name.length, true);
  local.set(name, 30);
  const central = new Uint8Array(46 + name.length);
  const c = new DataView(central.buffer);
  c.setUint32(0, 0x02014b50, true);
  c.setUint16(4, 20, true);
  c.setUint16(6, 20, true);
  c.setUint16(8, 0x800, true);
  c.setUint16(10, entry.method, true);
  c.setUint32(16, entry.crc, true);
  c.setUint32(20, entry.storedSize, true);
  c.setUint32(24, entry.size, true);
  c.setUint16(28, name.length, true);
  c.setUint32(42, offset, true);
  central.set(name, 46);
  return { local, central };
}

/** The end-of-central-directory record. */
export function zipEnd(entries: number, centralSize: number, centralOffset: number): Uint8Array {
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, entries, true);
  e.setUint16(10, entries, true);
  e.setUint32(12, centralSize, true);
  e.setUint32(16, centralOffset, true);
  return end;
}

/**
 * A plain zip (entries stored, sizes in every header, no data descriptors) written as a stream of
 * chunks: what a reader that walks local headers (exceljs's unzipper) reads exactly as the central
 * directory says, with no room for a second reading.
 */
export function* storedZip(entries: StoredEntry[]): Generator<Uint8Array> {
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const headers = zipEntryHeaders({ name: entry.name, method: 0, crc: entry.crc, storedSize: entry.size, size: entry.size }, offset);
    yield headers.local;
    let written = 0;
    for (const chunk of entry.chunks()) {
      written += chunk.length;
      yield chunk;
    }
    if (written !== entry.size) throw new ZipProblem('size_mismatch');
    central.push(headers.central);
    offset += headers.local.length + entry.size;
  }
  yield* central;
  yield zipEnd(entries.length, central.reduce((sum, c) => sum + c.length, 0), offset);
}
