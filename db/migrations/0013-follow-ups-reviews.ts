import type Database from 'better-sqlite3';
import { guardTriggersSql } from '../sync/write-guard';
import { recommendationKeys } from '../model/follow-up';

/**
 * Follow-ups and review (issue 18, items 5 and 7).
 *
 * - follow_up (synced): the status of one recommendation of a final visit (open, done, dropped),
 *   who is responsible, a note; id = visit id + the recommendation's key (db/model/follow-up.ts).
 * - visit_review (synced): a supervisor's decision on a final visit, one row per decision, naming
 *   the revision it reviewed.
 * - visit_recommendation (derived on every replica from final visits' forms): what the follow-up
 *   list and counts read, so they never parse every visit's form.
 * - visit.review_state (derived): pending, approved or returned for a final visit; every visit
 *   finalized before waits for review.
 */
export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE follow_up (
      id           TEXT PRIMARY KEY,
      visit_id     TEXT NOT NULL REFERENCES visit(id),
      rec_key      TEXT NOT NULL,
      status       TEXT NOT NULL,
      responsible  TEXT,
      note         TEXT,
      decided_by   TEXT,
      decided_at   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX follow_up_visit ON follow_up(visit_id);
    ${guardTriggersSql('follow_up')}

    CREATE TABLE visit_review (
      id           TEXT PRIMARY KEY,
      visit_id     TEXT NOT NULL REFERENCES visit(id),
      decision     TEXT NOT NULL,
      comment      TEXT,
      revision     INTEGER NOT NULL,
      revision_id  TEXT,
      reviewer_id  TEXT,
      decided_by   TEXT,
      decided_at   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX visit_review_visit ON visit_review(visit_id, decided_at);
    ${guardTriggersSql('visit_review')}

    CREATE TABLE visit_recommendation (
      visit_id  TEXT NOT NULL,
      rec_key   TEXT NOT NULL,
      idx       INTEGER NOT NULL,
      text      TEXT NOT NULL,
      action    TEXT,
      due_date  TEXT,
      PRIMARY KEY (visit_id, rec_key)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX visit_recommendation_due ON visit_recommendation(due_date);
    ${guardTriggersSql('visit_recommendation')}

    ALTER TABLE visit ADD COLUMN review_state TEXT;
    UPDATE visit SET review_state = 'pending' WHERE status = 'final';
    CREATE INDEX visit_review_state ON visit(review_state, visit_date, id) WHERE review_state IS NOT NULL;
  `);
  const insert = db.prepare('INSERT OR IGNORE INTO visit_recommendation(visit_id, rec_key, idx, text, action, due_date) VALUES (?, ?, ?, ?, ?, ?)');
  const finals = db.prepare<[], { id: string; recs: string }>(
    "SELECT id, json_extract(data, '$.recommendations') AS recs FROM visit WHERE status = 'final' AND deleted = 0 AND json_type(data, '$.recommendations') = 'array'",
  );
  for (const v of finals.all()) {
    const recs = JSON.parse(v.recs) as { text?: unknown; action?: unknown; dueDate?: unknown }[];
    recommendationKeys(recs).forEach((key, i) => {
      if (!key) return;
      const r = recs[i];
      insert.run(v.id, key, i, String(r.text).trim(), typeof r.action === 'string' ? r.action : null, typeof r.dueDate === 'string' ? r.dueDate : null);
    });
  }
}
