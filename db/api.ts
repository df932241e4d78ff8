import { existsSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { ZodError, type z } from 'zod';
import { openCore, type Core, type CoreOptions } from './core';
import { CHANNELS, type Channel } from './model/channels';
import { BYTE_INPUT_CHANNELS, inputSchemas, PRE_SETUP_CHANNELS, type OutputOf, type ParsedInputOf } from './model/contract';
import { capIssues, checkInputShape } from './model/input-guard';
import { fieldIssueOf } from './model/field-issue';
import { localDate, VisitData, type Visit } from './model/visit';
import { siteCoordinateChange, siteCoordinateItems } from './model/visit-site-coords';
import { isInsideProvince } from './reference/province-extents';
import { ACCEPTED_MIMES, fileAttachmentKind } from './model/attachment';
import { conflictMarksOf } from './model/sync';
import { newVisitData } from './model/visit-start';
import { DEFAULT_OFFICE_SETTINGS, finalizeChecklist, finalizeIssues, invalidFieldItems, SIGNATURES_REQUIRED_KEY, type FinalizeItem, type OfficeRules } from './model/finalize-check';
import { AppError, refuse, type ApiError, type Result } from './model/result';
import type { BackupInfo } from './model/backup';
import { notSetUp, type Setup } from './model/setup';
import { CATALOG } from './reference/catalog';
import { readPhotoMetadata, sniffMime } from './media';
import { loadProvinceAreas, loadProvinces } from './reference/areas';
import { WILAYAH_DEFAULTS } from './reference/wilayah-defaults';
import { closeHubClient, enrolledWithHub, hubClientOf, type HubClientOptions } from './sync/hub-client';
import { autoBackup, MAINTENANCE_CHANNELS, maintenanceHandlers, type MaintenanceChannel, type MaintenanceContext } from './maintenance';
import { createJobRunner } from './jobs';
import { FORMAT_EXTENSIONS, runExport, suggestedExportName } from './export/run-export';
import { chooseImportHeader, editImportCell, openImport, previewSession, saveImportReport, startImport } from './import/import-session';
import { blankPrint, getLetterhead, rekapPrint, saveLetterhead, sitePrint, stoppedPrint, visitPrints } from './print/print-models';
import { savePdf, saveRekapXlsx, sendToPrinter } from './print/print-files';
import { log } from './log';
import { reviewRefusal } from './model/review';
import { localDayInProvince } from './reference/province-timezones';
import { suggestCandidates } from './model/sentra-candidates';

type Handler<C extends Channel> = (input: ParsedInputOf<C>, core: Core) => OutputOf<C> | Promise<OutputOf<C>>;
type Handlers = { [C in Exclude<Channel, MaintenanceChannel>]: Handler<C> };

export interface ApiOptions extends CoreOptions {
  /** The hub client's transport and timers (tests inject a connection that drops). */
  hubClient?: HubClientOptions;
}

/** The configured setup, or NOT_SET_UP for channels that need it. */
function requireSetup(core: Core): Setup {
  const setup = readSetup(core);
  if (!setup) throw notSetUp();
  return setup;
}

function readSetup(core: Core): Setup | null {
  const stored = core.settings.getSetup();
  if (!stored) return null;
  const officer = core.settings.getOfficer(stored.officerId);
  if (!officer) return null;
  return {
    officer,
    provinceCode: stored.provinceCode,
    provinceName: core.areas.get(stored.provinceCode)?.name ?? stored.provinceCode,
    regencyCode: stored.regencyCode,
    regencyName: stored.regencyCode ? (core.areas.get(stored.regencyCode)?.name ?? null) : null,
    language: stored.language,
    role: stored.role ?? 'officer',
  };
}

/** Today in the office's province (a follow-up due yesterday there is overdue). */
function officeToday(core: Core): string {
  return localDayInProvince(core.clock.now().toISOString(), requireSetup(core).provinceCode);
}

/**
 * Every site's kabupaten, kecamatan and desa are codes of the office's province: after a change
 * of province they would name nothing (a Samarinda site with an empty kabupaten). Refused while
 * any site, live or archived, exists.
 */
function refuseProvinceChange(core: Core, provinceCode: string): void {
  const counts = core.sites.counts();
  const n = counts.total + counts.archived;
  if (n === 0) return;
  const province = core.areas.get(provinceCode)?.name ?? provinceCode;
  const message =
    `Provinsi kantor tidak dapat diganti: sudah ada ${n.toLocaleString('id-ID')} usaha terdaftar di ${province}, ` +
    'dan kabupaten, kecamatan serta desanya hanya dikenal di provinsi itu';
  throw refuse('VALIDATION', 'province_locked', message, { n, province }, [{ path: 'provinceCode', message, code: 'province_locked', params: { n, province } }]);
}

/** The office's rules (synced from the hub's data), or the defaults while the office set none. */
function officeRules(core: Core): OfficeRules {
  const stored = core.settings.officeSetting<unknown>(SIGNATURES_REQUIRED_KEY);
  return {
    signaturesRequired: typeof stored?.value === 'boolean' ? stored.value : DEFAULT_OFFICE_SETTINGS.signaturesRequired,
    changedBy: stored?.changedBy ?? null,
    changedAt: stored?.changedAt ?? null,
    editable: !enrolledWithHub(core.settings),
  };
}

/** What a visit lacks before it is final (see db/model/finalize-check.ts). */
function checklistOf(core: Core, visitId: string): FinalizeItem[] {
  const visit = core.visits.get(visitId);
  if (visit.status !== 'draft') return [];
  const parsed = VisitData.safeParse(visit.data);
  const invalid = parsed.success ? [] : invalidFieldItems(parsed.error.issues.map((i) => fieldIssueOf(i, 'data')));
  return [...invalid, ...finalizeChecklist(visit.data, core.attachments.list(visitId), officeRules(core)), ...siteCoordinateChecklist(core, visit)];
}

/** What finalizing will do to the site's coordinates, and where the point looks wrong (db/model/visit-site-coords.ts). */
function siteCoordinateChecklist(core: Core, visit: Visit, change = siteCoordinateChange(visit.data, core.sites.get(visit.siteId))): FinalizeItem[] {
  const site = core.sites.get(visit.siteId);
  if (!change) return [];
  return siteCoordinateItems(change, {
    insideProvince: isInsideProvince(site.provinceCode, change.latitude, change.longitude),
    district: site.districtName,
    foundDistrict: core.sites.otherDistrictAround(change.latitude, change.longitude, site.districtCode, site.id),
  });
}

/** A sentra's regency is one of the office's province. */
function requireSentraRegency<T extends { regencyCode: string }>(core: Core, fields: T): T {
  const { provinceCode } = requireSetup(core);
  if (!fields.regencyCode.startsWith(`${provinceCode}.`)) {
    throw refuse('VALIDATION', 'sentra_regency_unknown', 'Kabupaten/kota tidak dikenal di provinsi ini', { code: fields.regencyCode }, [
      { path: 'regencyCode', message: 'Kabupaten/kota tidak dikenal di provinsi ini', code: 'regency_outside_province', params: { code: fields.regencyCode } },
    ]);
  }
  return fields;
}

/** THE API: channel → handler. Inputs arrive already parsed by the channel's schema. */
export const handlers: Handlers = {
  'setup.get': (_input, core) => readSetup(core),
  'setup.save': async (input, core) => {
    const provinces = await loadProvinces();
    const areas = core.areas.hasProvinceLoaded(input.provinceCode) ? null : await loadProvinceAreas(input.provinceCode);
    if (!provinces.some((p) => p.code === input.provinceCode)) {
      throw refuse('VALIDATION', 'province_unknown', 'Provinsi tidak dikenal', undefined, [{ path: 'provinceCode', message: 'Provinsi tidak dikenal', code: 'province_unknown' }]);
    }
    if (input.regencyCode && !input.regencyCode.startsWith(`${input.provinceCode}.`)) {
      throw refuse('VALIDATION', 'regency_outside_province', 'Kabupaten/kota tidak berada di provinsi yang dipilih', undefined, [
        { path: 'regencyCode', message: 'Kabupaten/kota tidak berada di provinsi yang dipilih', code: 'regency_outside_province' },
      ]);
    }
    const before = core.settings.getSetup();
    if (before && before.provinceCode !== input.provinceCode) refuseProvinceChange(core, before.provinceCode);
    core.write(() => {
      if (areas) core.areas.store(provinces, areas);
      core.wilayah.seedDefaults(input.provinceCode, WILAYAH_DEFAULTS[input.provinceCode] ?? []);
      const previous = core.settings.getSetup();
      const officer = core.settings.saveOfficer({
        id: previous?.officerId,
        name: input.officerName,
        nip: input.nip,
        code: input.officerCode,
      });
      core.settings.set('setup', {
        officerId: officer.id,
        provinceCode: input.provinceCode,
        regencyCode: input.regencyCode,
        language: input.language,
        // An enrolled laptop's role is the office's (set at enrolment), not the person's choice.
        role: enrolledWithHub(core.settings) ? (previous?.role ?? 'officer') : input.role,
      });
      core.sync.announce();
    });
    return requireSetup(core);
  },
  'settings.office': (_input, core) => officeRules(core),
  // Set where the office's data is (the hub's, or a laptop working without a hub); an enrolled
  // laptop receives the rule and cannot turn it off for itself.
  'settings.setOffice': (input, core) => {
    const { officer } = requireSetup(core);
    if (enrolledWithHub(core.settings)) {
      throw refuse('VALIDATION', 'office_rule_from_hub', 'Aturan kantor diatur pada data kantor di hub, bukan di laptop yang terdaftar');
    }
    if (officeRules(core).signaturesRequired !== input.signaturesRequired || !core.settings.officeSetting(SIGNATURES_REQUIRED_KEY)) {
      core.settings.setOfficeSetting(SIGNATURES_REQUIRED_KEY, input.signaturesRequired, `${officer.name} (${officer.code})`);
    }
    return officeRules(core);
  },
  'settings.setLanguage': (input, core) => {
    const stored = core.settings.getSetup();
    if (!stored) throw notSetUp();
    core.settings.set('setup', { ...stored, language: input.language });
    return requireSetup(core);
  },
  'ref.provinces': () => loadProvinces(),
  'ref.regencies': async (input, core) => {
    const provinceCode = input.provinceCode ?? requireSetup(core).provinceCode;
    const stored = core.areas.regencies(provinceCode);
    // Before setup only the chosen province's list is needed: read it from the package.
    return stored.length ? stored : ((await loadProvinceAreas(provinceCode))?.regencies ?? []);
  },
  'ref.districts': (input, core) => core.areas.districts(input.regencyCode),
  'ref.villages': (input, core) => core.areas.villages(input.districtCode),
  'ref.catalog': () => CATALOG,
  'wilayah.list': (_input, core) => core.wilayah.list(requireSetup(core).provinceCode),
  'wilayah.save': (input, core) => {
    const { provinceCode } = requireSetup(core);
    const known = new Set(core.areas.regencies(provinceCode).map((r) => r.code));
    const unknown = [...input.regencyCodes, ...(input.indukRegencyCode ? [input.indukRegencyCode] : [])].filter(
      (c) => !known.has(c),
    );
    if (unknown.length) {
      throw refuse('VALIDATION', 'regencies_unknown', `Kabupaten/kota tidak dikenal di provinsi ini: ${unknown.join(', ')}`, { codes: unknown.join(', ') });
    }
    if (input.id && !core.wilayah.get(input.id)) throw refuse('NOT_FOUND', 'wilayah_not_found', 'Wilayah tidak ditemukan');
    return core.wilayah.save({
      id: input.id,
      provinceCode,
      name: input.name,
      indukRegencyCode: input.indukRegencyCode ?? null,
      regencyCodes: input.regencyCodes,
    });
  },
  'sentra.list': (input, core) => {
    requireSetup(core);
    return core.sentra.list(input);
  },
  'sentra.get': (input, core) => core.sentra.detail(input.id),
  'sentra.save': (input, core) => {
    const { id, ...fields } = input;
    return core.sentra.save(requireSentraRegency(core, fields), id ?? null);
  },
  'sentra.remove': (input, core) => {
    core.sentra.remove(input.id);
    return null;
  },
  'sentra.assign': (input, core) => core.sentra.assign(input.sentraId, input.siteIds),
  'sentra.candidates': (input, core) => {
    const { provinceCode } = requireSetup(core);
    const started = performance.now();
    const wilayahOf = new Map<string, { id: string; name: string }>();
    for (const w of core.wilayah.list(provinceCode)) for (const r of w.regencyCodes) wilayahOf.set(r, { id: w.id, name: w.name });
    const names = new Map(core.areas.regencies(provinceCode).map((r) => [r.code, r.name]));
    const points = core.sentra.clusterPoints();
    const all = suggestCandidates(points, input.distanceKm, input.minSites, {
      regencyName: (code) => names.get(code) ?? code,
      wilayahOf: (code) => wilayahOf.get(code) ?? null,
    });
    const candidates = input.wilayahId ? all.filter((c) => c.wilayahId === input.wilayahId) : all;
    return { candidates, sitesConsidered: points.length, ms: Math.round(performance.now() - started) };
  },
  'sentra.fromCluster': (input, core) => {
    const fields = requireSentraRegency(core, {
      name: input.name,
      kind: 'kandidat' as const,
      regencyCode: input.regencyCode,
      kbliDivision: input.kbliDivision,
      product: null,
      notes: null,
      status: 'usulan' as const,
    });
    return core.sentra.createWithSites(fields, input.siteIds);
  },
  'sentra.mapSites': (input, core) => core.sentra.mapSites(input.sentraId ?? null),
  'site.create': (input, core) => core.sites.create(input.site, input.confirm),
  'site.update': (input, core) => core.sites.update(input.id, input.site, input.confirm),
  'site.archive': (input, core) => core.sites.archive(input.id),
  'site.restore': (input, core) => core.sites.restore(input.id),
  'site.get': (input, core) => core.sites.get(input.id),
  'site.list': (input, core) => core.sites.list(input),
  'site.counts': (_input, core) => core.sites.counts(),
  'site.timeline': (input, core) => core.visits.timeline(input.id),
  'dashboard.get': (input, core) => core.dashboard.get(input),
  'visit.start': (input, core) => {
    const facts = core.visits.startFacts(input.siteId);
    const who = { officerName: requireSetup(core).officer.name, today: localDate(core.clock.now()) };
    return { data: newVisitData(input.kind, facts, who), facts };
  },
  'visit.saveDraft': (input, core) => core.visits.saveDraft(input, requireSetup(core).officer),
  'visit.checklist': (input, core) => checklistOf(core, input.id),
  'visit.finalize': (input, core) => {
    // The office's rule, enforced here for every shell: no final visit without its signatures.
    // Invalid fields are refused by the finalize itself (visit_incomplete, with every issue).
    const blocking = checklistOf(core, input.id).filter((i) => i.blocking && i.code !== 'INVALID_FIELD');
    if (blocking.length) {
      throw refuse(
        'VALIDATION',
        'finalize_blocked',
        `Kunjungan belum dapat difinalisasi: ${blocking.map((i) => i.message.replace(/ \(.*\)$/, '').toLowerCase()).join('; ')}`,
        { count: blocking.length },
        finalizeIssues(blocking),
      );
    }
    return core.visits.finalize(input.id, officeRules(core).signaturesRequired);
  },
  'visit.amend': (input, core) => {
    const { officer } = requireSetup(core);
    for (const s of input.signatures) {
      if (sniffMime(s.bytes) !== 'image/png') {
        throw refuse('VALIDATION', 'attachment_not_readable', `"tanda-tangan-${s.role}.png" tidak bisa dibaca sebagai gambar PNG`, { name: `tanda-tangan-${s.role}.png`, kind: 'signature' });
      }
    }
    const signatures = input.signatures.map((s) => ({ role: s.role, method: s.signatureMethod, attach: () => core.attachments.addToAmendment(input.id, s) }));
    return core.visits.amend(input.id, input.data, input.reason, officer, signatures);
  },
  'visit.amendChanges': (input, core) => core.visits.amendChanges(input.id, input.data),
  'visit.amendSiteCoords': (input, core) => siteCoordinateChecklist(core, core.visits.get(input.id), core.visits.amendSiteCoordinateChange(input.id, input.data)),
  'visit.discardDraft': (input, core) => {
    core.visits.discardDraft(input.id);
    return null;
  },
  'visit.get': (input, core) => core.visits.get(input.id),
  'visit.drafts': (_input, core) => core.visits.drafts(requireSetup(core).officer.id),
  'visit.list': (input, core) => core.visits.list(input),
  'visit.review': (input, core) => {
    const { officer, role } = requireSetup(core);
    const visit = core.visits.get(input.visitId);
    const refusal = reviewRefusal(visit, { officerId: officer.id, role }, input.decision, input.comment);
    if (refusal) throw refusal;
    core.reviews.decide(visit.id, input.decision, input.comment, { officerId: officer.id, label: `${officer.name} (${officer.code})` });
    return core.visits.get(visit.id);
  },
  'followUp.list': (input, core) => core.followUps.list(input, officeToday(core)),
  'followUp.counts': (input, core) => core.followUps.counts(input.regencyCodes, officeToday(core)),
  'followUp.set': (input, core) => {
    const { officer } = requireSetup(core);
    core.followUps.set(input, `${officer.name} (${officer.code})`);
    return null;
  },
  'stopped.list': (input, core) => core.stopped.list(input),
  'certificates.gained': (input, core) => core.certificates.gained(input.dateFrom, input.dateTo, input.regencyCodes),
  'certificates.ready': (input, core) => core.certificates.ready(input),
  'attachment.add': async (input, core) => {
    const { officer } = requireSetup(core);
    core.visits.get(input.visitId);
    const mime = sniffMime(input.bytes);
    const kind = input.kind === 'file' ? fileAttachmentKind(mime) : input.kind;
    if (!mime || !kind || !ACCEPTED_MIMES[kind].includes(mime)) {
      const expected = { photo: 'foto JPEG, PNG atau WebP', signature: 'gambar PNG', document: 'PDF atau foto', file: 'foto (JPEG, PNG, WebP) atau PDF' }[input.kind];
      throw refuse('VALIDATION', 'attachment_not_readable', `"${input.fileName}" tidak bisa dibaca sebagai ${expected}`, { name: input.fileName, kind: input.kind }, [
        { path: 'bytes', message: `Berkas ini bukan ${expected}`, code: 'file_type', params: { kind: input.kind } },
      ]);
    }
    const metadata = kind === 'photo' ? await readPhotoMetadata(input.bytes) : null;
    const attachment = core.attachments.add({ ...input, kind, thumbnail: input.thumbnail ?? null, mime, metadata }, officer);
    return { attachment, suggestion: metadata };
  },
  'attachment.list': (input, core) => core.attachments.list(input.visitId),
  'attachment.read': (input, core) => core.attachments.read(input.id, input.thumbnail),
  'attachment.remove': (input, core) => {
    core.attachments.remove(input.id, requireSetup(core).officer);
    return null;
  },
  'site.duplicates': (_input, core) => {
    const summary = (id: string) => {
      const site = core.sites.get(id);
      return { id, name: site.name, villageName: site.villageName, ownerName: site.ownerName, visits: core.visits.timeline(id).visits.length };
    };
    return core.sites.likelyDuplicates().map((p) => ({ a: summary(p.a), b: summary(p.b), reason: p.reason, distanceM: p.distanceM }));
  },
  'site.merge': (input, core) => {
    const { officer } = requireSetup(core);
    return core.sites.merge(input.survivorId, input.loserId, `${officer.name} (${officer.code})`, input.takeFromLoser);
  },
  'site.unmerge': (input, core) => {
    const { officer } = requireSetup(core);
    return core.sites.unmerge(input.loserId, `${officer.name} (${officer.code})`);
  },
  'site.markDistinct': (input, core) => {
    const { officer } = requireSetup(core);
    core.sites.markDistinct(input.siteA, input.siteB, `${officer.name} (${officer.code})`);
    return null;
  },
  'site.undoDistinct': (input, core) => {
    const { officer } = requireSetup(core);
    core.sites.undoDistinct(input.siteA, input.siteB, `${officer.name} (${officer.code})`);
    return null;
  },
  'site.mergeState': (input, core) => core.sites.mergeState(input.id),
  'sync.info': (_input, core) => core.sync.info(),
  'sync.pending': (input, core) => core.sync.pending(input),
  'sync.apply': (input, core) => core.sync.apply(input.messages),
  'sync.conflicts': (_input, core) => core.sync.conflicts(),
  'sync.verify': (input, core) => core.sync.verify(input),
  'sync.conflictMarks': (_input, core) => conflictMarksOf(core.sync.conflicts(), (id) => core.attachments.visitOf(id)),
  'sync.resolveConflict': (input, core) => {
    const { officer } = requireSetup(core);
    core.sync.resolveConflict(input.id, input.choice, `${officer.name} (${officer.code})`);
    return null;
  },
  // The office hub and sync bundles (db/sync/hub-client.ts), beside the replication core's sync.* channels.
  'hubSync.status': (_input, core) => hubClientOf(core).status(),
  'hubSync.enroll': (input, core) => hubClientOf(core).enroll(input.url, input.code),
  'hubSync.now': (_input, core) => hubClientOf(core).syncNow(),
  'hubSync.setAuto': (input, core) => hubClientOf(core).setAuto(input.enabled),
  'hubSync.exportBundle': (input, core) => hubClientOf(core).exportBundle(input.all),
  'hubSync.importBundle': (input, core) => hubClientOf(core).importBundle(input.bytes, input.acceptNewDevice),
  'export.start': async (input, core) => {
    const { officer } = requireSetup(core);
    const extension = FORMAT_EXTENSIONS[input.format];
    const chosen = await core.shell.chooseSavePath({
      title: 'Simpan ekspor',
      suggestedName: suggestedExportName(input, localDate(core.clock.now())),
      filters: [{ name: EXPORT_FILTER_NAMES[input.format], extensions: [extension] }],
    });
    if (!chosen) return null;
    const target = extname(chosen) ? chosen : `${chosen}.${extension}`;
    if (!existsSync(dirname(target))) throw refuse('VALIDATION', 'folder_missing', `Folder tujuan tidak ditemukan: ${dirname(target)}`, { folder: dirname(target) });
    return core.jobs.start('export', (ctx) => runExport({ core, request: input, target, officer, ctx }));
  },
  // The import wizard (db/import/import-session.ts): the file is sent once, then mapped, previewed and imported as a job.
  'import.open': (input, core) => openImport(core, input.fileName, input.bytes),
  'import.preview': (input, core) => previewSession(core, input.id, input.mapping),
  'import.header': (input, core) => chooseImportHeader(core, input.id, input.line),
  'import.editCell': (input, core) => editImportCell(core, input),
  'import.saveReport': (input, core) => saveImportReport(core, input.id, input.mapping),
  'import.start': (input, core) => startImport(core, input),
  'letterhead.get': (_input, core) => getLetterhead(core),
  'letterhead.save': (input, core) => saveLetterhead(core, input),
  'print.visits': (input, core) => visitPrints(core, input.ids),
  'print.blank': (input, core) => blankPrint(core, input.visitKind),
  'print.site': (input, core) => sitePrint(core, input.id),
  'print.rekap': (input, core) => rekapPrint(core, input.dateFrom, input.dateTo),
  'print.stopped': (input, core) => stoppedPrint(core, input),
  'print.pdf': (input, core) => savePdf(core, input.target, localDate(core.clock.now())),
  'print.send': (input, core) => sendToPrinter(core, input.target),
  'print.rekapXlsx': (input, core) => saveRekapXlsx(core, input.dateFrom, input.dateTo),
};

const EXPORT_FILTER_NAMES = { xlsx: 'Buku kerja Excel', csv: 'CSV (UTF-8)', geojson: 'GeoJSON', json: 'JSON' } as const;

/** Zod's issues as field messages; the first one is the headline. */
function validationError(error: ZodError): ApiError {
  const issues = capIssues(error.issues.map((i) => fieldIssueOf(i)));
  const first = issues[0];
  return {
    code: 'VALIDATION',
    reason: 'invalid_input',
    message: first ? `Data tidak valid: ${first.message}` : 'Data tidak valid',
    issues,
  };
}

/** Turns anything a handler throws into the `{ ok: false }` shape, with an Indonesian message. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof AppError) {
    return { code: error.code, ...error.detail, message: error.message, ...(error.issues ? { issues: capIssues(error.issues) } : {}) };
  }
  if (error instanceof ZodError) return validationError(error);
  // The raw text (SQL, file paths, stack) is for the log, never for the officer.
  log.error('internal_error', error);
  return INTERNAL_ERROR;
}

export const INTERNAL_ERROR: ApiError = {
  code: 'INTERNAL',
  reason: 'internal',
  message: 'Terjadi kesalahan di aplikasi. Ulangi sekali lagi; bila masih terjadi, hubungi admin kantor.',
};

/** A running core: every shell calls `dispatch(channel, rawInput)` and gets plain JSON back; it never throws. */
export interface Api {
  dispatch(channel: string, input: unknown): Promise<Result<unknown>>;
  /** Makes the day's automatic backup when none is from today (db/maintenance.ts); null when none was made. */
  autoBackup(): Promise<BackupInfo | null>;
  close(): void;
}

/**
 * Opens the database and serves the API table. Never throws: when the file cannot be opened
 * (made by a newer version, or damaged), every call answers with that error, except the
 * maintenance channels (app.info, jobs, backups: db/maintenance.ts), which work without it. A
 * restore closes the core and opens it again over the restored file; the job runner stays.
 */
export function openApi(options: ApiOptions): Api {
  const jobs = createJobRunner();
  let core: Core | null = null;
  let openError: ApiError | null = null;
  let closed = false;
  const open = () => {
    try {
      core = openCore({ ...options, jobs });
      if (options.hubClient) hubClientOf(core, options.hubClient);
      openError = null;
    } catch (error) {
      core = null;
      openError = toApiError(error);
    }
  };
  const closeCore = () => {
    if (core) closeHubClient(core);
    core?.close();
    core = null;
  };
  open();
  const known = new Set<string>(CHANNELS);
  let setUp = false;
  // While a restore swaps the files, nothing else may reach the database.
  let restoring = false;

  const context: MaintenanceContext = {
    dbFile: options.dbFile,
    appVersion: options.appVersion,
    key: options.key ?? null,
    jobs,
    core: () => core,
    openError: () => openError,
    async replaceDatabase(swap) {
      restoring = true;
      try {
        const run = async () => {
          closeCore();
          try {
            return swap();
          } finally {
            if (!closed) open();
            setUp = false;
          }
        };
        const current = core as Core | null;
        return current ? await current.gate.exclusive(run) : await run();
      } finally {
        restoring = false;
      }
    },
  };

  return {
    async dispatch(channel, input) {
      if (typeof channel !== 'string' || !known.has(channel)) {
        const name = typeof channel === 'string' ? channel.slice(0, 60) : typeof channel;
        return { ok: false, error: { code: 'UNKNOWN_CHANNEL', reason: 'unknown_channel', params: { name }, message: `Perintah tidak dikenal: ${name}` } };
      }
      const c = channel as Channel;
      const maintenance = MAINTENANCE_CHANNELS.has(c);
      if (!maintenance && restoring) return { ok: false, error: toApiError(restoreRunning()) };
      if (!maintenance && (openError || !core)) return { ok: false, error: openError ?? DB_CLOSED };
      try {
        // Bounded, non-recursive-overflowing check first: the schema parsers recurse and copy.
        const refused = checkInputShape(input, { allowBytes: BYTE_INPUT_CHANNELS.has(c) });
        if (refused) return { ok: false, error: refused };
        const parsed = (inputSchemas[c] as z.ZodType).safeParse(input);
        if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
        // Channels that read no database (jobs, backups) answer while a held write runs, and without a database.
        if (maintenance) {
          const handler = maintenanceHandlers[c as MaintenanceChannel] as (input: never, ctx: MaintenanceContext) => unknown;
          return { ok: true, value: await handler(parsed.data as never, context) };
        }
        const open = core!;
        // Before the first-run setup there is no officer or province: every record would be wrong.
        if (!setUp && !PRE_SETUP_CHANNELS.has(c)) {
          setUp = open.settings.getSetup() !== null;
          if (!setUp) return { ok: false, error: toApiError(notSetUp()) };
        }
        const handler = handlers[c as Exclude<Channel, MaintenanceChannel>] as Handler<Channel>;
        const run = () => handler(parsed.data as never, open);
        // While a held write (the import's write phase) keeps its transaction open, calls wait
        // for it to end: they would see, or join, what a Cancel may still roll back.
        return { ok: true, value: await open.gate.shared(run) };
      } catch (error) {
        return { ok: false, error: toApiError(error) };
      }
    },
    autoBackup: () => autoBackup(context),
    close() {
      closed = true;
      jobs.cancelAll();
      closeCore();
      openError = DB_CLOSED;
    },
  };
}

const DB_CLOSED: ApiError = { code: 'INTERNAL', reason: 'db_closed', message: 'Basis data sudah ditutup' };

const restoreRunning = () => refuse('INTERNAL', 'restore_running', 'Cadangan sedang dipulihkan; tunggu sampai selesai.');
