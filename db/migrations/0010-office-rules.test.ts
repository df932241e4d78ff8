import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate } from '../open-database';
import { withGuardOpen } from '../sync/write-guard';
import { MIGRATIONS } from './index';

const AT = MIGRATIONS.findIndex((m) => m.name === '0010-office-rules');

test('0010-office-rules: the laptop switch gives way to a synced office rule; visits gain what was required at finalize', () => {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, AT));
  db.prepare("INSERT INTO setting(key, value) VALUES ('office', '{\"signaturesRequired\":false}'), ('setup', '{}')").run();
  withGuardOpen(db, () => {
    db.exec(`
      INSERT INTO site(id, name, name_norm, province_code, regency_code, district_code, village_code, kbli_code,
                       kbli_division, operating_status, created_at, updated_at)
      VALUES ('s1', 'Amplang', 'amplang', '64', '64.72', '64.72.01', '64.72.01.1001', '10', '10', 'aktif', 't', 't');
      INSERT INTO visit(id, number, site_id, regency_code, kind, status, visit_date, officers, data, created_by, created_at, updated_at, finalized_at, deleted)
      VALUES ('v1', 'ANS/2026/4WW-0001', 's1', '64.72', 'evaluasi', 'final', '2026-11-20', 'Ani', '{}', 'o', 't', 't', 't', 0);`);
  });
  migrate(db, MIGRATIONS.slice(0, AT + 1));
  assert.equal(db.pragma('user_version', { simple: true }), AT + 1);
  assert.equal(db.prepare("SELECT count(*) FROM setting WHERE key = 'office'").pluck().get(), 0, "the laptop's own switch is gone");
  assert.equal(db.prepare("SELECT count(*) FROM setting WHERE key = 'setup'").pluck().get(), 1, 'other settings stay');
  assert.equal(db.prepare("SELECT signatures_required FROM visit WHERE id = 'v1'").pluck().get(), null, 'not known for a visit finalized before');
  assert.ok(db.prepare("SELECT 1 FROM pragma_table_info('attachment') WHERE name = 'signature_method'").get(), 'a signature says how it was made');
  // Written only through the write unit, like every synced table.
  assert.throws(() => db.prepare("INSERT INTO office_setting(key, value, changed_at) VALUES ('signatures_required', 'false', 't')").run(), /write unit/);
  withGuardOpen(db, () => db.prepare("INSERT INTO office_setting(key, value, changed_at) VALUES ('signatures_required', 'false', 't')").run());
  assert.equal(db.prepare('SELECT value FROM office_setting').pluck().get(), 'false');
  db.close();
});
