import { expect, test } from './fixtures';
import { field } from './support/ui';
import { officeWithSite, startVisit } from './support/visit-ui';

test('list rows carry no stray numbers, and numbers are grouped in the visit form', async ({ ikm }) => {
  const siteId = await ikm.withDb((api) => officeWithSite(api));
  const page = await ikm.page();
  await startVisit(page, siteId, 'Identifikasi');

  await page.getByRole('button', { name: 'Tambah rekomendasi' }).click();
  await page.getByRole('button', { name: 'Tambah rekomendasi' }).click();
  // Each input keeps its own name for screen readers and tests…
  await field(page, 'Rekomendasi 1').fill('Urus sertifikat halal');
  await field(page, 'Rekomendasi 2').fill('Ikut pameran');
  // …but the screen shows the column label once, without "1" and "2".
  const section = page.getByRole('region', { name: 'Temuan & rekomendasi' });
  await expect(section.getByText('Tindak lanjut', { exact: true })).toHaveCount(1);
  await expect(section.getByText(/^(Rekomendasi|Tindak lanjut|Tenggat) \d$/)).toHaveCount(0);

  await field(page, 'Tenaga kerja laki-laki').fill('1200');
  await field(page, 'Tenaga kerja perempuan').fill('34');
  await expect(page.getByTestId('workforce-total')).toHaveText('1.234');
});
