import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { openApi, type Api } from '../db/api';
import { call, KALTIM_SETUP, siteInput, tempDir } from '../db/test-support';
import { exportHubBundle, importHubBundle } from './bundle-command';
import { createHub } from './server';
import { formatEnrollmentCode } from './store';

/**
 * The replication property through the real transports: three laptops (the last one only ever
 * uses a USB stick) register and edit sites in random order, exchanging through the hub on
 * loopback and through bundle files in random pairs. After a final full exchange every replica,
 * the hub's copy included, holds the same sites with the same values.
 */

type Step =
  | { kind: 'create'; laptop: number; name: string }
  | { kind: 'edit'; laptop: number; pick: number; owner: string }
  | { kind: 'sync'; laptop: number }
  | { kind: 'bundle'; from: number; to: number | 'hub' }
  | { kind: 'hubBundle'; to: number };

const LAPTOPS = 3;
const USB_ONLY = 2;
const word = fc.constantFrom('Amplang', 'Kerupuk', 'Tenun', 'Rotan', 'Madu', 'Kopi', 'Ulap Doyo', 'Sarung');
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), laptop: fc.integer({ min: 0, max: LAPTOPS - 1 }), name: fc.tuple(word, word).map(([a, b]) => `${a} ${b}`) }),
  fc.record({ kind: fc.constant('edit' as const), laptop: fc.integer({ min: 0, max: LAPTOPS - 1 }), pick: fc.nat(), owner: fc.constantFrom('Ani', 'Budi', 'Citra', 'Dewi', 'Eko') }),
  fc.record({ kind: fc.constant('sync' as const), laptop: fc.integer({ min: 0, max: USB_ONLY - 1 }) }),
  fc.record({ kind: fc.constant('bundle' as const), from: fc.integer({ min: 0, max: LAPTOPS - 1 }), to: fc.oneof(fc.integer({ min: 0, max: LAPTOPS - 1 }), fc.constant('hub' as const)) }),
  fc.record({ kind: fc.constant('hubBundle' as const), to: fc.integer({ min: 0, max: LAPTOPS - 1 }) }),
);

async function snapshot(api: Api): Promise<string[]> {
  const list = await call(api, 'site.list', { limit: 500 });
  const rows: string[] = [];
  for (const s of list.items) {
    const site = await call(api, 'site.get', { id: s.id });
    rows.push(`${site.id}|${site.name}|${site.ownerName}`);
  }
  return rows.sort();
}

test('laptops, the hub and USB bundles converge in random topologies', { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 14 }), async (steps) => {
      const tmp = tempDir('ikm-converge-');
      const hub = createHub({ dataDir: join(tmp.dir, 'hub') });
      await hub.app.listen({ port: 0, host: '127.0.0.1' });
      const url = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
      const laptops: Api[] = [];
      try {
        for (let i = 0; i < LAPTOPS; i++) {
          const api = openApi({ dbFile: join(tmp.dir, `laptop-${i}.sqlite`), hubClient: { autoTimers: false } });
          await call(api, 'setup.save', { ...KALTIM_SETUP, officerCode: ['ANS', 'BDI', 'CDE'][i], officerName: `Petugas ${i}` });
          if (i !== USB_ONLY) {
            const code = formatEnrollmentCode(hub.store.createEnrollment({ officerCode: ['ANS', 'BDI', 'CDE'][i], regencies: [] }, new Date()));
            await call(api, 'hubSync.enroll', { url, code });
          }
          laptops.push(api);
        }
        const known: string[][] = laptops.map(() => []);
        const bundleTo = async (from: number, to: number | 'hub') => {
          const bundle = await call(laptops[from], 'hubSync.exportBundle', { all: true });
          if (to === 'hub') importHubBundle(hub, bundle.bytes, { acceptNewDevice: true });
          else if (to !== from) await call(laptops[to], 'hubSync.importBundle', { bytes: bundle.bytes, acceptNewDevice: true });
        };
        const hubTo = async (to: number) => {
          await call(laptops[to], 'hubSync.importBundle', { bytes: exportHubBundle(hub), acceptNewDevice: true });
        };

        for (const s of steps) {
          if (s.kind === 'create') {
            // Two registrations of one name in one desa are allowed once confirmed (names repeat here).
            const created = await call(laptops[s.laptop], 'site.create', { site: siteInput({ name: s.name, ownerName: 'Pemilik' }), confirm: { duplicate: true } });
            if (!created.saved) throw new Error(`site not saved: ${created.warnings.map((w) => w.code).join(', ')}`);
            known[s.laptop].push(created.site.id);
          } else if (s.kind === 'edit') {
            const ids = (await call(laptops[s.laptop], 'site.list', { limit: 500 })).items.map((x) => x.id);
            if (!ids.length) continue;
            const id = ids[s.pick % ids.length];
            const site = await call(laptops[s.laptop], 'site.get', { id });
            await call(laptops[s.laptop], 'site.update', { id, site: siteInput({ name: site.name, ownerName: s.owner }), confirm: { duplicate: true } });
          } else if (s.kind === 'sync') {
            await call(laptops[s.laptop], 'hubSync.now');
          } else if (s.kind === 'bundle') {
            await bundleTo(s.from, s.to);
          } else {
            await hubTo(s.to);
          }
        }

        // Final full exchange: the hub laptops sync, the USB laptop's bundle goes to the hub and comes back.
        for (let i = 0; i < USB_ONLY; i++) await call(laptops[i], 'hubSync.now');
        await bundleTo(USB_ONLY, 'hub');
        for (let i = 0; i < USB_ONLY; i++) await call(laptops[i], 'hubSync.now');
        await hubTo(USB_ONLY);
        hub.settle();

        const expected = await snapshot(laptops[0]);
        const created = known.flat();
        assert.equal(expected.length, new Set(created).size, 'every registered site reached laptop 0');
        for (let i = 1; i < LAPTOPS; i++) assert.deepEqual(await snapshot(laptops[i]), expected, `laptop ${i} differs`);
        const onHub = created.map((id) => hub.core.sites.get(id)).map((s) => `${s.id}|${s.name}|${s.ownerName}`);
        assert.deepEqual(onHub.sort(), expected);
      } finally {
        for (const api of laptops) api.close();
        await hub.close();
        tmp.dispose();
      }
    }),
    { numRuns: Number(process.env.SYNC_PROPERTY_RUNS ?? 4), seed: process.env.IKM_SOAK_SEED ? Number(process.env.IKM_SOAK_SEED) : undefined, verbose: 1 },
  );
});
