import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeHistory, report, runHistory, type Step } from './system-harness';

/**
 * The causes of issue 19, each as a short fixed history through the whole-system harness (a real
 * hub on loopback, the five laptops, the same quiescence and the same rules as the random test).
 * Laptops: 0 PROV (whole province), 1 BPN (64.71), 2 SMD (64.72), 3 KKR (64.02), 4 USB (64.02,
 * bundles only). Regencies by index: 0 Balikpapan 64.71, 1 Samarinda 64.72, 2 Kutai Kartanegara
 * 64.02, 3 Paser 64.01. `pick` numbers count, in creation order, what that laptop holds.
 */

const PROV = 0;
const BPN = 1;
const SMD = 2;
const KKR = 3;
const USB = 4;
const sync = (laptop: number): Step => ({ kind: 'sync', laptop, fault: 'none', at: 0 });

async function holds(steps: Step[]): Promise<void> {
  const { violations, trace } = await runHistory(steps);
  assert.deepEqual(
    violations.map((v) => v.rule),
    [],
    `rules broken:\n${report(violations)}\nHistory:\n${describeHistory(steps)}\nWhat each step did:\n${trace.map((t) => `    ${t}`).join('\n')}`,
  );
}

/** PROV registers a site in Samarinda with a draft visit; SMD (Samarinda) receives both. */
const draftOnTwoLaptops: Step[] = [
  { kind: 'register', laptop: PROV, regency: 1, village: 0 },
  { kind: 'draft', laptop: PROV, pick: 0 },
  sync(PROV),
  sync(SMD),
];

describe('issue 19 causes as fixed histories', () => {
  test('1. a visit finalized on one laptop and discarded as a draft on another stays final everywhere', async () => {
    await holds([...draftOnTwoLaptops, { kind: 'finalize', laptop: PROV, pick: 0 }, { kind: 'discard', laptop: SMD, pick: 0 }, sync(PROV), sync(SMD)]);
  });

  test('2. a draft edit the finalizer had not seen never changes the final visit in place', async () => {
    await holds([...draftOnTwoLaptops, { kind: 'finalize', laptop: PROV, pick: 0 }, { kind: 'editDraft', laptop: SMD, pick: 0, value: 1 }, sync(PROV), sync(SMD)]);
  });

  test('3. a merge chain (A into B on one laptop, B into C on another) ends the same on every replica', async () => {
    await holds([
      { kind: 'register', laptop: PROV, regency: 1, village: 0 },
      { kind: 'register', laptop: PROV, regency: 1, village: 1 },
      { kind: 'register', laptop: PROV, regency: 1, village: 2 },
      sync(PROV),
      sync(SMD),
      { kind: 'merge', laptop: PROV, survivor: 1, loser: 0 },
      { kind: 'merge', laptop: SMD, survivor: 2, loser: 1 },
      sync(SMD),
      sync(PROV),
    ]);
  });

  test('4. a site a scoped laptop wrote outside its scope, merged by the office into its twin, follows the merge there', async () => {
    await holds([
      { kind: 'register', laptop: SMD, regency: 2, village: 0 },
      sync(SMD),
      sync(PROV),
      { kind: 'register', laptop: PROV, regency: 2, village: 1 },
      { kind: 'merge', laptop: PROV, survivor: 1, loser: 0 },
      sync(PROV),
      sync(SMD),
    ]);
  });

  test("5. a site that reaches a scoped laptop in a colleague's bundle and is edited there gets its whole history", async () => {
    await holds([
      { kind: 'register', laptop: PROV, regency: 0, village: 0 },
      sync(PROV),
      sync(BPN),
      sync(SMD),
      { kind: 'editSite', laptop: PROV, pick: 0, field: 'notes', value: 1 },
      sync(PROV),
      sync(SMD),
      { kind: 'peerBundle', from: BPN, to: SMD },
      { kind: 'editSite', laptop: SMD, pick: 0, field: 'phone', value: 2 },
      sync(SMD),
    ]);
  });

  test('6. an old hub bundle loaded again releases nothing', async () => {
    await holds([
      { kind: 'register', laptop: PROV, regency: 2, village: 0 },
      sync(PROV),
      sync(KKR),
      { kind: 'scope', laptop: KKR, scope: 1 },
      { kind: 'hubBundle', laptop: KKR }, // bundle 0: asks KKR to release the site (it does)
      sync(KKR),
      { kind: 'scope', laptop: KKR, scope: 2 },
      sync(KKR), // the site comes back
      { kind: 'replay', pick: 0 },
      { kind: 'editSite', laptop: PROV, pick: 0, field: 'notes', value: 3 },
      sync(PROV),
      sync(KKR),
    ]);
  });

  test('6b. an old hub bundle loaded again on the USB laptop releases nothing', async () => {
    await holds([
      { kind: 'register', laptop: PROV, regency: 2, village: 0 },
      sync(PROV),
      { kind: 'usbIn' }, // bundle 0
      { kind: 'usbOut' }, // bundle 1
      { kind: 'scope', laptop: USB, scope: 1 },
      { kind: 'usbIn' }, // bundle 2: asks USB to release the site
      { kind: 'usbOut' }, // bundle 3
      { kind: 'scope', laptop: USB, scope: 2 },
      { kind: 'usbIn' }, // bundle 4: the site comes back
      { kind: 'replay', pick: 2 },
      { kind: 'editSite', laptop: PROV, pick: 0, field: 'notes', value: 3 },
      sync(PROV),
      { kind: 'usbIn' },
    ]);
  });

  test('smaller: a scope narrowed before the laptop first synced releases the old scope', async () => {
    await holds([
      { kind: 'register', laptop: PROV, regency: 0, village: 0 },
      sync(PROV),
      { kind: 'scope', laptop: BPN, scope: 1 },
      sync(BPN),
    ]);
  });

  test('smaller: a laptop enrolled again with fewer regencies releases the old scope', async () => {
    await holds([
      { kind: 'register', laptop: PROV, regency: 2, village: 0 },
      sync(PROV),
      sync(KKR),
      { kind: 'reenroll', laptop: KKR, scope: 1 },
      sync(KKR),
    ]);
  });

  // Found by the random test (seeds 707 and 808), the smaller item above in general: until a
  // device's first sync or bundle the hub takes it for an older app that never releases
  // (device.releases), and it learns otherwise only after storing that request's messages. So a
  // site that leaves the device's scope before then, or that the device passes on from a
  // colleague's bundle in that first request, is held for it for good instead of asked back.
  test("smaller (general): a site moved out of a laptop's scope before the laptop first synced is not its", async () => {
    await holds([{ kind: 'register', laptop: PROV, regency: 0, village: 0 }, { kind: 'moveSite', laptop: PROV, pick: 0, regency: 1 }]);
  });

  test("smaller (general): a site passed on in a laptop's first sync is released like in any later one", async () => {
    await holds([{ kind: 'register', laptop: PROV, regency: 0, village: 0 }, { kind: 'peerBundle', from: PROV, to: SMD }, sync(SMD)]);
  });

  test("smaller (general): a site passed on in the USB laptop's first bundle is released like in any later one", async () => {
    await holds([{ kind: 'register', laptop: KKR, regency: 0, village: 0 }, { kind: 'peerBundle', from: KKR, to: USB }]);
  });

  test('smaller: a colleague bundle written while its laptop ran a day ahead does not cut the laptop that loads it off', async () => {
    await holds([
      { kind: 'register', laptop: BPN, regency: 1, village: 0 },
      { kind: 'clock', laptop: BPN, jump: '+30h' },
      { kind: 'editSite', laptop: BPN, pick: 0, field: 'ownerName', value: 0 },
      { kind: 'register', laptop: BPN, regency: 1, village: 1 },
      { kind: 'peerBundle', from: BPN, to: KKR },
      { kind: 'register', laptop: KKR, regency: 2, village: 0 },
      sync(KKR),
      { kind: 'clock', laptop: BPN, jump: 'back' },
      sync(BPN),
      sync(KKR),
    ]);
  });

  test('smaller: a change stamped while the clock ran a day ahead does not cut the laptop off', async () => {
    await holds([
      { kind: 'register', laptop: PROV, regency: 1, village: 0 },
      sync(PROV),
      sync(SMD),
      { kind: 'clock', laptop: SMD, jump: '+30h' },
      { kind: 'editSite', laptop: SMD, pick: 0, field: 'notes', value: 1 },
      { kind: 'clock', laptop: SMD, jump: 'back' },
      { kind: 'editSite', laptop: SMD, pick: 0, field: 'phone', value: 2 },
      sync(SMD),
    ]);
  });

  test('smaller: a draft edited and then finalized while the clock ran a day ahead stays final with its fields', async () => {
    // The re-stamped copies must keep the order of the originals: the finalize's restated fields
    // after its status=final, or the lifecycle reads them as a draft edit the finalizer had not seen.
    await holds([
      { kind: 'register', laptop: SMD, regency: 1, village: 0 },
      { kind: 'draft', laptop: SMD, pick: 0 },
      sync(SMD),
      { kind: 'clock', laptop: SMD, jump: '+30h' },
      { kind: 'editDraft', laptop: SMD, pick: 0, value: 3 },
      { kind: 'finalize', laptop: SMD, pick: 0 },
      { kind: 'clock', laptop: SMD, jump: 'back' },
      sync(SMD),
      sync(PROV),
    ]);
  });

  test("smaller: a hub bundle written for the laptop's earlier enrolment, loaded again, does not stop the new enrolment's releases", async () => {
    await holds([
      { kind: 'register', laptop: PROV, regency: 0, village: 0 },
      sync(PROV),
      { kind: 'hubBundle', laptop: BPN },
      { kind: 'reenroll', laptop: BPN, scope: 0 },
      { kind: 'replay', pick: 0 },
      { kind: 'scope', laptop: BPN, scope: 1 },
    ]);
  });

  test("smaller: a colleague bundle loaded while both laptops' clocks ran a day ahead does not cut the loading laptop off", async () => {
    await holds([
      { kind: 'clock', laptop: KKR, jump: '+30h' },
      { kind: 'clock', laptop: SMD, jump: '+30h' },
      { kind: 'register', laptop: SMD, regency: 0, village: 0 },
      { kind: 'peerBundle', from: SMD, to: KKR },
    ]);
  });

  test("smaller: a colleague's site edited while both laptops' clocks ran a day ahead reaches the office with the edit", async () => {
    await holds([
      { kind: 'clock', laptop: PROV, jump: '+30h' },
      { kind: 'register', laptop: PROV, regency: 0, village: 0 },
      { kind: 'clock', laptop: BPN, jump: '+30h' },
      { kind: 'peerBundle', from: PROV, to: BPN },
      { kind: 'editSite', laptop: BPN, pick: 0, field: 'ownerName', value: 0 },
    ]);
  });

  test("smaller: a site the laptop was told to release before it held it, then took from a colleague's bundle, is released", async () => {
    await holds([
      { kind: 'register', laptop: SMD, regency: 0, village: 0 },
      sync(SMD),
      { kind: 'scope', laptop: BPN, scope: 1 },
      { kind: 'hubBundle', laptop: BPN },
      { kind: 'peerBundle', from: SMD, to: BPN },
    ]);
  });

  test("smaller: a visit drafted on a colleague's site while both laptops' clocks ran a day ahead waits for the site once the clock is right", async () => {
    await holds([
      { kind: 'clock', laptop: KKR, jump: '+30h' },
      { kind: 'clock', laptop: USB, jump: '+30h' },
      { kind: 'register', laptop: KKR, regency: 2, village: 0 },
      { kind: 'peerBundle', from: KKR, to: USB },
      { kind: 'draft', laptop: USB, pick: 0 },
    ]);
  });
  test('smaller: a merge that reached the hub before the site it names is released by the laptops outside that site\'s scope', async () => {
    // The refused bundle moved the USB laptop's bundle cursor past its first site, so the next
    // bundle brought the re-stamped merge without the site: the hub sent the merge to every laptop
    // (it did not know where the site was). Once it learns, the laptops outside are told to release it.
    await holds([
      { kind: 'register', laptop: USB, regency: 0, village: 0 },
      { kind: 'clock', laptop: USB, jump: '+30h' },
      { kind: 'register', laptop: USB, regency: 0, village: 0 },
      { kind: 'usbOut' },
      { kind: 'merge', laptop: USB, survivor: 0, loser: 1 },
      { kind: 'clock', laptop: USB, jump: '+10m' },
      { kind: 'usbOut' },
    ]);
  });

  // Found by the soak of 7 Dec (seed 1382645797): a laptop whose clock runs a few minutes ahead
  // stamps ahead of the hub; a colleague passing its new site on is refused for those stamps (the
  // author sends them itself), so the hub never learned the colleague had the site to release.
  test("smaller: a colleague's site stamped minutes ahead, passed on before its author synced, is released by a laptop outside its scope", async () => {
    await holds([
      { kind: 'clock', laptop: SMD, jump: '+10m' },
      { kind: 'register', laptop: SMD, regency: 3, village: 0 },
      { kind: 'peerBundle', from: SMD, to: BPN },
      sync(BPN),
      sync(SMD),
      sync(BPN),
    ]);
  });

  // Found by the soak of 7 Dec (seed 1382653716): the USB laptop's enrolment was still being
  // re-sent its own site when the office enrolled it again for another regency; the new enrolment
  // neither held nor released the site, so the laptop's merge of it was refused and half a merge
  // row waited on the other laptops for good.
  test('smaller: a laptop enrolled again while a site of its old scope was still being re-sent releases it, and may write it until then', async () => {
    await holds([
      { kind: 'register', laptop: USB, regency: 0, village: 0 },
      { kind: 'register', laptop: USB, regency: 2, village: 1 },
      { kind: 'usbOut' },
      { kind: 'hubBundle', laptop: USB },
      { kind: 'scope', laptop: USB, scope: 0 },
      { kind: 'merge', laptop: USB, survivor: 0, loser: 1 },
      { kind: 'reenroll', laptop: USB, scope: 2 },
      { kind: 'usbOut' },
    ]);
  });
});

describe('issue 18: sentra as fixed histories', () => {
  test('two laptops assign the same site to two sentra: one value everywhere; a sentra moved into a scope reaches that laptop whole', async () => {
    await holds([
      { kind: 'register', laptop: PROV, regency: 1, village: 0 },
      { kind: 'createSentra', laptop: PROV, regency: 1 },
      { kind: 'createSentra', laptop: PROV, regency: 2 },
      sync(PROV),
      sync(SMD),
      { kind: 'createSentra', laptop: SMD, regency: 1 },
      // PROV and SMD each assign the Samarinda site to a sentra of theirs before they meet.
      { kind: 'assignSentra', laptop: PROV, pick: 0, sentra: 0 },
      { kind: 'assignSentra', laptop: SMD, pick: 0, sentra: 1 },
      sync(SMD),
      sync(PROV),
      // The Kutai Kartanegara sentra moves to Balikpapan, then back: BPN and KKR (and USB by bundle) follow.
      { kind: 'moveSentra', laptop: PROV, sentra: 1, regency: 0 },
      sync(PROV),
      sync(BPN),
      { kind: 'scope', laptop: KKR, scope: 4 },
      { kind: 'usbIn' },
    ]);
  });
});
