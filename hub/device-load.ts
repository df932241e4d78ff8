// Many laptops syncing with one hub at once (issue 21, item 8), simulated over HTTP so the hub is
// what is measured: each device enrolls, pushes its own messages in batches while pulling what the
// others sent (one /v1/sync request does both, as the app's client does), then pulls until it has
// everything. Used by hub/device-load.test.ts (10 devices) and the bench (50 devices).
import { randomBytes } from 'node:crypto';
import type { ChangeMessage } from '../db/model/sync';
import type { EnrollResponse, SyncResponse } from '../db/model/hub';
import { generateDeviceKey } from '../db/sync/device-key';

export interface DeviceLoadResult {
  devices: number;
  /** Messages the devices pushed, and those the hub stored (they must match). */
  pushed: number;
  stored: number;
  /** Messages handed to devices, all pulls together (each device gets every other device's). */
  delivered: number;
  /** Messages a device should have received and did not, over all devices. */
  lost: number;
  /** Answers that were not 200, as "status code" (none expected). */
  errors: string[];
  /** Every /v1/sync request's time from send to parsed answer, in ms. */
  latencies: number[];
  seconds: number;
}

/** A site-name change a device makes on its own new site (rows named by the device: no one else's). */
function ownMessage(replicaId: string, n: number, time: Date): ChangeMessage {
  return {
    hlc: `${time.toISOString()}-${(n % 0x10000).toString(16).padStart(4, '0')}-${replicaId}`,
    table: 'site',
    row: `load-${replicaId}-${Math.floor(n / 10)}`,
    column: 'name',
    value: JSON.stringify(`Usaha ${replicaId} ${n}`),
    prevHlc: null,
    schema: 5,
  };
}

/**
 * `codes.length` devices enroll with those codes, then all at once push `messagesPerDevice`
 * messages each in batches of `batch`, pulling as they go, and pull until nothing is left.
 */
export async function runDeviceLoad(url: string, codes: string[], { messagesPerDevice, batch = 100 }: { messagesPerDevice: number; batch?: number }): Promise<DeviceLoadResult> {
  const errors: string[] = [];
  const latencies: number[] = [];
  async function post<T>(path: string, body: unknown, token?: string): Promise<T | null> {
    const start = performance.now();
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as T & { code?: string };
    if (path === '/v1/sync') latencies.push(performance.now() - start);
    if (response.status !== 200) {
      errors.push(`${response.status} ${answer.code ?? ''}`);
      return null;
    }
    return answer;
  }

  const devices = await Promise.all(
    codes.map(async (code, i) => {
      const replicaId = `${i.toString(16).padStart(4, '0')}${randomBytes(6).toString('hex')}`;
      const enrolled = await post<EnrollResponse>('/v1/enroll', { code, replicaId, deviceName: `Laptop uji ${i + 1}`, publicKey: generateDeviceKey().publicKey });
      if (!enrolled) throw new Error(`device ${i + 1} not enrolled: ${errors.at(-1)}`);
      const now = new Date();
      const own = Array.from({ length: messagesPerDevice }, (_, n) => ownMessage(replicaId, n, now));
      return { replicaId, token: enrolled.token, own, received: new Set<string>(), cursor: 0 };
    }),
  );

  const started = performance.now();
  let stored = 0;
  /** One sync request: pushes `messages`, takes the page of others' messages it answers with. */
  async function sync(device: (typeof devices)[number], messages: ChangeMessage[]): Promise<boolean> {
    const answer = await post<SyncResponse>('/v1/sync', { replicaId: device.replicaId, messages, cursor: device.cursor, released: [] }, device.token);
    if (!answer) return false;
    stored += answer.stored;
    for (const m of answer.messages) device.received.add(m.hlc);
    device.cursor = answer.cursor;
    return answer.more;
  }
  // All at once: every device pushes its batches, then pulls until the hub has no more for it.
  await Promise.all(
    devices.map(async (device) => {
      for (let i = 0; i < device.own.length; i += batch) await sync(device, device.own.slice(i, i + batch));
    }),
  );
  await Promise.all(
    devices.map(async (device) => {
      while (await sync(device, []));
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  let lost = 0;
  let delivered = 0;
  for (const device of devices) {
    delivered += device.received.size;
    for (const other of devices) {
      if (other !== device) for (const m of other.own) if (!device.received.has(m.hlc)) lost++;
    }
  }
  return { devices: devices.length, pushed: devices.length * messagesPerDevice, stored, delivered, lost, errors, latencies, seconds };
}

/** The p-th percentile of `values` (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
