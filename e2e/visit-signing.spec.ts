import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { aSite, call, createSites, OFFICER } from './support/api';
import { field, openNav, waitForFrame } from './support/ui';
import { startVisit, waitSaved } from './support/visit-ui';

// Issue 20: majors 3, 4 and 6, and the amendment minor. Whole visits on a busy machine.
test.describe.configure({ timeout: 240_000 });

const png = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'db', 'test-fixtures', 'photo-plain.png')));

/** Draws a stroke on a role's pad, the way a finger or a mouse would. */
async function draw(page: Page, role: 'respondent' | 'officer'): Promise<void> {
  const pad = page.getByTestId(`signature-${role}`);
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 60);
  await page.mouse.down();
  for (const [dx, dy] of [[80, 20], [140, 90], [200, 40]]) await page.mouse.move(box.x + dx, box.y + dy, { steps: 4 });
  await page.mouse.up();
}

test('a signature drawn but not saved is saved by Finalisasi, not reported missing', async ({ ikm }) => {
  // Signatures required (the office's default).
  const siteId = await ikm.withDb(async (api) => {
    await call(api, 'setup.save', OFFICER);
    return (await createSites(api, [aSite()]))[0];
  });
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await startVisit(page, siteId, 'Pembinaan');
  await draw(page, 'respondent');
  await draw(page, 'officer');
  // The pad says it is not saved yet, and what saves it.
  await expect(page.getByTestId('signature-unsaved-respondent')).toContainText('Simpan tanda tangan');
  await page.screenshot({ path: 'test-results/screens/100-signature-unsaved-1366.png' });

  await page.getByRole('button', { name: 'Finalisasi', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Finalisasi kunjungan?' });
  // A field a final visit cannot hold is listed with the missing items (not "ready", then refused).
  await expect(dialog.getByTestId('finalize-invalid')).toContainText('Nama responden');
  await expect(dialog.getByRole('button', { name: 'Finalisasi sekarang' })).toBeDisabled();
  await page.screenshot({ path: 'test-results/screens/106-finalize-invalid-fields-1366.png' });
  await dialog.getByRole('button', { name: 'Kembali ke formulir' }).click();
  await field(page, 'Nama responden').fill('Pak Rahmat');
  await waitSaved(page);
  await page.getByRole('button', { name: 'Finalisasi', exact: true }).click();
  await expect(dialog.getByTestId('finalize-warnings')).toBeVisible();
  await expect(dialog.getByTestId('finalize-invalid')).toHaveCount(0);
  await expect(dialog.getByTestId('finalize-blocking')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Finalisasi sekarang' }).click();
  await expect(page.getByTestId('visit-status')).toHaveText('Final');
  const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
  const signatures = await ikm.withDb(async (api) => (await call(api, 'attachment.list', { visitId: id })).filter((a) => a.kind === 'signature'));
  expect(signatures.map((s) => [s.role, s.signatureMethod]).sort()).toEqual([['officer', 'drawn'], ['respondent', 'drawn']]);
});

test('a refusal prints as a refusal; the respondent signs later by an amendment that Batal undoes and the history names', async ({ ikm }) => {
  const visitId = await ikm.withDb(async (api) => {
    await call(api, 'setup.save', OFFICER);
    const [siteId] = await createSites(api, [aSite()]);
    const draft = await call(api, 'visit.saveDraft', {
      siteId,
      data: { kind: 'pembinaan', visitDate: '2026-11-20', officers: ['Ani Suryani'], respondent: { name: 'Pak Rahmat' }, operatingStatus: 'aktif', signatureRefusal: 'Pemilik sedang sakit' },
    });
    await call(api, 'attachment.add', { visitId: draft.id, kind: 'signature', role: 'officer', fileName: 'ttd.png', bytes: png });
    await call(api, 'visit.finalize', { id: draft.id });
    return draft.id;
  });
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await page.evaluate((id) => (window.location.hash = `#/kunjungan/${id}`), visitId);
  await expect(page.getByTestId('visit-status')).toHaveText('Final');

  // On paper the refusal is said where the signature would be.
  const group = page.getByTestId('visit-print');
  await group.getByRole('button', { name: /PDF/ }).click();
  await expect(group.getByTestId('print-file')).toBeVisible({ timeout: 90_000 });
  const pdf = (await group.getByTestId('print-file').textContent())!;
  expect(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')).toContain('Responden menolak menandatangani Alasan: Pemilik sedang sakit');
  execFileSync('pdftoppm', ['-png', '-r', '80', pdf, 'test-results/screens/103-print-refusal']);

  await page.getByRole('button', { name: 'Ubah (amendemen)' }).click();
  // Adding the respondent's signature is possible here: no "cannot be changed" banner.
  await expect(page.getByTestId('attachments-amend-note')).not.toContainText('tidak dapat diubah');
  // Nothing changed is said at once, without asking for a reason.
  await page.getByRole('button', { name: 'Simpan amendemen' }).click();
  await expect(page.getByText('Tidak ada yang berubah: ubah isian')).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Alasan perubahan' })).toHaveCount(0);

  const respondent = page.getByRole('group', { name: 'Tanda tangan responden', exact: true });
  await draw(page, 'respondent');
  await respondent.getByRole('button', { name: 'Simpan tanda tangan' }).click();
  await expect(page.getByTestId('signature-captured-respondent')).toHaveText('Disimpan bersama amendemen');
  await respondent.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/101-signature-with-amendment-1366.png' });
  // Batal: the signature goes with the amendment; nothing was written.
  // The leave guard asks first: a signature held for the amendment is work too.
  await page.getByRole('button', { name: 'Batal' }).click();
  await page.getByRole('dialog', { name: 'Tinggalkan formulir?' }).getByRole('button', { name: 'Buang perubahan' }).click();
  await expect(page.getByTestId('signature-captured-respondent')).toHaveCount(0);
  expect((await ikm.withDb((api) => call(api, 'attachment.list', { visitId }))).filter((a) => a.role === 'respondent')).toEqual([]);

  await page.getByRole('button', { name: 'Ubah (amendemen)' }).click();
  await draw(page, 'respondent');
  // Not saved on the pad: Simpan amendemen takes it along.
  await page.getByRole('button', { name: 'Simpan amendemen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Alasan perubahan' });
  await dialog.getByRole('textbox', { name: 'Alasan perubahan' }).fill('Pemilik sudah sembuh dan menandatangani');
  await dialog.getByRole('button', { name: 'Simpan amendemen' }).click();
  const history = page.getByRole('region', { name: 'Riwayat perubahan' });
  await expect(history).toContainText('Alasan: Pemilik sudah sembuh dan menandatangani');
  await expect(history).toContainText('Tanda tangan responden');
  await expect(history).not.toContainText('tanda-tangan-respondent.png');
  const visit = await ikm.withDb((api) => call(api, 'visit.get', { id: visitId }));
  expect(visit.revisions.map((r) => r.changes)).toEqual([['signatureRefusal', 'signature.respondent']]);
  await history.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/102-signature-amendment-history-1366.png' });
});

test('Pengaturan shows the office rule, who set it, and that laptops receive it (both languages)', async ({ ikm }) => {
  await ikm.withDb((api) => call(api, 'setup.save', OFFICER));
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await openNav(page, 'Pengaturan');
  const rule = page.getByRole('switch', { name: 'Tanda tangan wajib sebelum finalisasi' });
  await expect(rule).toBeChecked();
  await expect(page.getByTestId('office-rule-source')).toContainText('Kantor belum mengubahnya');
  await rule.click({ force: true });
  await expect(page.getByTestId('office-rule-source')).toContainText('Terakhir diubah oleh Ani Suryani (ANS)');
  await expect.poll(() => ikm.withDb((api) => call(api, 'settings.office'))).toMatchObject({ signaturesRequired: false, changedBy: 'Ani Suryani (ANS)' });
  await page.getByRole('region', { name: 'Aturan kantor untuk kunjungan' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/104-office-rule-1366.png' });
  // The language switch from the keyboard, as language.spec.ts does.
  await page.getByRole('banner').getByRole('radio', { name: 'ID' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('office-rule-source')).toContainText('Last changed by Ani Suryani (ANS)');
  await page.getByRole('region', { name: 'Office rules for visits' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/105-office-rule-english-1366.png' });
});
