/**
 * Where the renderer lives and which URLs belong to it. Pure (no Electron import) so unit tests
 * can load it: importing 'electron' from plain Node would try to download Electron.
 */
import { join, normalize, sep } from 'node:path';

/** The renderer is served from this privileged scheme and host: app://ikm/index.html. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ikm';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** A URL object, or null for anything `new URL()` refuses. */
export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for a page of our own renderer: the app scheme, or the dev server while developing. */
export function isAppUrl(url: string, devServerUrl: string | null): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  const dev = devServerUrl ? parseUrl(devServerUrl) : null;
  return !!dev && parsed.protocol === dev.protocol && parsed.host === dev.host;
}

/** The file under `rootDir` that an app:// URL names, or null when it names none or escapes the folder. */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  const url = parseUrl(requestUrl);
  if (!url || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const root = normalize(rootDir);
  // normalize() resolves "..", so the prefix check catches any escape, encoded or not.
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  return file.startsWith(root + sep) ? file : null;
}
