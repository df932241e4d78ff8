import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openCore } from '../core';
import { migrate } from '../open-database';
import { SYNCED_TABLES } from '../sync/tables';
import { openReplicas, sendAll, tempDir } from '../test-support';
import { MIGRATIONS } from './index';

const DATA = {
  kind: 'inventarisasi',
  visitDate: '2026-10-01',
  officers: ['Ani Suryani'],
  respondent: { name: 'Pak Rahmat', phone: '0812' },
  workforce: { male: 4, female: 7 },
  productionValueRp: 1250000,
};

/** A version-4 database as an officer has it today: a site, a final amended visit, a photo, a wilayah. */
function seedVersion4(file: string): void {
  const db = new Database(file);
  migrate(db, MIGRATIONS.slice(0, 4));
  db.exec(`
    INSERT INTO officer(id, name, nip, code, created_at, updated_at) VALUES ('o1', 'Ani Suryani', NULL, 'ANS', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
    INSERT INTO setting(key, value) VALUES ('setup', '{"officerId":"o1","provinceCode":"64","regencyCode":null,"language":"id"}');
    INSERT INTO wilayah(id, province_code, name, sort, created_at, updated_at) VALUES ('64-wp-2', '64', 'Wilayah II', 2, 't0', '2026-01-01T00:00:00.000Z');
    INSERT INTO wilayah_regency(regency_code, wilayah_id) VALUES ('64.72', '64-wp-2');
    INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code, kbli_division,
                     sector_group, certificates, workers, size_class, operating_status, created_at, updated_at)
    VALUES ('0190a000-0000-7000-8000-000000000001', 'Amplang Mama Ani', 'amplang mama ani', '64', '64.72', '64.72.01', '64.72.01.1001',
            '10', '10', 'kerajinan', '["PIRT"]', 11, 'kecil', 'aktif', '2026-09-01T00:00:00.000Z', '2026-10-02T00:00:00.000Z');
    INSERT INTO visit(id, number, site_id, regency_code, kind, status, visit_date, officers, data, revision, created_by, created_at, updated_at, finalized_at)
    VALUES ('0190a000-0000-7000-8000-0000000000a1', 'ANS/2026/0001', '0190a000-0000-7000-8000-000000000001', '64.72', 'inventarisasi', 'final',
            '2026-10-01', 'Ani Suryani', '${JSON.stringify(DATA)}', 1, 'o1', '2026-10-01T01:00:00.000Z', '2026-10-02T00:00:00.000Z', '2026-10-01T02:00:00.000Z');
    INSERT INTO visit_revision(visit_id, revision, data, changes, reason, changed_by, changed_at)
    VALUES ('0190a000-0000-7000-8000-0000000000a1', 1, '${JSON.stringify({ ...DATA, workforce: { male: 4, female: 6 } })}', '["workforce.female"]',
            'Salah hitung', 'Ani Suryani (ANS)', '2026-10-02T00:00:00.000Z');
    INSERT INTO site_fact(id, site_id, visit_id, fact, value, observed_on, recorded_at)
    VALUES ('f1', '0190a000-0000-7000-8000-000000000001', '0190a000-0000-7000-8000-0000000000a1', 'workers', '11', '2026-10-01', '2026-10-02T00:00:00.000Z');
    INSERT INTO attachment(id, visit_id, kind, file_name, mime, size, sha256, created_at, updated_at)
    VALUES ('0190a000-0000-7000-8000-0000000000f1', '0190a000-0000-7000-8000-0000000000a1', 'photo', 'foto-1.jpg', 'image/jpeg', 10,
            'abc', '2026-10-01T03:00:00.000Z', '2026-10-01T03:00:00.000Z');
  `);
  db.close();
}

test('0005-replication: existing rows stay, revisions gain ids and old → new values, and every row gets its baseline messages', () => {
  const tmp = tempDir();
  try {
    const file = join(tmp.dir, 'v4.sqlite');
    seedVersion4(file);
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, 5));
    assert.equal(db.pragma('user_version', { simple: true }), 5);
    assert.equal((db.prepare('SELECT sector_choice FROM site').get() as { sector_choice: string }).sector_choice, 'kerajinan', 'a sector chosen by hand is kept as the choice');
    const revision = db.prepare('SELECT * FROM visit_revision').get() as { id: string; changes: string };
    assert.match(revision.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(JSON.parse(revision.changes), [{ path: 'workforce.female', old: 6, new: 7 }]);

    // One message per synced column of every row, one cell each, no prev (nothing was seen before).
    const counts = db.prepare('SELECT r.tbl, count(*) AS n FROM crdt_message m JOIN crdt_row r ON r.no = m.row_no GROUP BY r.tbl ORDER BY r.tbl').all() as { tbl: string; n: number }[];
    const expected: Record<string, number> = {
      officer: SYNCED_TABLES.officer.columns.length,
      wilayah: SYNCED_TABLES.wilayah.columns.length,
      wilayah_regency: 1,
      // (0011: site.sentra_id, added after version 5, has no baseline either.)
      site: SYNCED_TABLES.site.columns.length - 1,
      // the visit's columns plus one per leaf of its form (kind, visitDate, officers, respondent.name/phone, workforce.male/female, productionValueRp)
      // Columns added after version 5 (0010: visit.signatures_required, attachment.signature_method) have no baseline.
      visit: SYNCED_TABLES.visit.columns.length - 1 + 8,
      visit_revision: SYNCED_TABLES.visit_revision.columns.length,
      attachment: SYNCED_TABLES.attachment.columns.length - 1,
    };
    assert.deepEqual(Object.fromEntries(counts.map((c) => [c.tbl, c.n])), expected);
    assert.equal(db.prepare('SELECT count(*) FROM crdt_cell').pluck().get(), Object.values(expected).reduce((a, b) => a + b));
    assert.equal(db.prepare('SELECT count(*) FROM crdt_message WHERE prev_hlc IS NOT NULL').pluck().get(), 0);
    assert.throws(() => db.prepare("UPDATE site SET name = 'x'").run(), /write unit/);
    db.close();
  } finally {
    tmp.dispose();
  }
});

test('0005-replication: an officer who upgrades can send everything, and another laptop rebuilds the same records', async () => {
  const tmp = tempDir();
  const { replicas: [office], dispose } = await openReplicas(1);
  try {
    const file = join(tmp.dir, 'v4.sqlite');
    seedVersion4(file);
    const upgraded = openCore({ dbFile: file, machine: 'test' });
    try {
      sendAll({ core: upgraded } as never, office);
      const site = office.core.sites.get('0190a000-0000-7000-8000-000000000001');
      assert.equal(site.name, 'Amplang Mama Ani');
      assert.equal(site.sectorGroup, 'kerajinan');
      assert.deepEqual(site.certificates, ['PIRT']);
      assert.equal(site.workers, 11);
      const visit = office.core.visits.get('0190a000-0000-7000-8000-0000000000a1');
      assert.equal(visit.number, 'ANS/2026/0001', 'existing numbers stay as they are');
      assert.deepEqual(visit.data, upgraded.visits.get(visit.id).data);
      assert.equal(visit.revisions.length, 1);
      assert.deepEqual(visit.revisions[0].fieldChanges, [{ path: 'workforce.female', old: 6, new: 7 }]);
      assert.equal(office.core.attachments.list(visit.id).length, 1);
      assert.deepEqual(
        office.core.wilayah.list('64').find((w) => w.id === '64-wp-2')?.regencyCodes.includes('64.72'),
        true,
      );
      assert.deepEqual(office.core.sync.conflicts(), []);
    } finally {
      upgraded.close();
    }
  } finally {
    dispose();
    tmp.dispose();
  }
});
