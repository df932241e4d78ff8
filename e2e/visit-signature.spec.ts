import { expect, test } from './fixtures';
import type { Locator, Page } from '@playwright/test';
import { call } from './support/api';
import { field } from './support/ui';
import { dateField, finalizeVisit, officeWithSite, startVisit, visitFromUrl, waitSaved } from './support/visit-ui';

test.describe.configure({ timeout: 150_000 });

/** Presses Tab until `target` has the focus: proves it is in the Tab order. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reached with Tab in ${max} presses`);
}

/** How many pixels of a stored PNG carry ink, and its size (decoded by the browser). */
async function inkOf(page: Page, bytes: Uint8Array) {
  return page.evaluate(async (data) => {
    const bitmap = await createImageBitmap(new Blob([new Uint8Array(data)], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const pixels = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let ink = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 64) ink++;
    return { width: bitmap.width, height: bitmap.height, ink };
  }, Array.from(bytes));
}

test('both signatures typed with the keyboard only, saved as PNG signatures, then finalized', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api));
  const page = await ikm.page();
  await startVisit(page, siteId, 'Pembinaan');
  await dateField(page, 'Tanggal kunjungan').fill('2026-11-21');
  await field(page, 'Nama responden').fill('Sari Handayani');
  await field(page, 'Temuan').fill('Produksi stabil');
  await waitSaved(page);

  const respondent = page.getByRole('group', { name: 'Tanda tangan responden', exact: true });
  const officer = page.getByRole('group', { name: 'Tanda tangan petugas', exact: true });
  // The pad says what it is and how to use it without a mouse.
  const pad = respondent.getByRole('img', { name: 'Bidang Tanda tangan responden' });
  await expect(pad).toHaveAccessibleDescription(/Tanpa mouse, pilih “Ketik nama”/);

  // Respondent: Tab to "Ketik nama", Enter; the name from the form is there, edited, Enter saves.
  await field(page, 'Temuan').focus();
  const typeRespondent = respondent.getByRole('button', { name: 'Ketik nama' });
  await tabTo(page, typeRespondent);
  await page.keyboard.press('Enter');
  await expect(typeRespondent).toHaveAttribute('aria-pressed', 'true');
  const respondentName = field(page, 'Nama penanda tangan (responden)');
  await expect(respondentName).toBeFocused();
  await expect(respondentName).toHaveValue('Sari Handayani');
  await expect(pad).toHaveAccessibleDescription(/Tekan Enter untuk menyimpan/);
  await page.keyboard.press('End');
  await page.keyboard.type(', S.Pd.');
  await expect(respondentName).toHaveValue('Sari Handayani, S.Pd.');
  await page.screenshot({ path: 'test-results/signature-typing.png' });
  await page.keyboard.press('Enter');
  await expect(respondent.getByRole('img', { name: 'tanda-tangan-respondent.png' })).toBeVisible();
  await expect(respondentName).toBeHidden();

  // Officer: Space on "Ketik nama", the session's officer name, Tab to the save button, Enter.
  const typeOfficer = officer.getByRole('button', { name: 'Ketik nama' });
  await tabTo(page, typeOfficer);
  await page.keyboard.press('Space');
  const officerName = field(page, 'Nama penanda tangan (petugas)');
  await expect(officerName).toBeFocused();
  await expect(officerName).toHaveValue('Ani Suryani');
  await tabTo(page, officer.getByRole('button', { name: 'Simpan tanda tangan' }));
  await page.keyboard.press('Enter');
  await expect(officer.getByRole('img', { name: 'tanda-tangan-officer.png' })).toBeVisible();
  await page.getByTestId('section-link-tanda-tangan').click();
  await page.screenshot({ path: 'test-results/signature-saved.png' });

  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  const attachments = await ikm.withDb((api) => call(api, 'attachment.list', { visitId: visit.id }));
  const signatures = attachments.filter((a) => a.kind === 'signature');
  expect(signatures.map((a) => [a.role, a.mime, a.fileName]).sort()).toEqual([
    ['officer', 'image/png', 'tanda-tangan-officer.png'],
    ['respondent', 'image/png', 'tanda-tangan-respondent.png'],
  ]);
  for (const signature of signatures) {
    const bytes = await ikm.withDb((api) => call(api, 'attachment.read', { id: signature.id }));
    expect(Buffer.from(bytes).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // A name written in ink, not an empty pad (the line and the date alone are far fewer pixels).
    const image = await inkOf(page, bytes);
    expect(image).toMatchObject({ width: 440, height: 160 });
    expect(image.ink).toBeGreaterThan(1500);
  }

  await finalizeVisit(page);
  await expect(page.getByTestId('visit-status')).toHaveText('Final');
});

test('a drawing survives a look at "Ketik nama", and an emptied name cannot be saved', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api));
  const page = await ikm.page();
  await startVisit(page, siteId, 'Pembinaan');
  const respondent = page.getByRole('group', { name: 'Tanda tangan responden', exact: true });
  const pad = page.getByTestId('signature-respondent');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 60);
  await page.mouse.down();
  for (const [dx, dy] of [[80, 20], [140, 90], [200, 40]]) await page.mouse.move(box.x + dx, box.y + dy, { steps: 4 });
  await page.mouse.up();
  const inked = () => pad.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0));
  expect(await inked()).toBe(true);

  await respondent.getByRole('button', { name: 'Ketik nama' }).press('Enter');
  // No respondent name in the form yet: nothing typed, nothing to save.
  const name = field(page, 'Nama penanda tangan (responden)');
  await expect(name).toHaveValue('');
  await expect(respondent.getByRole('button', { name: 'Simpan tanda tangan' })).toBeDisabled();
  expect(await inked()).toBe(false);
  await name.press('Enter');
  await name.pressSequentially('Rahmat');
  await expect(respondent.getByRole('button', { name: 'Simpan tanda tangan' })).toBeEnabled();
  await respondent.getByRole('button', { name: 'Hapus' }).press('Enter');
  await expect(name).toHaveValue('');
  await expect(respondent.getByRole('button', { name: 'Simpan tanda tangan' })).toBeDisabled();

  await respondent.getByRole('button', { name: 'Gambar' }).press('Space');
  await expect(name).toBeHidden();
  expect(await inked()).toBe(true);
  await expect(respondent.getByRole('button', { name: 'Simpan tanda tangan' })).toBeEnabled();

  const visit = await ikm.withDb((api) => visitFromUrl(page, api));
  const attachments = await ikm.withDb((api) => call(api, 'attachment.list', { visitId: visit.id }));
  expect(attachments).toEqual([]);
});
