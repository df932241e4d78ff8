import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { logToFolder } from '../db/log';
import { parseArgs } from 'node:util';
import { getRegencies } from 'idn-area-data';
import { EnrollmentRegencies, OfficerCode, type RefusalReason } from '../db/model/hub';
import { createHub, hubPaths } from './server';
import { formatEnrollmentCode, openHubStore } from './store';
import { runBundleCommand } from './bundle-command';
import { Role } from '../db/model/review';
import { keyFromEnvironment } from '../db/passphrase';

const USAGE = `Hub sinkronisasi IKM Lapangan

  npm run hub -- [--port 8787] [--host 127.0.0.1] [--data DIR] [--cert FILE --key FILE]
      menjalankan hub (hanya di 127.0.0.1 kecuali --host diberikan)
  npm run hub -- enroll --officer KODE [--regencies 64.72,64.02] [--role supervisor] [--data DIR]
      mencetak kode pendaftaran sekali pakai untuk satu laptop (--role supervisor: laptop penyelia, yang meninjau kunjungan)
  npm run hub -- role ID_PERANGKAT officer|supervisor [--data DIR]
      mengubah peran satu laptop (petugas atau penyelia)
  npm run hub -- devices [--data DIR]        daftar laptop, wilayah kerja, sinkronisasi terakhir, perubahan yang ditolak
  npm run hub -- scope ID_PERANGKAT --regencies 64.72,64.02 [--data DIR]
  npm run hub -- scope ID_PERANGKAT --all-regencies [--data DIR]
      mengubah kabupaten/kota yang diterima satu laptop (bawaan: seluruh provinsi)
  npm run hub -- revoke ID_PERANGKAT [--data DIR]
  npm run hub -- bundle export --out FILE [--device ID_PERANGKAT] [--data DIR]
      paket untuk flashdisk; dengan --device hanya wilayah kerja laptop itu (dan usaha yang harus dilepasnya)
  npm run hub -- bundle import FILE [--accept-new-device] [--data DIR]
`;

/**
 * A stored instant as the office reads it on this computer: "7 Des 2026 14.05 WITA" in the
 * computer's own zone (the hub runs at the office), never the UTC ISO text it is stored as.
 */
export function officeDateTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('id-ID', {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')} ${part('hour')}.${part('minute')} ${part('timeZoneName')}`.trim();
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** `--regencies 64.72,64.02`: well-formed (zod) and known Kemendagri regency codes; fails the command otherwise. */
async function parseRegencies(text: string | undefined): Promise<string[]> {
  const parsed = EnrollmentRegencies.safeParse(text ? text.split(',').map((s) => s.trim()).filter(Boolean) : []);
  if (!parsed.success) fail(`--regencies: ${parsed.error.issues[0].message}`);
  const known = new Set((await getRegencies()).map((r) => r.code));
  const unknown = parsed.data.filter((code) => !known.has(code));
  if (unknown.length) fail(`--regencies: kode kabupaten/kota tidak dikenal: ${unknown.join(', ')}`);
  return [...new Set(parsed.data)];
}

/** What the hub refused from a device, by reason, for the devices list (issue 21, item 7). */
const REFUSAL_TEXT: Record<RefusalReason, string> = {
  scope: 'usaha di luar haknya',
  replica: 'atas nama perangkat lain',
  too_large: 'nilai terlalu besar',
  role: 'tinjauan dari laptop bukan penyelia',
};

/** `--role`: officer (petugas, the default) or supervisor (penyelia). */
function parseRole(text: string | undefined): Role {
  const parsed = Role.safeParse(text ?? 'officer');
  if (!parsed.success) fail('--role: officer (petugas) atau supervisor (penyelia)');
  return parsed.data;
}
function refusalText(refusals: { reason: RefusalReason; count: number; last_at: string }[]): string {
  if (!refusals.length) return '-';
  const total = refusals.reduce((sum, r) => sum + r.count, 0);
  const last = refusals.map((r) => r.last_at).sort().at(-1)!;
  return `${total} (${refusals.map((r) => `${REFUSAL_TEXT[r.reason]} ${r.count}`).join(', ')}; terakhir ${last})`;
}

/** Parses argv and runs one hub command. Exported for tests of the CLI. */
export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: 'hub-data' },
      cert: { type: 'string' },
      key: { type: 'string' },
      officer: { type: 'string' },
      regencies: { type: 'string' },
      role: { type: 'string' },
      'all-regencies': { type: 'boolean', default: false },
      out: { type: 'string' },
      device: { type: 'string' },
      'accept-new-device': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = resolve(values.data);
  const [command, ...rest] = positionals;
  // The hub's store, its core copy and its files are encrypted with the key from IKM_DB_PASSPHRASE
  // (or asked on the terminal): the same key for every command on this data folder.
  const dbKey = await keyFromEnvironment();

  if (command === 'enroll') {
    const officer = OfficerCode.safeParse(values.officer ?? '');
    if (!officer.success) fail(`--officer: ${officer.error.issues[0].message}`);
    const regencies = await parseRegencies(values.regencies);
    const role = parseRole(values.role);
    const store = openHubStore(hubPaths(dataDir).store, { key: dbKey });
    const code = store.createEnrollment({ officerCode: officer.data, regencies, role }, new Date());
    store.close();
    console.log(`Kode pendaftaran untuk ${role === 'supervisor' ? 'penyelia' : 'petugas'} ${officer.data}: ${formatEnrollmentCode(code)}`);
    console.log('Berlaku 7 hari, sekali pakai. Masukkan di Pengaturan → Sinkronisasi pada laptop petugas.');
    return;
  }

  if (command === 'devices') {
    const store = openHubStore(hubPaths(dataDir).store, { key: dbKey });
    const devices = store.devices().map((d) => ({ ...d, stats: store.scopeStats(d.id), refusals: store.refusals(d.id) }));
    store.close();
    if (!devices.length) {
      console.log('Belum ada laptop yang terdaftar.');
      return;
    }
    console.log(['ID', 'Petugas', 'Peran', 'Nama perangkat', 'Terdaftar', 'Sinkron terakhir', 'Wilayah kerja', 'Status', 'Perubahan ditolak'].join('\t'));
    for (const d of devices) {
      let scope = d.regencies.length ? d.regencies.join(',') : 'seluruh provinsi';
      if (d.stats.resending) scope += ` (${d.stats.resending} usaha menunggu dikirim ulang)`;
      if (d.stats.releasing) scope += ` (${d.stats.releasing} usaha di luar wilayah menunggu dilepas dari laptop)`;
      const status = d.revokedAt ? `dicabut ${officeDateTime(d.revokedAt)}` : 'aktif';
      const lastSync = d.lastSyncAt ? officeDateTime(d.lastSyncAt) : 'belum pernah';
      console.log([d.id, d.officerCode, d.role === 'supervisor' ? 'penyelia' : 'petugas', d.name, officeDateTime(d.enrolledAt), lastSync, scope, status, refusalText(d.refusals)].join('\t'));
    }
    return;
  }

  if (command === 'scope') {
    const id = rest[0] ?? fail('Sebutkan ID perangkat: npm run hub -- scope ID --regencies 64.72,64.02 (lihat npm run hub -- devices)');
    if (!values.regencies === !values['all-regencies']) fail('Berikan --regencies 64.72,64.02 atau --all-regencies (seluruh provinsi)');
    const regencies = values['all-regencies'] ? [] : await parseRegencies(values.regencies);
    if (!regencies.length && !values['all-regencies']) fail('--regencies: sebutkan paling sedikit satu kode, atau pakai --all-regencies');
    const store = openHubStore(hubPaths(dataDir).store, { key: dbKey });
    const device = store.device(id);
    const changed = store.setScope(id, regencies);
    store.close();
    if (!device || !changed) fail(`Perangkat ${id} tidak dikenal`);
    const scope = regencies.length ? regencies.join(', ') : 'seluruh provinsi';
    console.log(`Wilayah kerja ${device.name} (${device.officerCode}): ${scope}.`);
    if (changed.resent) console.log(`${changed.resent} usaha yang baru masuk wilayah kerja dikirim ulang pada sinkronisasi berikutnya.`);
    if (changed.released) {
      console.log(
        `${changed.released} usaha yang keluar dari wilayah kerja dilepas dari laptop pada sinkronisasi berikutnya, ` +
          'setelah semua perubahannya di laptop sampai di hub.',
      );
    }
    return;
  }

  if (command === 'role') {
    const id = rest[0] ?? fail('Sebutkan ID perangkat: npm run hub -- role ID supervisor (lihat npm run hub -- devices)');
    const role = parseRole(rest[1] ?? fail('Sebutkan peran: officer (petugas) atau supervisor (penyelia)'));
    const store = openHubStore(hubPaths(dataDir).store);
    const device = store.device(id);
    const changed = store.setRole(id, role);
    store.close();
    if (!device || !changed) fail(`Perangkat ${id} tidak dikenal`);
    console.log(`Peran ${device.name} (${device.officerCode}): ${role === 'supervisor' ? 'penyelia' : 'petugas'}.`);
    return;
  }

  if (command === 'revoke') {
    const id = rest[0] ?? fail('Sebutkan ID perangkat: npm run hub -- revoke ID (lihat npm run hub -- devices)');
    const store = openHubStore(hubPaths(dataDir).store, { key: dbKey });
    const device = store.device(id);
    const revoked = store.revoke(id, new Date());
    store.close();
    if (!device) fail(`Perangkat ${id} tidak dikenal`);
    console.log(revoked ? `Akses ${device.name} (${device.officerCode}) dicabut.` : `Akses ${device.name} sudah dicabut sebelumnya.`);
    return;
  }

  if (command === 'bundle') {
    await runBundleCommand(dataDir, rest, { out: values.out, device: values.device, acceptNewDevice: values['accept-new-device'], dbKey });
    return;
  }

  if (command && command !== 'serve') fail(`Perintah tidak dikenal: ${command}\n\n${USAGE}`);

  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port harus angka 0–65535');
  if ((values.cert && !values.key) || (!values.cert && values.key)) fail('--cert dan --key harus diberikan bersama');
  const tls = values.cert && values.key ? { cert: readFileSync(values.cert), key: readFileSync(values.key) } : undefined;
  // The hub's log file (rotating, no personal data: db/log.ts), beside its data.
  logToFolder(join(dataDir, 'logs'), 'hub');
  const hub = createHub({ dataDir, tls, logger: false, dbKey });
  const address = await hub.app.listen({ port, host: values.host });
  console.log(`Hub IKM Lapangan berjalan di ${address} (data: ${dataDir})`);
  const stop = () => {
    void hub.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
}
