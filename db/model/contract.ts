import { z } from 'zod';
import type { Catalog } from './catalog';
import type { Area, Wilayah } from './area';
import { DistrictsRequest, RegenciesRequest, VillagesRequest, WilayahSaveRequest } from './area';
import type { Channel } from './channels';
import type { Result } from './result';
import type { Setup } from './setup';
import type { MapSite, Sentra, SentraCandidatesResult, SentraDetail } from './sentra';
import { SentraAssignRequest, SentraCandidatesRequest, SentraFromClusterRequest, SentraIdRequest, SentraListQuery, SentraMapQuery, SentraSaveRequest } from './sentra';
import { LanguageRequest, SetupInput } from './setup';
import type { Site, SiteListResult, SiteSaveResult, SiteSummaryCounts } from './site';
import { SiteCreateRequest, SiteIdRequest, SiteListQuery, SiteUpdateRequest } from './site';
import type { SiteTimeline, Visit, VisitListResult } from './visit';
import type { Attachment, AttachmentAddResult } from './attachment';
import { AttachmentAdd, AttachmentIdRequest, AttachmentListRequest, AttachmentReadRequest } from './attachment';
import { ExportRequest } from './export';
import { DashboardRequest, type Dashboard } from './dashboard';
import type { ImportOpened, ImportPreview } from './import';
import { ImportEditRequest, ImportHeaderRequest, ImportOpenRequest, ImportPreviewRequest, ImportStartRequest } from './import';
import type { BlankPrint, Letterhead as LetterheadValue, RekapPrint, SitePrint, StoppedPrint, VisitPrint } from './print';
import { StoppedFilter, StoppedListQuery, type StoppedListResult } from './stopped';
import { CertificatesGainedQuery, NaikKelasQuery, type CertificatesGained, type NaikKelasResult } from './certificate';
import { BlankPrintRequest, Letterhead, PrintRequest, RekapRequest, VisitPrintRequest } from './print';
import type { JobProgress } from './job';
import { JobIdRequest, JobWatchRequest } from './job';
import type { BackupList } from './backup';
import { BackupIdRequest } from './backup';
import { VisitStartRequest, type VisitStart } from './visit-start';
import { OfficeSettings, type FinalizeItem, type OfficeRules } from './finalize-check';
import type { FieldChange } from './visit-changes';
import { VisitAmendPreview, VisitAmendRequest, VisitDraftSave, VisitIdRequest, VisitListQuery } from './visit';
import type { ConflictMarks, DuplicatePair, SyncApplyReport, SyncConflict, SyncInfo, SyncPendingResult, SyncVerifyReport } from './sync';
import { MarkDistinctRequest, MergeSitesRequest, UndoDistinctRequest, UnmergeSiteRequest, type SiteMergeState } from './merge';
import { ResolveConflictRequest, SyncApplyRequest, SyncPendingRequest, SyncVerifyRequest } from './sync';
import type { BundleExportResult, BundleImportResult, SyncRunReport, SyncStatus } from './sync-client';
import { VisitReviewRequest } from './review';
import { FollowUpCountsQuery, FollowUpListQuery, FollowUpSetRequest, type FollowUpCounts, type FollowUpListResult } from './follow-up';
import { BundleExportRequest, BundleImportRequest, SyncAutoRequest, SyncEnrollRequest } from './sync-client';

/** Channels that take nothing accept undefined, null or {}. */
export const NoInput = z.union([z.undefined(), z.null(), z.object({}).strict()]).transform(() => undefined);

/** Channel → the zod schema of its input. Every shell parses with these before calling the core. */
export const inputSchemas = {
  'app.info': NoInput,
  'setup.get': NoInput,
  'setup.save': SetupInput,
  'settings.setLanguage': LanguageRequest,
  'settings.office': NoInput,
  'settings.setOffice': OfficeSettings,
  'ref.provinces': NoInput,
  'ref.regencies': RegenciesRequest,
  'ref.districts': DistrictsRequest,
  'ref.villages': VillagesRequest,
  'ref.catalog': NoInput,
  'wilayah.list': NoInput,
  'wilayah.save': WilayahSaveRequest,
  'sentra.list': SentraListQuery,
  'sentra.get': SentraIdRequest,
  'sentra.save': SentraSaveRequest,
  'sentra.remove': SentraIdRequest,
  'sentra.assign': SentraAssignRequest,
  'sentra.candidates': SentraCandidatesRequest,
  'sentra.fromCluster': SentraFromClusterRequest,
  'sentra.mapSites': SentraMapQuery,
  'site.create': SiteCreateRequest,
  'site.update': SiteUpdateRequest,
  'site.archive': SiteIdRequest,
  'site.restore': SiteIdRequest,
  'site.get': SiteIdRequest,
  'site.list': SiteListQuery,
  'site.counts': NoInput,
  'site.timeline': SiteIdRequest,
  'dashboard.get': DashboardRequest,
  'visit.start': VisitStartRequest,
  'visit.saveDraft': VisitDraftSave,
  'visit.checklist': VisitIdRequest,
  'visit.finalize': VisitIdRequest,
  'visit.amend': VisitAmendRequest,
  'visit.amendChanges': VisitAmendPreview,
  'visit.amendSiteCoords': VisitAmendPreview,
  'visit.discardDraft': VisitIdRequest,
  'visit.get': VisitIdRequest,
  'visit.drafts': NoInput,
  'visit.list': VisitListQuery,
  'visit.review': VisitReviewRequest,
  'followUp.list': FollowUpListQuery,
  'followUp.counts': FollowUpCountsQuery,
  'followUp.set': FollowUpSetRequest,
  'stopped.list': StoppedListQuery,
  'certificates.gained': CertificatesGainedQuery,
  'certificates.ready': NaikKelasQuery,
  'attachment.add': AttachmentAdd,
  'attachment.list': AttachmentListRequest,
  'attachment.read': AttachmentReadRequest,
  'attachment.remove': AttachmentIdRequest,
  'site.duplicates': NoInput,
  'site.merge': MergeSitesRequest,
  'site.unmerge': UnmergeSiteRequest,
  'site.markDistinct': MarkDistinctRequest,
  'site.undoDistinct': UndoDistinctRequest,
  'site.mergeState': SiteIdRequest,
  'sync.info': NoInput,
  'sync.pending': SyncPendingRequest,
  'sync.apply': SyncApplyRequest,
  'sync.conflicts': NoInput,
  'sync.verify': SyncVerifyRequest,
  'sync.conflictMarks': NoInput,
  'sync.resolveConflict': ResolveConflictRequest,
  'hubSync.status': NoInput,
  'hubSync.enroll': SyncEnrollRequest,
  'hubSync.now': NoInput,
  'hubSync.setAuto': SyncAutoRequest,
  'hubSync.exportBundle': BundleExportRequest,
  'hubSync.importBundle': BundleImportRequest,
  'export.start': ExportRequest,
  'import.open': ImportOpenRequest,
  'import.preview': ImportPreviewRequest,
  'import.header': ImportHeaderRequest,
  'import.editCell': ImportEditRequest,
  'import.saveReport': ImportPreviewRequest,
  'import.start': ImportStartRequest,
  'job.get': JobIdRequest,
  'job.watch': JobWatchRequest,
  'job.cancel': JobIdRequest,
  'letterhead.get': NoInput,
  'letterhead.save': Letterhead,
  'print.visits': VisitPrintRequest,
  'print.blank': BlankPrintRequest,
  'print.site': SiteIdRequest,
  'print.rekap': RekapRequest,
  'print.stopped': StoppedFilter,
  'print.pdf': PrintRequest,
  'print.send': PrintRequest,
  'print.rekapXlsx': RekapRequest,
  'backup.list': NoInput,
  'backup.create': NoInput,
  'backup.restore': BackupIdRequest,
} as const satisfies Record<Channel, z.ZodType>;

/** The only channels whose input may carry file bytes (Uint8Array); every other channel refuses them at once. */
export const BYTE_INPUT_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['attachment.add', 'visit.amend', 'hubSync.importBundle', 'import.open']);

/** Channels that work before the first-run setup (the setup form needs them); every other one answers NOT_SET_UP. */
export const PRE_SETUP_CHANNELS: ReadonlySet<Channel> = new Set<Channel>([
  'app.info',
  'setup.get',
  'setup.save',
  'ref.provinces',
  'ref.regencies',
  'ref.catalog',
  'backup.list',
  'backup.create',
  'backup.restore',
]);

export interface AppInfo {
  version: string;
  schemaVersion: number;
  dbFile: string;
  /** The folder holding the database and `attachments/`. */
  dataDir: string;
  /** Size of the database file with its write-ahead log, in bytes. */
  databaseBytes: number;
  /** The folder of the app's log files (null: logging to the console only), for IT. */
  logFolder: string | null;
}

/** Channel → what its handler returns (plain JSON). */
export interface Outputs {
  'app.info': AppInfo;
  'setup.get': Setup | null;
  'setup.save': Setup;
  'settings.setLanguage': Setup;
  'settings.office': OfficeRules;
  'settings.setOffice': OfficeRules;
  'ref.provinces': Area[];
  'ref.regencies': Area[];
  'ref.districts': Area[];
  'ref.villages': Area[];
  'ref.catalog': Catalog;
  'wilayah.list': Wilayah[];
  'wilayah.save': Wilayah;
  'sentra.list': Sentra[];
  'sentra.get': SentraDetail;
  'sentra.save': Sentra;
  'sentra.remove': null;
  'sentra.assign': { changed: number };
  'sentra.candidates': SentraCandidatesResult;
  'sentra.fromCluster': Sentra;
  'sentra.mapSites': MapSite[];
  'site.create': SiteSaveResult;
  'site.update': SiteSaveResult;
  'site.archive': Site;
  'site.restore': Site;
  'site.get': Site;
  'site.list': SiteListResult;
  'site.counts': SiteSummaryCounts;
  'site.timeline': SiteTimeline;
  'dashboard.get': Dashboard;
  'visit.start': VisitStart;
  'visit.saveDraft': Visit;
  'visit.checklist': FinalizeItem[];
  'visit.finalize': Visit;
  'visit.amend': Visit;
  'visit.amendChanges': FieldChange[];
  'visit.amendSiteCoords': FinalizeItem[];
  'visit.discardDraft': null;
  'visit.get': Visit;
  'visit.drafts': Visit[];
  'visit.list': VisitListResult;
  'visit.review': Visit;
  'followUp.list': FollowUpListResult;
  'followUp.counts': FollowUpCounts;
  'followUp.set': null;
  'stopped.list': StoppedListResult;
  /** Held certificates dated in the period, by kind (the Beranda's "gained"). */
  'certificates.gained': CertificatesGained;
  'certificates.ready': NaikKelasResult;
  'attachment.add': AttachmentAddResult;
  'attachment.list': Attachment[];
  'attachment.read': Uint8Array;
  'attachment.remove': null;
  'site.duplicates': DuplicatePair[];
  'site.merge': Site;
  'site.unmerge': Site;
  'site.markDistinct': null;
  'site.undoDistinct': null;
  'site.mergeState': SiteMergeState;
  'sync.info': SyncInfo;
  'sync.pending': SyncPendingResult;
  'sync.apply': SyncApplyReport;
  'sync.conflicts': SyncConflict[];
  'sync.verify': SyncVerifyReport;
  'sync.conflictMarks': ConflictMarks;
  'sync.resolveConflict': null;
  'hubSync.status': SyncStatus;
  'hubSync.enroll': SyncStatus;
  'hubSync.now': SyncRunReport;
  'hubSync.setAuto': SyncStatus;
  'hubSync.exportBundle': BundleExportResult;
  'hubSync.importBundle': BundleImportResult;
  /** Null when the person closed the save dialog. */
  'export.start': JobProgress | null;
  /** The file read and kept for the wizard's next steps. */
  'import.open': ImportOpened;
  'import.preview': ImportPreview;
  'import.header': ImportOpened;
  'import.editCell': ImportPreview;
  /** Null when the save dialog was closed. */
  'import.saveReport': { path: string } | null;
  /** The import job; its result is an ImportResult. */
  'import.start': JobProgress;
  'job.get': JobProgress;
  'job.watch': JobProgress;
  'job.cancel': JobProgress;
  'letterhead.get': LetterheadValue;
  'letterhead.save': LetterheadValue;
  'print.visits': VisitPrint[];
  'print.blank': BlankPrint;
  'print.site': SitePrint;
  'print.rekap': RekapPrint;
  'print.stopped': StoppedPrint;
  /** Null when the save dialog was closed. */
  'print.pdf': { path: string } | null;
  'print.send': boolean;
  'print.rekapXlsx': { path: string } | null;
  'backup.list': BackupList;
  /** The backup job; its result is a BackupInfo. */
  'backup.create': JobProgress;
  /** The restore job; its result is a RestoreResult. */
  'backup.restore': JobProgress;
}

export type InputOf<C extends Channel> = z.input<(typeof inputSchemas)[C]>;
export type ParsedInputOf<C extends Channel> = z.output<(typeof inputSchemas)[C]>;
export type OutputOf<C extends Channel> = Outputs[C];

type GroupOf<C extends string> = C extends `${infer G}.${string}` ? G : never;
type MethodsOf<G extends string> = {
  [C in Channel as C extends `${G}.${infer M}` ? M : never]: undefined extends InputOf<C>
    ? (input?: InputOf<C>) => Promise<Result<OutputOf<C>>>
    : (input: InputOf<C>) => Promise<Result<OutputOf<C>>>;
};

/** The typed client the renderer sees as `window.ikm`: `ikm.site.create({...})`. */
export type IkmClient = { readonly [G in GroupOf<Channel>]: Readonly<MethodsOf<G>> };
