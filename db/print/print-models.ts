import QRCode from 'qrcode';
import type { Core } from '../core';
import { VISIT_COLUMNS, type ColumnType, type CellValue } from '../export/columns';
import { label, LABELS, longDate } from '../export/labels';
import { formatRupiah } from '../model/money';
import type { BlankPrint, Letterhead, PrintRow, PrintSection, RekapPrint, RekapRow, SitePrint, StoppedPrint, VisitPrint } from '../model/print';
import { StoppedFilter } from '../model/stopped';
import { recommendationsText, stopReasonsText } from '../export/planning-columns';
import { refuse } from '../model/result';
import type { VisitKind } from '../model/visit';
import { describeChange, formatVisitValue, type ChangeWords } from '../model/visit-changes';
import { PROVINCE_CAPITALS, REGENCY_SEATS } from '../reference/province-capitals';
import { localMinuteInProvince, provinceZoneName } from '../reference/province-timezones';
import type { VisitExportRow } from '../repo/export-rows';

const LETTERHEAD_KEY = 'letterhead';

/** The stored kop surat, or one drawn from the setup until the office edits it in Pengaturan. */
/** Review decisions and states on paper (Indonesian, as the form is printed). */
const REVIEW_WORDS = { approved: 'Disetujui', returned: 'Dikembalikan untuk perbaikan' } as const;
const REVIEW_STATE_WORDS = { pending: 'Menunggu tinjauan', approved: 'Disetujui', returned: 'Perlu perbaikan' } as const;

export function getLetterhead(core: Core): Letterhead {
  const stored = core.settings.get<Letterhead>(LETTERHEAD_KEY);
  if (stored) return stored;
  const setup = core.settings.getSetup();
  const province = setup ? (core.areas.get(setup.provinceCode)?.name ?? '') : '';
  const regency = setup?.regencyCode ? (core.areas.get(setup.regencyCode)?.name ?? '') : '';
  return {
    government: regency ? `Pemerintah ${regency}` : `Pemerintah Provinsi ${province}`.trim(),
    office: 'Dinas Perindustrian, Perdagangan, Koperasi dan Usaha Kecil Menengah',
    address: null,
    contact: null,
    // A provincial office signs in the province's capital (Samarinda), not "Kalimantan Timur"; a
    // regency office at its regency's seat (Tenggarong for Kutai Kartanegara), a city in its name.
    place:
      (setup?.regencyCode && REGENCY_SEATS[setup.regencyCode]) ||
      regency.replace(/^(Kabupaten|Kota)\s+/, '') ||
      (setup && PROVINCE_CAPITALS[setup.provinceCode]) ||
      province ||
      '……………',
    logo: null,
  };
}

export function saveLetterhead(core: Core, letterhead: Letterhead): Letterhead {
  core.settings.set(LETTERHEAD_KEY, letterhead);
  return letterhead;
}

const numberFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 6 });

/** What paper prints for a value nobody recorded: a dash, never "Rp 0" or "0". */
export const UNKNOWN = '—';

/** The province whose official time (WIB, WITA, WIT) and calendar day paper prints. */
const provinceOf = (core: Core) => core.settings.getSetup()?.provinceCode ?? '64';

/** "20 November 2026 pukul 14.05 WITA": an instant in the province's own time, whatever the computer's zone. */
export function paperDateTime(iso: string, provinceCode: string): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  const local = localMinuteInProvince(iso, provinceCode);
  return `${longDate(local.slice(0, 10))} pukul ${local.slice(11).replace(':', '.')} ${provinceZoneName(provinceCode)}`;
}

/** A form field's value in words for paper: "Rp 240.000.000", "20 November 2026", "-0,5021". */
function inWords(type: ColumnType, value: CellValue): string {
  if (value === null || value === '') return UNKNOWN;
  if (type === 'rupiah' && typeof value === 'number') return formatRupiah(value);
  if ((type === 'int' || type === 'decimal') && typeof value === 'number') return numberFormat.format(value);
  if (type === 'date' && typeof value === 'string') return longDate(value) || value;
  return String(value);
}

/** "10750 – Industri Makanan": a KBLI code with the name of its division. */
const kbliWithName = (code: string) => `${code} – ${label('kbli', code.slice(0, 2))}`;

const KIND_PREFIX: Record<VisitKind, string> = {
  identifikasi: 'Identifikasi: ',
  inventarisasi: 'Inventarisasi: ',
  evaluasi: 'Evaluasi: ',
  pembinaan: 'Pembinaan: ',
};
const KIND_SECTION: Record<VisitKind, string> = {
  identifikasi: 'Identifikasi usaha',
  inventarisasi: 'Data inventarisasi',
  evaluasi: 'Evaluasi usaha yang berhenti',
  pembinaan: 'Tindak lanjut pembinaan',
};
const column = (key: string) => VISIT_COLUMNS.find((c) => c.key === key)!;
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const withoutKind = (header: string) => capital(header.replace(/^(Identifikasi|Inventarisasi|Evaluasi|Pembinaan): /, ''));
const rowOf = (key: string, visit: VisitExportRow, labelText?: string): PrintRow => {
  const c = column(key);
  const value = c.value(visit);
  if (key === 'kbliCode' && typeof value === 'string' && value) return { label: labelText ?? withoutKind(c.header), value: kbliWithName(value) };
  return { label: labelText ?? withoutKind(c.header), value: inWords(c.type, value) };
};

/** The form's fields, section by section, in the officer's words. */
function visitSections(visit: VisitExportRow): PrintSection[] {
  const general = ['visitDate', 'officers', 'respondentName', 'respondentPosition', 'respondentPhone', 'operatingStatus', 'latitude', 'longitude'];
  const kindRows: PrintRow[] = [];
  if (visit.kind === 'identifikasi' || visit.kind === 'inventarisasi') {
    for (const key of ['workforceMale', 'workforceFemale', 'workforceTotal']) kindRows.push(rowOf(key, visit));
  }
  for (const c of VISIT_COLUMNS) if (c.header.startsWith(KIND_PREFIX[visit.kind])) kindRows.push(rowOf(c.key, visit));
  return [
    { title: 'Data kunjungan', rows: general.map((k) => rowOf(k, visit)) },
    { title: KIND_SECTION[visit.kind], rows: kindRows },
    {
      title: 'Temuan dan rekomendasi',
      rows: [
        rowOf('findings', visit),
        // In the history's words: a due date as "31 Maret 2027", never the stored 2027-03-31.
        { label: 'Rekomendasi', value: visit.data.recommendations ? formatVisitValue('recommendations', visit.data.recommendations, PAPER_WORDS).replace(/^–$/, UNKNOWN) : UNKNOWN },
      ],
    },
  ];
}

/** Paper speaks Indonesian, with the export's words for codes. */
const PAPER_WORDS: ChangeWords = { language: 'id', option: (list, code) => label(list, code) ?? code };

const dataUrl = (mime: string, bytes: Uint8Array) => `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;

/** Whole visits by id, in the order given. */
function visitRows(core: Core, ids: string[]): VisitExportRow[] {
  const byId = new Map(core.exportRows.visits(core.exportRows.visitRowidsByIds(ids)).map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw refuse('NOT_FOUND', 'visit_not_found', 'Kunjungan tidak ditemukan');
    return row;
  });
}

/** What a form prints where a signature would be, when there is no drawn one (paper is in Indonesian). */
export const SIGNATURE_NOTES = {
  refused: 'Responden menolak menandatangani',
  typed: 'Nama diketik oleh petugas (bukan tanda tangan)',
  notRequired: 'Tidak ditandatangani (tanda tangan tidak diwajibkan saat finalisasi)',
} as const;

/** The filled form of each visit, with its photos, signatures, QR code and amendments. */
export async function visitPrints(core: Core, ids: string[]): Promise<VisitPrint[]> {
  const letterhead = getLetterhead(core);
  const provinceCode = provinceOf(core);
  const prints: VisitPrint[] = [];
  for (const row of visitRows(core, ids)) {
    const visit = core.visits.get(row.id);
    const site = core.sites.get(row.site.id);
    const attachments = core.attachments.list(row.id);
    const image = (id: string, mime: string, thumbnail: boolean) => {
      try {
        return dataUrl(thumbnail ? 'image/jpeg' : mime, core.attachments.read(id, thumbnail));
      } catch {
        return null; // a blob missing from this laptop: listed in missingFiles
      }
    };
    // A file this laptop does not have (not synced yet, or lost) prints as such, never as a
    // form that silently looks unsigned or without photos.
    const missingFiles: string[] = [];
    const photos: VisitPrint['photos'] = [];
    for (const a of attachments.filter((x) => x.kind === 'photo' || (x.kind === 'document' && x.mime.startsWith('image/'))).slice(0, 6)) {
      if (!a.hasThumbnail && a.size >= 2_000_000) continue; // too large to embed and no thumbnail
      const src = image(a.id, a.mime, a.hasThumbnail);
      photos.push({ caption: a.takenAt ? `${a.fileName} · ${longDate(a.takenAt)}` : a.fileName, src });
      if (!src) missingFiles.push(`foto "${a.fileName}"`);
    }
    const refusal = typeof row.data.signatureRefusal === 'string' && row.data.signatureRefusal.trim() ? row.data.signatureRefusal.trim() : null;
    /** A drawn signature prints as drawn; a typed name, a refusal or a signature not required say so in words. */
    const signatureOf = (role: 'respondent' | 'officer') => {
      const a = attachments.find((x) => x.kind === 'signature' && x.role === role);
      if (a?.signatureMethod === 'typed') return { src: null, note: SIGNATURE_NOTES.typed, detail: null };
      if (a) {
        const src = image(a.id, a.mime, false);
        if (!src) missingFiles.push(`tanda tangan ${role === 'respondent' ? 'responden' : 'petugas'}`);
        return { src, note: null, detail: null };
      }
      if (role === 'respondent' && refusal) return { src: null, note: SIGNATURE_NOTES.refused, detail: `Alasan: ${refusal}` };
      if (visit.status === 'final' && visit.signaturesRequired === false) return { src: null, note: SIGNATURE_NOTES.notRequired, detail: null };
      return { src: null, note: null, detail: null };
    };
    const author = core.settings.getOfficer(visit.createdBy);
    const officers = Array.isArray(row.data.officers) ? (row.data.officers as string[]) : [];
    const respondent = (row.data.respondent ?? {}) as { name?: string };

    // The stored changes in words, as the history on screen shows them (in Indonesian on paper).
    const revisions = visit.revisions.map((r) => ({
      title: `Amendemen ${r.revision} · ${r.changedBy} · ${paperDateTime(r.changedAt, provinceCode)}`,
      reason: r.reason,
      changes: r.fieldChanges.map((c) => {
        const text = describeChange(c, PAPER_WORDS);
        return { label: text.label, before: text.before, after: text.after };
      }),
    }));

    // The review history (issue 18), in Indonesian like the rest of the paper.
    const reviews = visit.reviews.map((r) => ({
      title: `${REVIEW_WORDS[r.decision]} · ${r.decidedBy ?? '—'} · ${paperDateTime(r.decidedAt, provinceCode)} · revisi ${r.revision}`,
      comment: r.comment,
    }));

    const qr = await QRCode.toString(row.number, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    prints.push({
      letterhead,
      title: `Formulir ${label('kind', row.kind)} IKM`,
      number: row.number,
      status: row.status === 'final' ? 'Final' : 'Draf (belum final)',
      draft: row.status !== 'final',
      siteName: site.name,
      qrCode: `data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}`,
      site: [
        { label: 'Nama usaha', value: site.name },
        { label: 'Nama pemilik', value: site.ownerName ?? UNKNOWN },
        { label: 'Alamat', value: site.address ?? UNKNOWN },
        { label: 'Desa/kelurahan', value: `${site.villageName}, Kecamatan ${site.districtName}` },
        { label: 'Kabupaten/kota', value: site.regencyName },
        { label: 'KBLI', value: kbliWithName(site.kbliCode) },
      ],
      sections: visitSections(row),
      photos,
      signatures: [
        { role: 'Responden', name: respondent.name ?? '', nip: null, ...signatureOf('respondent') },
        { role: 'Petugas', name: author?.name ?? officers[0] ?? '', nip: author?.nip ?? null, ...signatureOf('officer') },
      ],
      placeDate: `${letterhead.place}, ${longDate(row.visitDate) || '……………………'}`,
      revisions,
      reviewState: visit.reviewState ? REVIEW_STATE_WORDS[visit.reviewState] : null,
      reviews,
      missingFiles,
    });
  }
  return prints;
}

const options = (table: keyof typeof LABELS) => Object.values(LABELS[table] as Record<string, string>).map(capital);

/** A blank paper form for one visit kind, with room to write and boxes for the choices. */
export function blankPrint(core: Core, kind: VisitKind): BlankPrint {
  const text = (labelText: string, lines = 1) => ({ label: labelText, options: null, lines });
  const choice = (labelText: string, table: keyof typeof LABELS) => ({ label: labelText, options: options(table), lines: 0 });
  const workforce = [text('Tenaga kerja laki-laki'), text('Tenaga kerja perempuan')];
  const kindFields = {
    identifikasi: [text('KBLI (5 digit)'), text('Produk', 2), ...workforce, choice('Sertifikat', 'certificate'), choice('Potensi sentra', 'potential'), text('Catatan potensi sentra', 2)],
    inventarisasi: [
      ...workforce,
      text('Kapasitas produksi (jumlah dan satuan)'),
      choice('Periode kapasitas', 'period'),
      text('Nilai produksi per tahun (Rp)'),
      text('Nilai investasi (Rp)'),
      text('Bahan baku dan asalnya (lokal / luar provinsi / impor)', 3),
      text('Mesin dan peralatan (nama, jumlah)', 3),
      choice('Sumber energi', 'energy'),
      choice('Jangkauan pemasaran', 'market'),
      text('Negara tujuan ekspor'),
      choice('Sertifikat yang dimiliki', 'certificate'),
      choice('Sertifikat yang dibutuhkan', 'certificate'),
      choice('Permasalahan', 'problem'),
      text('Catatan permasalahan', 2),
      text('Bantuan yang pernah diterima', 2),
    ],
    evaluasi: [
      text('Berhenti sejak (tanggal)'),
      choice('Penyebab berhenti', 'problem'),
      text('Catatan penyebab berhenti', 3),
      choice('Kondisi bangunan', 'condition'),
      choice('Kondisi mesin', 'condition'),
      { label: 'Potensi dihidupkan kembali (1 = sangat kecil, 5 = sangat besar)', options: ['1', '2', '3', '4', '5'], lines: 0 },
      text('Catatan potensi', 3),
    ],
    pembinaan: [text('Rekomendasi sebelumnya dan tindak lanjutnya (sudah / belum, catatan)', 8)],
  }[kind];
  const letterhead = getLetterhead(core);
  return {
    letterhead,
    title: `Formulir ${label('kind', kind)} IKM`,
    sections: [
      {
        title: 'Data usaha',
        fields: [text('Nama usaha'), text('Nama pemilik'), text('Alamat', 2), text('Desa/kelurahan, kecamatan'), text('Kabupaten/kota'), text('Telepon')],
      },
      {
        title: 'Data kunjungan',
        fields: [
          text('Tanggal kunjungan'),
          text('Petugas'),
          text('Nama responden'),
          text('Jabatan responden'),
          text('Telepon responden'),
          choice('Status operasi', 'operatingStatus'),
          text('Koordinat (lintang; bujur)'),
        ],
      },
      { title: KIND_SECTION[kind], fields: kindFields },
      { title: 'Temuan dan rekomendasi', fields: [text('Temuan', 4), text('Rekomendasi dan tindak lanjut', 4)] },
    ],
    signatures: [{ role: 'Responden' }, { role: 'Petugas' }],
    place: letterhead.place,
  };
}

/** "Dicetak 7 Desember 2026 pukul 14.05 WITA": now, in the province's own time. */
const printedAt = (core: Core) => `Dicetak ${paperDateTime(core.clock.now().toISOString(), provinceOf(core))}`;

/** Profil IKM: identity, legality, workforce, certificates, and every visit. */
export function sitePrint(core: Core, id: string): SitePrint {
  const site = core.sites.get(id);
  const timeline = core.visits.timeline(id);
  const v = (value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? UNKNOWN : String(value));
  const letterhead = getLetterhead(core);
  return {
    letterhead,
    title: 'Profil IKM',
    name: site.name,
    sections: [
      {
        title: 'Identitas usaha',
        rows: [
          { label: 'Nama usaha', value: site.name },
          { label: 'Nama pemilik', value: v(site.ownerName) },
          { label: 'Telepon', value: v(site.phone) },
          { label: 'Email', value: v(site.email) },
          { label: 'Alamat', value: v(site.address) },
          { label: 'Desa/kelurahan', value: site.villageName },
          { label: 'Kecamatan', value: site.districtName },
          { label: 'Kabupaten/kota', value: site.regencyName },
          { label: 'Wilayah pengembangan', value: v(site.wilayahName) },
          {
            label: 'Koordinat',
            value: site.latitude !== null && site.longitude !== null ? `${numberFormat.format(site.latitude)}; ${numberFormat.format(site.longitude)}` : UNKNOWN,
          },
        ],
      },
      {
        title: 'Usaha dan legalitas',
        rows: [
          { label: 'KBLI', value: kbliWithName(site.kbliCode) },
          { label: 'Kelompok sektor', value: v(label('sectorGroup', site.sectorGroup)) },
          { label: 'Produk', value: v(site.products) },
          { label: 'Bentuk badan usaha', value: v(label('legalForm', site.legalForm)) },
          { label: 'NIB', value: v(site.nib) },
          { label: 'Sertifikat', value: site.certificates.length ? site.certificates.map((c) => label('certificate', c)).join(', ') : UNKNOWN },
          { label: 'Tahun berdiri', value: v(site.yearEstablished) },
        ],
      },
      {
        title: 'Tenaga kerja dan status',
        rows: [
          { label: 'Tenaga kerja', value: site.workers === null ? UNKNOWN : `${site.workers} orang` },
          { label: 'Skala usaha', value: v(label('sizeClass', site.sizeClass)) },
          { label: 'Status operasi', value: v(label('operatingStatus', site.operatingStatus)) },
          { label: 'Catatan', value: v(site.notes) },
        ],
      },
    ],
    visits: timeline.visits.map((x) => ({
      number: x.number,
      date: longDate(x.visitDate) || UNKNOWN,
      kind: label('kind', x.kind) ?? x.kind,
      status: label('status', x.status) ?? x.status,
      officers: x.officers,
    })),
    printedOn: printedAt(core),
  };
}

/**
 * Rekap for a date range over final visits: the sites visited and their visits; for each site its
 * workforce as the site's current facts have it (a site whose visits in the range recorded no
 * workforce still has its workers), the men and women and production value of its latest final
 * visit in the range that has them, and its status. A figure nobody recorded stays unknown
 * (null, printed "—") rather than adding up to 0.
 */
export function rekapRows(core: Core, dateFrom: string, dateTo: string): { rows: RekapRow[]; byStatus: { status: string; sites: number }[] } {
  const sources = core.exportRows.rekapSources(dateFrom, dateTo);

  const empty = (level: RekapRow['level'], labelText: string): RekapRow => ({
    level, label: labelText, sites: 0, visits: 0, workers: null, workersMale: null, workersFemale: null, productionValueRp: null,
  });
  const add = (sum: number | null, value: number | null) => (value === null ? sum : (sum ?? 0) + value);
  const known = (value: unknown) => (value === null || value === undefined || value === '' || !Number.isFinite(Number(value)) ? null : Number(value));
  const rows: RekapRow[] = [];
  const total = empty('total', 'Jumlah');
  let wilayahRow: RekapRow | null = null;
  let regencyRow: RekapRow | null = null;
  let kbliRow: RekapRow | null = null;
  for (const s of sources) {
    const wilayahName = s.wilayah ?? 'Tanpa wilayah';
    if (wilayahRow?.label !== wilayahName) {
      rows.push((wilayahRow = empty('wilayah', wilayahName)));
      regencyRow = null;
    }
    if (regencyRow?.label !== s.regency) {
      rows.push((regencyRow = empty('regency', s.regency)));
      kbliRow = null;
    }
    const kbliLabel = `${s.kbli} ${label('kbli', s.kbli)}`;
    if (kbliRow?.label !== kbliLabel) rows.push((kbliRow = empty('kbli', kbliLabel)));
    for (const row of [wilayahRow, regencyRow, kbliRow, total]) {
      row.sites += 1;
      row.visits += s.visits;
      row.workers = add(row.workers, known(s.workers));
      row.workersMale = add(row.workersMale, known(s.male));
      row.workersFemale = add(row.workersFemale, known(s.female));
      row.productionValueRp = add(row.productionValueRp, known(s.production));
    }
  }
  rows.push(total);
  const statusCounts = new Map<string, number>();
  for (const s of sources) statusCounts.set(s.status, (statusCounts.get(s.status) ?? 0) + 1);
  const byStatus = Object.keys(LABELS.operatingStatus).map((status) => ({
    status: label('operatingStatus', status) ?? status,
    sites: statusCounts.get(status) ?? 0,
  }));
  return { rows, byStatus };
}

export function rekapPrint(core: Core, dateFrom: string, dateTo: string): RekapPrint {
  const letterhead = getLetterhead(core);
  return {
    letterhead,
    title: 'Rekapitulasi Kunjungan IKM',
    period: `${longDate(dateFrom)} s.d. ${longDate(dateTo)}`,
    ...rekapRows(core, dateFrom, dateTo),
    printedOn: printedAt(core),
  };
}

/** The stopped-factory list's filter in words (the printed list and the export's Keterangan). */
export function describeStoppedFilter(core: Core, filter: StoppedFilter): [string, string][] {
  const lines: [string, string][] = [];
  if (filter.wilayahId) lines.push(['Wilayah pengembangan', core.wilayah.get(filter.wilayahId)?.name ?? filter.wilayahId]);
  if (filter.regencyCode) lines.push(['Kabupaten/kota', core.areas.get(filter.regencyCode)?.name ?? filter.regencyCode]);
  if (filter.kbliDivision) lines.push(['Golongan pokok KBLI', `${filter.kbliDivision} ${label('kbli', filter.kbliDivision)}`]);
  if (filter.status) lines.push(['Status operasi', label('operatingStatus', filter.status) ?? filter.status]);
  if (filter.minPotential) lines.push(['Potensi dihidupkan', `paling sedikit ${filter.minPotential}`]);
  return lines;
}

/** Pabrik tidak beroperasi as printed: every stopped site the filter matches, in the list's order. */
export function stoppedPrint(core: Core, input: StoppedFilter): StoppedPrint {
  const filter = StoppedFilter.parse(input);
  const rows = core.stopped.all(filter).map((s) => ({
    name: s.ownerName ? `${s.name} (${s.ownerName})` : s.name,
    place: [s.villageName, s.districtName, s.regencyName].filter(Boolean).join(', '),
    kbli: `${s.kbliCode} ${label('kbli', s.kbliDivision) ?? ''}`.trim(),
    status: label('operatingStatus', s.operatingStatus) ?? s.operatingStatus,
    since: s.stoppedSince ? longDate(s.stoppedSince) : '—',
    reasons: stopReasonsText(s) ?? '—',
    evaluation: s.evaluationNumber ? `${s.evaluationNumber}, ${longDate(s.evaluationDate)}` : 'Belum dievaluasi',
    potential: s.revivalPotential ? `${s.revivalPotential} dari 5` : '—',
    recommendation: recommendationsText(s) ?? '—',
  }));
  return {
    letterhead: getLetterhead(core),
    title: 'Daftar Pabrik/IKM Tidak Beroperasi',
    filter: describeStoppedFilter(core, filter),
    rows,
    printedOn: printedAt(core),
  };
}
