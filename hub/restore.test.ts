import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, siteInput } from '../db/test-support';
import type { Api } from '../db/api';
import type { JobProgress } from '../db/model/job';
import { enrollDevice, openLaptop, postJson, startHub } from './test-support';

async function runJob(api: Api, started: Promise<JobProgress>): Promise<JobProgress> {
  let progress = await started;
  while (progress.state === 'running') progress = await call(api, 'job.watch', { id: progress.id, after: progress.seq });
  assert.equal(progress.state, 'done', JSON.stringify(progress.error));
  return progress;
}

test('a laptop that restored a backup tells the hub once; the hub takes its new replica id as the device\'s, and the work synced after the backup comes back', async () => {
  const hub = await startHub();
  const laptop = await openLaptop('ANS');
  try {
    const { api } = laptop;
    const code = hub.hub.store.createEnrollment({ officerCode: 'ANS', regencies: [] }, new Date());
    await call(api, 'hubSync.enroll', { url: hub.url, code });
    await call(api, 'site.create', { site: siteInput({ name: 'Amplang Mama Ani' }) });
    await call(api, 'hubSync.now');
    const backup = await runJob(api, call(api, 'backup.create'));

    // Work after the backup reaches the hub; then the laptop goes back to the backup.
    await call(api, 'site.create', { site: siteInput({ name: 'Kerupuk Haruan Pak Udin', ownerName: 'Udin' }) });
    await call(api, 'hubSync.now');
    const before = (await call(api, 'sync.info')).replicaId;
    const [device] = hub.hub.store.devices();
    assert.equal(device.replicaId, before);
    await runJob(api, call(api, 'backup.restore', { id: (backup.result as { id: string }).id }));
    const after = (await call(api, 'sync.info')).replicaId;
    assert.notEqual(after, before, 'the restored file stamps as a new replica');
    assert.deepEqual((await call(api, 'site.list', {})).items.map((s) => s.name), ['Amplang Mama Ani']);

    await call(api, 'hubSync.now');
    assert.equal(hub.hub.store.device(device.id)?.replicaId, after, 'the hub knows the device by its new replica id');
    assert.deepEqual(
      (await call(api, 'site.list', {})).items.map((s) => s.name).sort(),
      ['Amplang Mama Ani', 'Kerupuk Haruan Pak Udin'],
      'what was synced after the backup comes back from the hub',
    );
    // A new site made after the restore reaches the hub as the device's own.
    await call(api, 'site.create', { site: siteInput({ name: 'Tenun Ulap Doyo', ownerName: 'Dayang' }) });
    const report = await call(api, 'hubSync.now');
    assert.ok(report.sent > 0);

    // No device takes another's replica id by saying it restored a backup.
    const other = await enrollDevice(hub.url, hub.hub, 'BDI', '00000000000000b2');
    const refused = await postJson(
      `${hub.url}/v1/sync`,
      { replicaId: after, messages: [], cursor: 0, restoredFromBackup: { previousReplicaId: other.replicaId, backupCreatedAt: new Date().toISOString() } },
      other.token,
    );
    assert.equal(refused.status, 409);
    assert.equal(hub.hub.store.device(other.deviceId)?.replicaId, '00000000000000b2');
  } finally {
    laptop.dispose();
    await hub.stop();
  }
});
