import type { Statement } from 'better-sqlite3';
import type { Db } from '../open-database';

/** List queries vary with the filters used: prepare each shape of SQL once and reuse it. */
export function statementCache(db: Db): (sql: string) => Statement<unknown[]> {
  const prepared = new Map<string, Statement<unknown[]>>();
  return (sql) => {
    let stmt = prepared.get(sql);
    if (!stmt) prepared.set(sql, (stmt = db.prepare<unknown[]>(sql)));
    return stmt;
  };
}
