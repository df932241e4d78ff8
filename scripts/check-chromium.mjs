// `npm test` runs this first: the e2e specs need Debian's Chromium (never a downloaded browser),
// and on a fresh machine Playwright's own launch error does not say what to install.
import { accessSync, constants, statSync } from 'node:fs';

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** null when the browser the e2e specs use is there; otherwise what is missing and how to install it. */
export function missingChromium(env = process.env) {
  const path = env.IKM_CHROMIUM || DEFAULT_CHROMIUM;
  const from = env.IKM_CHROMIUM ? `IKM_CHROMIUM=${path}` : path;
  try {
    if (!statSync(path).isFile()) return `${from} bukan berkas program.`;
    accessSync(path, constants.X_OK);
    return null;
  } catch (error) {
    const reason = error.code === 'EACCES' ? 'tidak dapat dijalankan (izin)' : 'tidak ditemukan';
    return (
      `Chromium untuk uji e2e ${reason}: ${from}\n` +
      'Pasang Chromium dari Debian/Ubuntu:\n' +
      '  sudo apt-get install chromium\n' +
      'atau tunjuk Chromium lain: IKM_CHROMIUM=/jalur/ke/chromium npm test'
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const missing = missingChromium();
  if (missing) {
    console.error(missing);
    process.exit(1);
  }
}
