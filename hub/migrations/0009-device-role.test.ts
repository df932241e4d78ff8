import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir } from '../../db/test-support';
import { HUB_MIGRATIONS } from './index';
import { openHubStore } from '../store';

test('hub migration 0009: enrolled laptops are officers; follow-ups and reviews the hub holds are placed on their visit’s site', () => {
  const tmp = tempDir('ikm-hub-migrate-');
  try {
    const file = join(tmp.dir, 'hub.sqlite');
    const db = new Database(file);
    for (const m of HUB_MIGRATIONS.slice(0, 8)) m.up(db);
    db.pragma('user_version = 8');
    db.prepare(
      `INSERT INTO device(id, officer_code, name, replica_id, public_key, token_hash, regencies, enrolled_at, releases)
       VALUES ('d1', 'ANS', 'Laptop', '00000000000000b2', 'k', x'00', '[]', '2026-01-01T00:00:00.000Z', 1)`,
    ).run();
    const hlc = (n: number) => `2026-01-01T00:00:0${n}.000Z-0000-00000000000000b2`;
    const insert = db.prepare("INSERT INTO message(hlc, replica, tbl, row_id, col, value, schema) VALUES (?, '00000000000000b2', ?, ?, ?, ?, 11)");
    insert.run(hlc(1), 'follow_up', 'v1:r1', 'visit_id', '"v1"');
    insert.run(hlc(2), 'visit_review', 'rv1', 'visit_id', '"v1"');
    db.prepare("INSERT INTO row_site(tbl, row_id, site_id) VALUES ('visit', 'v1', 's1')").run();
    db.close();

    const store = openHubStore(file);
    try {
      assert.equal(store.device('d1')!.role, 'officer');
      assert.deepEqual(store.db.prepare("SELECT tbl, row_id, site_id FROM row_site WHERE tbl <> 'visit' ORDER BY tbl").all(), [
        { tbl: 'follow_up', row_id: 'v1:r1', site_id: 's1' },
        { tbl: 'visit_review', row_id: 'rv1', site_id: 's1' },
      ]);
      assert.equal(store.setRole('d1', 'supervisor'), true);
      assert.equal(store.device('d1')!.role, 'supervisor');
    } finally {
      store.close();
    }
  } finally {
    tmp.dispose();
  }
});
