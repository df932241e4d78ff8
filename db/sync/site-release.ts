import type { Db } from '../open-database';
import { createSiteRowsRepo } from '../repo/site-rows';
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
  /** How many of `released` were on this laptop until now (what the sync report counts). */
  removed: number;
  /** Sites kept for now: a local change or a file of theirs has not reached the hub yet, or a merge ties them to a site that stays. */
  kept: string[];
  /** Files no row refers to any more: the caller deletes them once the transaction has committed. */
  files: string[];
}

interface RowKey {
  tbl: string;
  row_id: string;
}

/** The tables of a site's rows, children first: the order they can be removed in. */
const TABLES = ['attachment', 'follow_up', 'visit_review', 'visit_revision', 'visit', 'site_merge', 'site_distinct', 'site'] as const;

export function createSiteRelease(db: Db, replicator: Replicator) {
  const siteRows = createSiteRowsRepo(db);

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
    let removed = 0;
    const drop = Object.fromEntries(TABLES.map((tbl) => [tbl, [] as string[]])) as Record<(typeof TABLES)[number], string[]>;
    const files = new Set<string>();
    const unsentIn = replicator.log.loggedAfter(keep.sentAfter);
    for (const site of siteIds) {
      if (decided.has(site)) continue;
      // Sites a merge ties together share visits: released together or not at all.
      const group = siteRows.mergeGroup(site);
      group.forEach((s) => decided.add(s));
      const asked = group.filter((s) => requested.has(s));
      const rows = siteRows.rowsOf(group);
      const keys: RowKey[] = TABLES.flatMap((tbl) => rows[tbl].map((row_id) => ({ tbl, row_id })));
      const unsent = unsentIn(keys) || rows.files.some((sha) => keep.filesToSend.has(sha));
      if (asked.length < group.length || unsent) {
        kept.push(...asked);
        continue;
      }
      released.push(...asked);
      removed += siteRows.present(asked).length;
      for (const tbl of TABLES) drop[tbl].push(...rows[tbl]);
      rows.files.forEach((sha) => files.add(sha));
    }
    if (drop.site.length) {
      replicator.forget((remove) => {
        for (const tbl of TABLES) remove(tbl, drop[tbl]);
      });
    }
    const shared = siteRows.filesInUse([...files]);
    return { released, removed, kept, files: [...files].filter((sha) => !shared.has(sha)) };
  }

  return { releaseSites };
}
export type SiteRelease = ReturnType<typeof createSiteRelease>;
