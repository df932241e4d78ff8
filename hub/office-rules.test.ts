import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openApi } from '../db/api';
import { anInventarisasi, call, createSite, KALTIM_SETUP, tempDir } from '../db/test-support';
import { formatEnrollmentCode } from './store';
import { hubPaths } from './server';
import { openLaptop, startHub } from './test-support';

/**
 * "Signatures required" is an office rule (issue 20, major 4): set on the hub's data (Pengaturan
 * of the office's copy), synced to every laptop as an `office_setting` row, read-only on an
 * enrolled laptop, and recorded on each visit finalized under it.
 */

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test("the office's signature rule, set on the hub's data, reaches an enrolled laptop, which cannot change it, and each finalized visit records it", async () => {
  const data = tempDir('ikm-hub-office-');
  cleanups.push(data.dispose);

  // The office opens the hub's data in the app and turns the rule off in Pengaturan.
  const office = openApi({ dbFile: hubPaths(data.dir).core });
  await call(office, 'setup.save', KALTIM_SETUP);
  const set = await call(office, 'settings.setOffice', { signaturesRequired: false });
  assert.equal(set.signaturesRequired, false);
  assert.equal(set.changedBy, 'Ani Suryani (ANS)');
  assert.equal(set.editable, true, "the office's data sets the rule");
  office.close();

  const h = await startHub({ dataDir: data.dir });
  cleanups.push(() => h.stop());
  const laptop = await openLaptop('BDI');
  cleanups.push(laptop.dispose);
  // Before it hears from the office, the laptop requires signatures (the default).
  assert.equal((await call(laptop.api, 'settings.office')).signaturesRequired, true);
  const site = await createSite(laptop.api);
  const early = await call(laptop.api, 'visit.saveDraft', { siteId: site.id, data: anInventarisasi() });
  const refused = await laptop.api.dispatch('visit.finalize', { id: early.id });
  assert.equal(!refused.ok && refused.error.reason, 'finalize_blocked');

  const code = formatEnrollmentCode(h.hub.store.createEnrollment({ officerCode: 'BDI', regencies: [] }, new Date()));
  await call(laptop.api, 'hubSync.enroll', { url: h.url, code });
  await call(laptop.api, 'hubSync.now');

  const rules = await call(laptop.api, 'settings.office');
  assert.deepEqual(rules, { signaturesRequired: false, changedBy: 'Ani Suryani (ANS)', changedAt: set.changedAt, editable: false });
  // An officer cannot switch the office's rule on their own laptop.
  const own = await laptop.api.dispatch('settings.setOffice', { signaturesRequired: true });
  assert.equal(!own.ok && own.error.reason, 'office_rule_from_hub');

  // Finalized under the office's rule (not required), and the visit says so, here and at the office.
  const final = await call(laptop.api, 'visit.finalize', { id: early.id });
  assert.equal(final.signaturesRequired, false);
  await call(laptop.api, 'hubSync.now');
  h.hub.settle();
  assert.equal(h.hub.core.visits.get(early.id).signaturesRequired, false);
});
