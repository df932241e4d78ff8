import { shell, type BrowserWindow, type IpcMainInvokeEvent, type Session, type WebContents } from 'electron';
import { isAppUrl, parseUrl } from './app-url';

/**
 * Only the main frame of our own window, showing our own page, may call the API: not a subframe,
 * not another window, not a page that somehow navigated away.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null, devServerUrl: string | null): boolean {
  if (!window || window.isDestroyed() || event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  const main = window.webContents.mainFrame;
  if (!frame || frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isAppUrl(frame.url, devServerUrl);
}

/** Opens a link in the user's browser, but only a well-formed https: one. */
export function openExternalSafely(url: string): void {
  const parsed = parseUrl(url);
  // Reviewed: only a URL that parses as https: reaches the browser (never file:, smb: or a custom scheme).
  if (parsed?.protocol === 'https:') void shell.openExternal(parsed.toString()); // eng-disable OPEN_EXTERNAL_JS_CHECK
}

/** Denies every permission (camera, geolocation, notifications, …) and adds our CSP to every response. */
export function hardenSession(session: Session, contentSecurityPolicy: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
}

/** No navigation, no new windows, no <webview>: the app is one page; https links go to the browser. */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openExternalSafely(event.url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
