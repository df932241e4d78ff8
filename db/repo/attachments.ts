import type { Db } from '../open-database';
import type { Clock } from '../clock';
import type { Replicator } from '../sync/replicator';
import { isLostFile, type BlobStore } from '../blob-store';
import { refuse } from '../model/result';
import type { Attachment, PhotoSuggestion } from '../model/attachment';
import type { Officer } from '../model/setup';
import type { VisitsRepo } from './visits';

interface AttachmentRow {
  id: string;
  visit_id: string;
  kind: Attachment['kind'];
  role: Attachment['role'];
  signature_method: Attachment['signatureMethod'];
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  thumb_sha256: string | null;
  taken_at: string | null;
  latitude: number | null;
  longitude: number | null;
  created_at: string;
}

const toAttachment = (r: AttachmentRow): Attachment => ({
  id: r.id,
  visitId: r.visit_id,
  kind: r.kind,
  role: r.role,
  signatureMethod: r.kind === 'signature' ? (r.signature_method ?? 'drawn') : null,
  fileName: r.file_name,
  mime: r.mime,
  size: r.size,
  sha256: r.sha256,
  hasThumbnail: r.thumb_sha256 !== null,
  takenAt: r.taken_at,
  latitude: r.latitude,
  longitude: r.longitude,
  createdAt: r.created_at,
});

/** An attachment as `attachment.add` hands it to the repo, its type already read from its bytes. */
interface NewAttachment {
  visitId: string;
  kind: Attachment['kind'];
  role: Attachment['role'];
  /** A signature's (drawn when not said). */
  signatureMethod?: Attachment['signatureMethod'];
  fileName: string;
  mime: string;
  bytes: Uint8Array;
  thumbnail: Uint8Array | null;
  metadata: PhotoSuggestion | null;
}

/** The columns of a change message that name a blob (any table: the collection errs on keeping). */
const BLOB_COLUMNS = ['sha256', 'thumb_sha256'];

/**
 * Rows of the attachments of visits; their bytes are in the blob store. `onFileLost` hears of a
 * file found missing or damaged on read (the core asks the next sync to fetch it again).
 */
export function createAttachmentsRepo(
  db: Db,
  clock: Clock,
  blobs: BlobStore,
  visits: VisitsRepo,
  replicator: Replicator,
  onFileLost: (sha256: string) => void = () => undefined,
) {
  const byId = db.prepare<[string], AttachmentRow>('SELECT * FROM attachment WHERE id = ? AND deleted = 0');
  // Removed rows included: a restored or re-synced attachment needs its file back.
  const rowBlobs = db.prepare<[], { sha256: string; thumb_sha256: string | null }>('SELECT sha256, thumb_sha256 FROM attachment');
  const messageBlobValues = db
    .prepare<string[], string>(
      `SELECT m.value FROM crdt_message m JOIN crdt_column k ON k.no = m.col_no WHERE k.name IN (${BLOB_COLUMNS.map(() => '?').join(', ')})`,
    )
    .pluck();
  const visitOfRow = db.prepare<[string], { visit_id: string }>('SELECT visit_id FROM attachment WHERE id = ?');
  const byVisit = db.prepare<[string], AttachmentRow>(
    'SELECT * FROM attachment WHERE visit_id = ? AND deleted = 0 ORDER BY created_at, id',
  );
  // A signature is replaced, not added to: the form has one per role.
  const oldSignatures = db.prepare<[string, string], { id: string }>(
    "SELECT id FROM attachment WHERE visit_id = ? AND kind = 'signature' AND role = ? AND deleted = 0",
  );

  const visitDeleted = db.prepare<[string]>('SELECT deleted FROM visit WHERE id = ?').pluck();

  /**
   * An attachment is gone when removed itself or when its visit was discarded as a draft: the
   * discard writes only the visit's tombstone, so a visit finalized elsewhere keeps its files. On
   * a sealed final visit, whether it is there follows the lifecycle rule (db/model/visit-lifecycle.ts):
   * one added or removed in a draft the finalizer had not seen is a conflict, not a change in place.
   */
  // The conflict the rule decided for the attachment last derived, written by `after` (same id):
  // `derive` only computes, since sync.verify derives every row while it reads them.
  let lastConflict: { id: string; conflict: { winner: string; losers: string[] } } | null = null;
  replicator.register('attachment', {
    everyMessage: true,
    derive(id, row) {
      lastConflict = null;
      const visitGone = visitDeleted.get(String(row.visit_id)) === 1;
      const life = visits.lifecycleOf(String(row.visit_id));
      if (!life) {
        row.deleted = replicator.cell('attachment', id, 'deleted')?.value === 1 || visitGone ? 1 : 0;
        return;
      }
      const rule = life.attachmentDeleted(replicator.headsOfRow('attachment', id).get('deleted') ?? []);
      row.deleted = rule.deleted || visitGone ? 1 : 0;
      // No conflict now: an open one of the cell closes.
      lastConflict = { id, conflict: rule.conflict ?? { winner: life.firstFinal, losers: [] } };
    },
    after(id) {
      const decided = lastConflict?.id === id ? lastConflict.conflict : null;
      if (!decided) return;
      if (decided.losers.length || replicator.conflictColumns('attachment', id).has('deleted')) {
        replicator.setConflicts('attachment', id, 'deleted', decided.winner, decided.losers);
      }
    },
    // Restoring an attachment's other state on a final visit is an amendment (a revision says so).
    restore(id, column, value, resolvedBy) {
      const row = visitOfRow.get(id) as { visit_id: string } | undefined;
      const life = row && column === 'deleted' ? visits.lifecycleOf(row.visit_id) : null;
      if (!row || !life) return false;
      const fileName = String(fileNameOf.get(id));
      replicator.write((w) => {
        visits.sayFinal(w, row.visit_id);
        const shown = life.attachmentDeleted(replicator.headsOfRow('attachment', id).get('deleted') ?? []).shown;
        w.writeCells('attachment', id, [['deleted', value]], true, new Map([['deleted', shown]]));
        visits.recordAttachmentChange(row.visit_id, value === 1 ? { removed: fileName } : { added: fileName }, resolvedBy);
      });
      return true;
    },
  });
  const fileNameOf = db.prepare<[string]>('SELECT file_name FROM attachment WHERE id = ?').pluck();

  function requireRow(id: string): AttachmentRow {
    const row = byId.get(id);
    if (!row) throw refuse('NOT_FOUND', 'attachment_not_found', 'Lampiran tidak ditemukan');
    return row;
  }

  /**
   * On a final visit a photo or document may still be added or removed (a forgotten photo), each
   * change written as a revision; a signature belongs to the moment of signing and stays locked,
   * but one that is missing may be added by an amendment (and the history says so).
   */
  function checkChange(visitId: string, kind: Attachment['kind'], adding: { role: string | null } | null = null): 'draft' | 'final' {
    const { status } = visits.get(visitId);
    if (status === 'final' && kind === 'signature') {
      const missing = adding?.role ? oldSignatures.all(visitId, adding.role).length === 0 : false;
      if (!missing) {
        throw refuse(
          'VALIDATION',
          'signature_locked',
          'Tanda tangan kunjungan final tidak dapat diubah: tanda tangan milik saat penandatanganan. Tanda tangan yang belum ada dapat ditambahkan lewat amendemen.',
        );
      }
    }
    return status;
  }

  return {
    /**
     * Stores the bytes (once per content) and records the attachment, in one step; on a final
     * visit the same transaction writes the revision.
     */
    add(input: NewAttachment, officer: Officer): Attachment {
      checkChange(input.visitId, input.kind, { role: input.role });
      // Files are written before the row: a crash leaves an unreferenced file, never a row without one.
      const stored = blobs.put(input.bytes);
      const thumb = input.thumbnail ? blobs.put(input.thumbnail) : null;
      return replicator.write((w) => {
        const status = checkChange(input.visitId, input.kind, { role: input.role });
        if (status === 'final') visits.sayFinal(w, input.visitId);
        if (input.kind === 'signature' && input.role) {
          for (const old of oldSignatures.all(input.visitId, input.role)) w.update('attachment', old.id, { deleted: 1 });
        }
        const id = clock.newId();
        w.insert('attachment', id, {
          visit_id: input.visitId,
          kind: input.kind,
          role: input.role,
          file_name: input.fileName,
          mime: input.mime,
          size: stored.size,
          sha256: stored.sha256,
          thumb_sha256: thumb?.sha256 ?? null,
          taken_at: input.metadata?.visitDate ?? null,
          latitude: input.metadata?.latitude ?? null,
          longitude: input.metadata?.longitude ?? null,
          signature_method: input.kind === 'signature' ? (input.signatureMethod ?? 'drawn') : null,
          created_at: w.nowIso,
          deleted: 0,
        });
        if (status === 'final') visits.recordAttachmentChange(input.visitId, { added: input.fileName }, officer);
        return toAttachment(requireRow(id));
      });
    },
    /**
     * A signature that was missing, added by an amendment: called inside the amendment's unit
     * (which said the visit final and keeps the revision naming it), so no revision of its own.
     */
    addToAmendment(visitId: string, signature: { role: 'respondent' | 'officer'; signatureMethod: 'drawn' | 'typed'; bytes: Uint8Array }): void {
      checkChange(visitId, 'signature', { role: signature.role });
      const stored = blobs.put(signature.bytes);
      replicator.write((w) =>
        w.insert('attachment', clock.newId(), {
          visit_id: visitId,
          kind: 'signature',
          role: signature.role,
          file_name: `tanda-tangan-${signature.role}.png`,
          mime: 'image/png',
          size: stored.size,
          sha256: stored.sha256,
          thumb_sha256: null,
          taken_at: null,
          latitude: null,
          longitude: null,
          signature_method: signature.signatureMethod,
          created_at: w.nowIso,
          deleted: 0,
        }),
      );
    },
    list: (visitId: string): Attachment[] => byVisit.all(visitId).map(toAttachment),
    get: (id: string): Attachment => toAttachment(requireRow(id)),
    /** The visit an attachment belongs to (removed ones included); null when unknown here. */
    visitOf: (id: string): string | null => visitOfRow.get(id)?.visit_id ?? null,
    /** The stored bytes: the thumbnail when asked and present, else the file itself. */
    read(id: string, thumbnail: boolean): Uint8Array {
      const row = requireRow(id);
      const sha = thumbnail && row.thumb_sha256 ? row.thumb_sha256 : row.sha256;
      try {
        return blobs.read(sha);
      } catch (error) {
        if (isLostFile(error)) onFileLost(sha);
        throw error;
      }
    },
    /**
     * Which of these files some record names: an attachment row (removed ones too) or a change
     * message in the log (rows still waiting for their visit, held messages, messages not yet
     * sent). The log is read only when the rows leave some unnamed, as after a crash.
     */
    referencedAmong(candidates: readonly string[]): Set<string> {
      const wanted = new Set(candidates);
      const found = new Set<string>();
      for (const row of rowBlobs.iterate()) {
        if (wanted.has(row.sha256)) found.add(row.sha256);
        if (row.thumb_sha256 && wanted.has(row.thumb_sha256)) found.add(row.thumb_sha256);
      }
      if (found.size === wanted.size) return found;
      for (const value of messageBlobValues.iterate(...BLOB_COLUMNS)) {
        for (const [sha] of value.matchAll(/[0-9a-f]{64}/g)) if (wanted.has(sha)) found.add(sha);
      }
      return found;
    },
    remove(id: string, officer: Officer): void {
      replicator.write((w) => {
        const row = requireRow(id);
        const status = checkChange(row.visit_id, row.kind);
        const life = status === 'final' ? visits.lifecycleOf(row.visit_id) : null;
        if (status === 'final') visits.sayFinal(w, row.visit_id);
        // On a sealed final visit, built on what the visit shows (an unseen draft edit stays a conflict).
        const shown = life?.attachmentDeleted(replicator.headsOfRow('attachment', id).get('deleted') ?? []).shown;
        if (life) w.writeCells('attachment', id, [['deleted', 1]], true, new Map([['deleted', shown ?? null]]));
        else w.update('attachment', id, { deleted: 1 });
        if (status === 'final') visits.recordAttachmentChange(row.visit_id, { removed: row.file_name }, officer);
      });
    },
  };
}
export type AttachmentsRepo = ReturnType<typeof createAttachmentsRepo>;

/** Every file an attachment row names (its file and thumbnail), removed rows too: what a backup must carry. */
export function filesNamedByAttachments(db: Db): string[] {
  return db.prepare('SELECT sha256 FROM attachment UNION SELECT thumb_sha256 FROM attachment WHERE thumb_sha256 IS NOT NULL').pluck().all() as string[];
}
