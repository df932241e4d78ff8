import type { Db } from '../open-database';

/** A statement of a repo with its parameters, as the repo runs it. */
export interface RepoStatement {
  sql: string;
  params: unknown[];
}

/**
 * EXPLAIN QUERY PLAN of a repo's own statement, its steps joined with " | ". Tests assert the
 * indexes hot queries use on the very SQL the repo runs, so a changed query cannot stay green.
 */
export function queryPlan(db: Db, statement: RepoStatement): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.params) as { detail: string }[];
  return rows.map((r) => r.detail).join(' | ');
}
