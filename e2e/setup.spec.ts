import { expect, test } from './fixtures';
import { call } from './support/api';
import { combo, field } from './support/ui';

test('first-run setup: the officer and office are stored and survive a restart', async ({ ikm }) => {
  const page = await ikm.page();
  await expect(page.getByRole('heading', { name: 'Selamat datang di IKM Lapangan' })).toBeVisible();
  // Kalimantan Timur is the default office, but nothing assumes it is the only one.
  await expect(combo(page, 'Provinsi kantor')).toHaveValue('Kalimantan Timur');

  await field(page, 'Nama petugas').fill('Ani Suryani');
  await field(page, 'NIP').fill('1987');
  await field(page, 'Kode petugas').fill('ans');
  await page.getByRole('button', { name: 'Mulai' }).click();
  await expect(page.getByText('NIP terdiri dari 18 digit angka (kosongkan bila bukan PNS)')).toBeVisible();
  expect(await ikm.withDb((api) => call(api, 'setup.get'))).toBeNull();

  await field(page, 'NIP').fill('198703122010012003');
  await field(page, 'NIP').press('Enter');
  await expect(page.getByTestId('officer-name')).toHaveText('Ani Suryani');
  await expect(page.getByTestId('officer-code')).toHaveText('ANS');
  await expect(page.getByRole('heading', { name: 'Selamat bekerja, Ani Suryani' })).toBeVisible();

  const setup = await ikm.withDb((api) => call(api, 'setup.get'));
  expect(setup).toMatchObject({
    provinceCode: '64',
    provinceName: 'Kalimantan Timur',
    language: 'id',
    officer: { name: 'Ani Suryani', code: 'ANS', nip: '198703122010012003' },
  });

  const again = await ikm.restart();
  await expect(again.getByTestId('officer-name')).toHaveText('Ani Suryani');
});
