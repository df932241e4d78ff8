import type { Db } from '../open-database';
import type { Replicator } from './replicator';

/**
 * A scoped laptop holds its part (issue 8, item 6): when a site leaves the laptop's scope the hub
 * asks the laptop to release it, and the laptop removes the site and everything of it (visits,
 * revisions, photos, merges, facts, search entry, change log) once nothing of it waits to be sent.
 * Removing is local only: no change message, no tombstone; the site lives on at the hub, and comes
 * back whole (its full history re-sent) if it comes into the laptop's scope again.
 */

export interface SiteReleaseResult {
  /** Sites no longer on this laptop (including those that never were): to confirm to the hub. */
  released: string[];
  /** Sites kept for now: a local change or a file of theirs has not reached the hub yet, or a merge ties them to a site that stays. */
  kept: string[];
  /** Files no row refers to any more: the caller deletes them once the transaction has committed. */
  files: string[];
}

interface RowKey {
  tbl: string;
  row_id: string;
}

const json = (ids: readonly string[]) => JSON.stringify(ids);

export function createSiteRelease(db: Db, replicator: Replicator) {
  const mergePartners = db.prepare<[string, string], { survivor_id: string; loser_id: string }>(
    'SELECT survivor_id, loser_id FROM site_merge WHERE survivor_id = ? OR loser_id = ?',
  );
  // Rows of a site, as stored, and those whose cells are here but wait for their parent.
  const visitsOf = db.prepare<[string, string]>(
    `SELECT id FROM visit WHERE site_id IN (SELECT value FROM json_each(?))
     UNION SELECT row_id FROM crdt_waiting WHERE tbl = 'visit' AND parent_tbl = 'site' AND parent_id IN (SELECT value FROM json_each(?))`,
  ).pluck();
  const revisionsOf = db.prepare<[string, string]>(
    `SELECT id FROM visit_revision WHERE visit_id IN (SELECT value FROM json_each(?))
     UNION SELECT row_id FROM crdt_waiting WHERE tbl = 'visit_revision' AND parent_tbl = 'visit' AND parent_id IN (SELECT value FROM json_each(?))`,
  ).pluck();
  const attachmentsOf = db.prepare<[string, string], { id: string; sha256: string | null; thumb_sha256: string | null }>(
    `SELECT id, sha256, thumb_sha256 FROM attachment WHERE visit_id IN (SELECT value FROM json_each(?))
     UNION SELECT row_id, NULL, NULL FROM crdt_waiting WHERE tbl = 'attachment' AND parent_tbl = 'visit' AND parent_id IN (SELECT value FROM json_each(?))`,
  );
  const mergesOf = db.prepare<[string, string, string]>(
    `SELECT id FROM site_merge WHERE survivor_id IN (SELECT value FROM json_each(?)) OR loser_id IN (SELECT value FROM json_each(?))
     UNION SELECT row_id FROM crdt_waiting WHERE tbl = 'site_merge' AND parent_tbl = 'site' AND parent_id IN (SELECT value FROM json_each(?))`,
  ).pluck();
  const stillReferenced = db.prepare<[string, string]>(
    `SELECT sha256 FROM attachment WHERE sha256 IN (SELECT value FROM json_each(?))
     UNION SELECT thumb_sha256 FROM attachment WHERE thumb_sha256 IN (SELECT value FROM json_each(?))`,
  ).pluck();

  /** The site and every site a merge ties it to (they share visits): released together or not at all. */
  function mergeGroup(site: string): string[] {
    const group = new Set([site]);
    const queue = [site];
    while (queue.length) {
      const current = queue.pop()!;
      for (const m of mergePartners.all(current, current)) {
        for (const other of [m.survivor_id, m.loser_id]) {
          if (!group.has(other)) {
            group.add(other);
            queue.push(other);
          }
        }
      }
    }
    return [...group];
  }

  /** Every row that belongs to these sites, children first (the order they can be removed in). */
  function rowsOf(sites: string[]) {
    const visits = visitsOf.all(json(sites), json(sites)) as string[];
    const attachments = attachmentsOf.all(json(visits), json(visits));
    return {
      attachment: attachments.map((a) => a.id),
      visit_revision: revisionsOf.all(json(visits), json(visits)) as string[],
      visit: visits,
      site_merge: mergesOf.all(json(sites), json(sites), json(sites)) as string[],
      site: sites,
      files: attachments.flatMap((a) => [a.sha256, a.thumb_sha256]).filter((s): s is string => !!s),
    };
  }

  /**
   * Releases the sites the hub asked for, in one write transaction (the replicator's `forget`).
   * A site is kept while any message of its rows was logged after `sentAfter` (not acknowledged
   * by the hub) or one of its files waits in `filesToSend`.
   */
  function releaseSites(siteIds: readonly string[], keep: { sentAfter: number; filesToSend: ReadonlySet<string> }): SiteReleaseResult {
    const requested = new Set(siteIds);
    const decided = new Set<string>();
    const released: string[] = [];
    const kept: string[] = [];
    const drop = { attachment: [] as string[], visit_revision: [] as string[], visit: [] as string[], site_merge: [] as string[], site: [] as string[] };
    const files = new Set<string>();
    const unsentIn = replicator.log.loggedAfter(keep.sentAfter);
    for (const site of siteIds) {
      if (decided.has(site)) continue;
      const group = mergeGroup(site);
      group.forEach((s) => decided.add(s));
      const asked = group.filter((s) => requested.has(s));
      const rows = rowsOf(group);
      const keys: RowKey[] = (['attachment', 'visit_revision', 'visit', 'site_merge', 'site'] as const).flatMap((tbl) => rows[tbl].map((row_id) => ({ tbl, row_id })));
      const unsent = unsentIn(keys) || rows.files.some((sha) => keep.filesToSend.has(sha));
      if (asked.length < group.length || unsent) {
        kept.push(...asked);
        continue;
      }
      released.push(...asked);
      for (const tbl of Object.keys(drop) as (keyof typeof drop)[]) drop[tbl].push(...rows[tbl]);
      rows.files.forEach((sha) => files.add(sha));
    }
    if (drop.site.length) {
      replicator.forget((remove) => {
        for (const tbl of Object.keys(drop) as (keyof typeof drop)[]) remove(tbl, drop[tbl]);
      });
    }
    const shared = new Set(files.size ? (stillReferenced.all(json([...files]), json([...files])) as string[]) : []);
    return { released, kept, files: [...files].filter((sha) => !shared.has(sha)) };
  }

  return { releaseSites };
}
export type SiteRelease = ReturnType<typeof createSiteRelease>;
