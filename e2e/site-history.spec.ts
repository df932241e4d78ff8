import { mkdir } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { aSite, call } from './support/api';
import { waitForFrame } from './support/ui';
import { officeWithSite } from './support/visit-ui';

test('an edit of the site form shows on the timeline with who, when and old → new', async ({ ikm }) => {
  const siteId = await ikm.withDb(async (api) => {
    const id = await officeWithSite(api);
    const saved = await call(api, 'site.update', { id, site: aSite({ operatingStatus: 'berhenti_sementara' }), confirm: { duplicate: true, outsideProvince: false } });
    if (!saved.saved) throw new Error('not saved');
    return id;
  });
  const page = await ikm.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForFrame(page);
  await page.evaluate((id) => (window.location.hash = `#/usaha/${id}`), siteId);
  const history = page.getByTestId('fact-timeline');
  const edit = history.getByTestId('history-form');
  await expect(edit.getByTestId('history-source')).toHaveText('Diubah di formulir usaha oleh Ani Suryani');
  await expect(edit.getByTestId('fact-operatingStatus')).toHaveText(/Status operasi\s*Aktif\s*Berhenti sementara/);
  await expect(history.getByTestId('history-registered').getByTestId('history-source')).toHaveText('Didaftarkan oleh Ani Suryani');
  await mkdir('test-results/screens', { recursive: true });
  await history.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/111-site-history-1366.png' });

  await ikm.withDb((api) => call(api, 'settings.setLanguage', { language: 'en' }));
  await page.reload();
  await expect(page.getByTestId('history-form').getByTestId('history-source')).toHaveText('Changed in the business form by Ani Suryani');
  await page.getByTestId('fact-timeline').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/112-site-history-english-1366.png' });
});
