import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anInventarisasi, call, createSite, setUpApi } from '../test-support';
import type { CertificateKind } from '../model';

// The Beranda's certificate numbers open the register filtered by that certificate: the filter
// must find a certificate a visit gave (stored as {kind, status, date}) as well as one typed on the form.
test('the register filter by certificate finds held certificates of either entry form', async () => {
  const { api, dispose } = await setUpApi();
  try {
    await createSite(api, { name: 'Amplang Mama Ani', certificates: ['PIRT'] });
    const fromVisit = await createSite(api, { name: 'Kerupuk Bu Sri', certificates: [] });
    const draft = await call(api, 'visit.saveDraft', { siteId: fromVisit.id, data: anInventarisasi({ visitDate: '2026-11-20', certificatesHeld: ['PIRT', 'SNI'] }) });
    await call(api, 'visit.finalize', { id: draft.id });
    const names = async (certificate: CertificateKind) => (await call(api, 'site.list', { certificate })).items.map((s) => s.name).sort();
    assert.deepEqual(await names('PIRT'), ['Amplang Mama Ani', 'Kerupuk Bu Sri']);
    assert.deepEqual(await names('SNI'), ['Kerupuk Bu Sri']);
  } finally {
    dispose();
  }
});
