#!/usr/bin/env node
/**
 * `npm start`: build, then open the desktop app. Where something is missing (dependencies, the
 * Electron binary, better-sqlite3 built for Electron) it says what and how to fix it, in
 * Indonesian and English, and exits 1 without a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
const electronViteBin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');

/** Prints a message and stops; a newcomer needs the reason, not a stack trace. */
function stop(message) {
  console.error(message.trim() + '\n');
  process.exit(1);
}

/**
 * The Electron executable, or null. Mirrors node_modules/electron/index.js but never downloads:
 * requiring that module fetches Electron from the internet when the binary is absent.
 */
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  const fallback = { win32: 'electron.exe', darwin: 'Electron.app/Contents/MacOS/Electron' }[process.platform] ?? 'electron';
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : fallback;
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist');
  const binary = join(dist, name);
  return existsSync(binary) ? binary : null;
}

function electronVersion() {
  try {
    return JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

if (!existsSync(electronDir) || !existsSync(electronViteBin)) {
  stop(`
IKM Lapangan: dependensi belum terpasang. Jalankan dulu:  npm install
IKM Lapangan: dependencies are not installed. Run first:  npm install
`);
}

const binary = electronBinary();
if (!binary) {
  const version = electronVersion();
  const zip = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  stop(`
IKM Lapangan — program Electron belum terpasang, jadi aplikasi desktop tidak bisa dibuka.

  Yang kurang: program Electron ${version} (node_modules/electron/dist). Paket npm "electron"
  terpasang tanpa programnya: ELECTRON_SKIP_BINARY_DOWNLOAD=1, atau tidak ada internet saat itu.

  Cara memasang (perlu internet):
      npx install-electron          (sama dengan: node node_modules/electron/install.js)
  Tanpa akses ke unduhan Electron di GitHub:
      - set ELECTRON_MIRROR ke mirror Electron yang bisa dijangkau, lalu ulangi perintah di atas; atau
      - taruh ${zip} di cache Electron (lokasinya diatur electron_config_cache); atau
      - ekstrak zip itu ke sebuah folder dan set ELECTRON_OVERRIDE_DIST_PATH=<folder itu>.
  Lalu bangun ulang better-sqlite3 untuk Electron (perlu header Electron, jadi juga internet):
      npx electron-builder install-app-deps
  (Untuk kembali ke Node, misalnya sebelum npm test:  npm rebuild better-sqlite3)

  Yang tetap jalan tanpa Electron: npm test (tipe, lint, unit, dan e2e di Chromium)
  dan npm run cli (inti aplikasi dari baris perintah).

IKM Lapangan — the Electron binary is not installed, so the desktop app cannot open.

  Missing: the Electron ${version} program (node_modules/electron/dist). The "electron" npm package
  was installed without it: ELECTRON_SKIP_BINARY_DOWNLOAD=1 was set, or there was no internet.

  To install it (needs internet):
      npx install-electron          (same as: node node_modules/electron/install.js)
  Without access to Electron's GitHub downloads:
      - set ELECTRON_MIRROR to a reachable Electron mirror and run the command above; or
      - put ${zip} in Electron's download cache (see electron_config_cache); or
      - unzip it into a folder and set ELECTRON_OVERRIDE_DIST_PATH=<that folder>.
  Then rebuild better-sqlite3 for Electron's ABI (needs the Electron headers, so internet too):
      npx electron-builder install-app-deps
  (To go back to Node, e.g. before npm test:  npm rebuild better-sqlite3)

  Still working without Electron: npm test (types, lint, unit, and e2e in Chromium)
  and npm run cli (the app's core from the command line).
`);
}

// better-sqlite3 is a native module: built for Node it cannot load in Electron, and the app
// would only fail later, in its database thread. Check now, with Electron running as Node.
const probe = spawnSync(binary, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
  cwd: root,
  env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  encoding: 'utf8',
});
if (probe.status !== 0) {
  const reason = (probe.error?.message ?? probe.stderr ?? '').split('\n').find((line) => line.trim()) ?? '';
  stop(`
IKM Lapangan — better-sqlite3 belum dibangun untuk Electron ${electronVersion()}.
  Jalankan:  npx electron-builder install-app-deps   (perlu internet untuk header Electron)
  Untuk kembali ke Node (npm test):  npm rebuild better-sqlite3

IKM Lapangan — better-sqlite3 is not built for Electron ${electronVersion()}.
  Run:  npx electron-builder install-app-deps   (needs internet for the Electron headers)
  To go back to Node (npm test):  npm rebuild better-sqlite3

  (${reason.trim()})
`);
}

const build = spawnSync(process.execPath, [electronViteBin, 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const app = spawn(binary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('error', (error) => stop(`IKM Lapangan: Electron tidak dapat dijalankan / could not start Electron: ${error.message}`));
app.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
