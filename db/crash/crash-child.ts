// The crash soak's child (db/crash/crash-soak.ts): the core, opened as the app opens it, writing
// sites, site edits, visits and attachments through the API as fast as it can until it is killed.
// `node --import tsx db/crash/crash-child.ts <dbFile> <seed>`.
//
// It says on stdout what it does, one line each: `try {...}` before a write starts, `ok {...}` once
// the write has committed (the API call has returned). A line is written with writeSync, so a line
// the parent reads was on its way before the kill; a kill may cut only the line being written.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { openApi } from '../api';
import { call, siteInput } from '../test-support';
import { seededRandom } from './seeded-random';

const PNG = readFileSync(new URL('../test-fixtures/photo-plain.png', import.meta.url));

/** The fixture PNG with a private chunk of `size` random bytes before IEND: a new valid photo each time. */
function uniquePng(size: number): Uint8Array<ArrayBuffer> {
  const iend = PNG.length - 12;
  const data = randomBytes(size);
  const chunk = Buffer.alloc(12 + size);
  chunk.writeUInt32BE(size, 0);
  chunk.write('raNd', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + size)), 8 + size);
  return Uint8Array.from(Buffer.concat([PNG.subarray(0, iend), chunk, PNG.subarray(iend)]));
}

/** A PDF as the core sniffs one (`%PDF-`), `size` bytes, different each time. */
const uniquePdf = (size: number) => Uint8Array.from(Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(size)]));

const say = (word: 'ready' | 'try' | 'ok', what?: object) => writeSync(1, `${word}${what ? ` ${JSON.stringify(what)}` : ''}\n`);

const [dbFile, seedText] = process.argv.slice(2);
const random = seededRandom(Number(seedText ?? 1));
// Files from a few KB to a few MB: a kill often lands while one is being written and fsynced.
const fileSize = () => Math.floor(2_000 + random() ** 3 * 3_000_000);
const api = openApi({ dbFile, hubClient: { autoTimers: false } });
say('ready');

const siteIds: string[] = [];
const visitIds: string[] = [];
for (let n = 0; ; n++) {
  const step = random();
  if (step < 0.25 || siteIds.length === 0) {
    const name = `Usaha Uji ${seedText}-${n}`;
    say('try', { kind: 'site', name });
    const saved = await call(api, 'site.create', { site: siteInput({ name }), confirm: { duplicate: true, outsideProvince: false } });
    if (!saved.saved) throw new Error(`site not saved: ${JSON.stringify(saved.warnings)}`);
    siteIds.push(saved.site.id);
    say('ok', { kind: 'site', id: saved.site.id, name });
  } else if (step < 0.4) {
    const id = siteIds[Math.floor(random() * siteIds.length)];
    const phone = `0812${String(n).padStart(8, '0')}`;
    const site = await call(api, 'site.get', { id });
    say('try', { kind: 'siteEdit', id, phone });
    await call(api, 'site.update', { id, site: { ...siteInput({ name: site.name }), phone }, confirm: { duplicate: true, outsideProvince: false } });
    say('ok', { kind: 'siteEdit', id, phone });
  } else if (step < 0.6 || visitIds.length === 0) {
    const siteId = siteIds[Math.floor(random() * siteIds.length)];
    const findings = `Catatan ${seedText}-${n}`;
    say('try', { kind: 'visit', siteId, findings });
    const visit = await call(api, 'visit.saveDraft', { siteId, data: { kind: 'identifikasi', visitDate: '2026-12-07', officers: ['Ani Suryani'], findings } });
    visitIds.push(visit.id);
    say('ok', { kind: 'visit', id: visit.id, siteId, findings });
  } else {
    const visitId = visitIds[Math.floor(random() * visitIds.length)];
    const photo = random() < 0.6;
    const bytes = photo ? uniquePng(fileSize()) : uniquePdf(fileSize());
    const thumbnail = photo && random() < 0.5 ? uniquePng(2_000) : null;
    say('try', { kind: 'attachment', visitId, size: bytes.length });
    const { attachment } = await call(api, 'attachment.add', { visitId, kind: photo ? 'photo' : 'file', fileName: `lampiran-${n}.${photo ? 'png' : 'pdf'}`, bytes, thumbnail });
    say('ok', { kind: 'attachment', id: attachment.id, visitId, sha256: attachment.sha256, size: attachment.size, thumbnail: attachment.hasThumbnail });
  }
}
