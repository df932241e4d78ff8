import { anInventarisasi } from '../db/test-support';
import { expect, test } from './fixtures';
import { call } from './support/api';
import { field, waitForFrame } from './support/ui';
import { officeWithSite } from './support/visit-ui';

test('a final visit reads as a record: plain values, ticked choices in colour, unticked ones left out', async ({ ikm }) => {
  const visitId = await ikm.withDb(async (api) => {
    const siteId = await officeWithSite(api);
    const saved = await call(api, 'visit.saveDraft', { siteId, data: anInventarisasi() });
    await call(api, 'visit.finalize', { id: saved.id });
    return saved.id;
  });
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await page.evaluate((id) => (window.location.hash = `#/kunjungan/${id}`), visitId);
  await expect(page.getByTestId('visit-status')).toHaveText('Final');

  // Values without input boxes.
  const respondent = field(page, 'Nama responden');
  await expect(respondent).toHaveValue('Pak Rahmat');
  await expect(respondent).toHaveCSS('border-top-color', 'rgba(0, 0, 0, 0)');
  await expect(respondent).toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
  // An empty field says "—".
  await expect(field(page, 'Temuan')).toHaveAttribute('placeholder', '—');

  // Ticked choices are shown enabled (in colour), the others not at all.
  const market = page.getByRole('group', { name: /Jangkauan pemasaran/ });
  await expect(market.getByRole('checkbox')).toHaveCount(2);
  for (const name of ['Lokal', 'Regional']) {
    await expect(market.getByRole('checkbox', { name })).toBeChecked();
    await expect(market.getByRole('checkbox', { name })).toBeEnabled();
  }
  await expect(page.getByRole('checkbox', { name: 'Ekspor' })).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: 'Modal' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Teknologi' })).toHaveCount(0);

  // Read-only all the same: a click changes nothing.
  await page.getByRole('checkbox', { name: 'Lokal' }).click();
  await expect(page.getByRole('checkbox', { name: 'Lokal' })).toBeChecked();
  await page.getByTestId('visit-main').screenshot({ path: test.info().outputPath('visit-record.png') });
  await page.screenshot({ path: test.info().outputPath('visit-record-page.png') });

  // Amending turns it back into a form.
  await page.getByRole('button', { name: 'Ubah (amendemen)' }).click();
  await expect(respondent).not.toHaveCSS('border-top-color', 'rgba(0, 0, 0, 0)');
  await expect(page.getByRole('checkbox', { name: 'Ekspor' })).toBeVisible();
});
