import type { Db } from '../open-database';
import type { Clock } from '../clock';
import type { Replicator } from '../sync/replicator';
import type { ReviewDecision } from '../model/review';

/**
 * Review decisions (issue 18, item 7): one synced visit_review row per decision, naming the
 * revision reviewed. The visit's review state is derived by the visits repo (db/model/review.ts);
 * a decision arriving re-derives it.
 */
export function createReviewsRepo(db: Db, clock: Clock, replicator: Replicator) {
  const revisionOfVisit = db.prepare<{ visit: string }, { n: number; latest: string | null }>(
    `SELECT count(*) AS n, (SELECT id FROM visit_revision WHERE visit_id = @visit ORDER BY changed_at DESC, id DESC LIMIT 1) AS latest
       FROM visit_revision WHERE visit_id = @visit`,
  );
  replicator.register('visit_review', {
    after(_id, row) {
      replicator.refresh('visit', String(row.visit_id));
    },
  });

  return {
    /** Records a decision on the visit as it stands now (the caller checked the rules: db/model/review.ts). */
    decide(visitId: string, decision: ReviewDecision, comment: string | null, reviewer: { officerId: string; label: string }): void {
      replicator.write((w) => {
        const revision = revisionOfVisit.get({ visit: visitId })!;
        w.insert('visit_review', clock.newId(), {
          visit_id: visitId,
          decision,
          comment,
          revision: revision.n,
          revision_id: revision.latest,
          reviewer_id: reviewer.officerId,
          decided_by: reviewer.label,
          decided_at: w.nowIso,
        });
      });
    },
  };
}
export type ReviewsRepo = ReturnType<typeof createReviewsRepo>;
