import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir } from '../../db/test-support';
import { HUB_MIGRATIONS } from './index';
import { openHubStore } from '../store';

test('hub migration 0008: a merge undone before the hub knew of undos places its loser by its own regency again', () => {
  const tmp = tempDir('ikm-hub-migrate-');
  try {
    const file = join(tmp.dir, 'hub.sqlite');
    const db = new Database(file);
    for (const m of HUB_MIGRATIONS.slice(0, 6)) m.up(db);
    db.pragma('user_version = 6');
    db.prepare(
      `INSERT INTO device(id, officer_code, name, replica_id, public_key, token_hash, regencies, enrolled_at, releases)
       VALUES ('d1', 'BDI', 'Laptop', '00000000000000b2', 'k', x'00', '["64.02"]', '2026-01-01T00:00:00.000Z', 1)`,
    ).run();
    const hlc = (n: number) => `2026-01-01T00:00:0${n}.000Z-0000-00000000000000a1`;
    const insert = db.prepare("INSERT INTO message(hlc, replica, tbl, row_id, col, value, schema) VALUES (?, '00000000000000a1', ?, ?, ?, ?, 9)");
    insert.run(hlc(1), 'site', 's1', 'regency_code', '"64.72"');
    insert.run(hlc(2), 'site', 's2', 'regency_code', '"64.02"');
    insert.run(hlc(3), 'site_merge', 's1+s2', 'survivor_id', '"s1"');
    insert.run(hlc(4), 'site_merge', 's1+s2', 'loser_id', '"s2"');
    insert.run(hlc(5), 'site_merge', 's1+s2', 'merged_at', '"2026-01-01T00:00:05.000Z"');
    insert.run(hlc(6), 'site_merge', 's1+s2', 'undone_at', '"2026-01-01T00:00:06.000Z"');
    db.prepare("INSERT INTO site_regency(site_id, regency_code, hlc, scope_regency) VALUES ('s1', '64.72', ?, '64.72'), ('s2', '64.02', ?, '64.72')").run(hlc(1), hlc(2));
    db.prepare("INSERT INTO site_merge_edge(merge_id, survivor_id, survivor_hlc, loser_id, loser_hlc, merged_at, merged_at_hlc) VALUES ('s1+s2', 's1', ?, 's2', ?, 't', ?)").run(hlc(3), hlc(4), hlc(5));
    db.close();

    const store = openHubStore(file);
    try {
      assert.equal(store.db.prepare("SELECT undone_at FROM site_merge_edge WHERE merge_id = 's1+s2'").pluck().get(), '2026-01-01T00:00:06.000Z');
      assert.equal(store.db.prepare("SELECT scope_regency FROM site_regency WHERE site_id = 's2'").pluck().get(), '64.02');
      // The Kutai Kartanegara device now holds the group: s2 is in its scope again.
      assert.deepEqual(store.db.prepare("SELECT site_id FROM device_site WHERE device_id = 'd1' ORDER BY site_id").pluck().all(), ['s1', 's2']);
    } finally {
      store.close();
    }
  } finally {
    tmp.dispose();
  }
});
