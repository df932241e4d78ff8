/**
 * The main process's security settings, run against a stubbed 'electron' (test-support/
 * fake-electron.ts; no Electron binary here): the window options, the IPC sender check, the
 * app:// protocol, and the session and navigation guards. Each test fails if the setting it
 * names is loosened.
 */
import { register } from 'node:module';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../db/test-support';
import { CHANNELS } from '../db/model/channels';

register('./test-support/electron-hooks.mjs', import.meta.url);
type Fake = typeof import('./test-support/fake-electron');
const fake = (await import('electron')) as unknown as Fake;
const { createMainWindow } = await import('./window');
const { registerApiHandlers, FORBIDDEN } = await import('./ipc');
const { registerAppScheme, serveAppScheme } = await import('./app-protocol');
const { hardenSession, hardenWebContents } = await import('./security');
const { createDesktopShell } = await import('./shell-services');
const { APP_URL } = await import('./app-url');
const { fakeSession } = await import('./test-support/fake-electron');

/** What every window of ours must have: an isolated, sandboxed renderer with no Node and no <webview>. */
function assertLockedDown(webPreferences: Record<string, unknown> | undefined, preload: string) {
  assert.ok(webPreferences);
  assert.equal(webPreferences.contextIsolation, true, 'contextIsolation');
  assert.equal(webPreferences.sandbox, true, 'sandbox');
  assert.equal(webPreferences.nodeIntegration, false, 'nodeIntegration');
  assert.equal(webPreferences.webviewTag, false, 'webviewTag');
  assert.match(String(webPreferences.disableBlinkFeatures), /\bAuxclick\b/, 'middle-click windows');
  assert.equal(webPreferences.preload, preload);
  // Settings that must never be turned on (absent keeps Electron's safe default).
  for (const key of ['nodeIntegrationInSubFrames', 'nodeIntegrationInWorker', 'allowRunningInsecureContent', 'experimentalFeatures', 'enableBlinkFeatures']) {
    assert.ok(!webPreferences[key], `${key} must stay off`);
  }
  assert.notEqual(webPreferences.webSecurity, false, 'webSecurity must stay on');
}

test('the main window is isolated, sandboxed, without Node or <webview>, and opens our app:// page', () => {
  const window = createMainWindow(APP_URL, '/app/out/preload/index.cjs') as unknown as InstanceType<Fake['BrowserWindow']>;
  assertLockedDown(window.options.webPreferences, '/app/out/preload/index.cjs');
  assert.equal(window.loadedUrl, APP_URL);
});

test('a hidden print window is locked down like the main window and opens only a print route', async () => {
  const shell = createDesktopShell({ getWindow: () => null, preload: '/app/out/preload/index.cjs', baseUrl: null });
  const before = fake.BrowserWindow.created.length;
  const pdf = await shell.renderPdf('#/cetak/kunjungan/1');
  assert.ok(pdf.byteLength > 0);
  const window = fake.BrowserWindow.created[before];
  assertLockedDown(window.options.webPreferences, '/app/out/preload/index.cjs');
  assert.equal(window.loadedUrl, `${APP_URL}#/cetak/kunjungan/1`);
  assert.ok(window.isDestroyed(), 'destroyed after printing');
  await assert.rejects(shell.renderPdf('#/situs'), /Bukan halaman cetak/);
});

test('every API channel answers only the main frame of our window showing our page', async () => {
  fake.ipcMain.handlers.clear();
  const main = new fake.BrowserWindow();
  await main.loadURL(APP_URL);
  const printing = new fake.BrowserWindow();
  await printing.loadURL(`${APP_URL}#/cetak/kunjungan/1`);
  const other = new fake.BrowserWindow();
  await other.loadURL(APP_URL);
  const calls: string[] = [];
  registerApiHandlers({
    trustedWindows: () => [main, printing, null] as never,
    devServerUrl: null,
    call: async (channel) => {
      calls.push(channel);
      return { ok: true, value: channel };
    },
  });
  assert.deepEqual([...fake.ipcMain.handlers.keys()].sort(), CHANNELS.map((c) => `ikm:${c}`).sort());

  const invoke = (sender: InstanceType<Fake['FakeWebContents']>, senderFrame: unknown) =>
    fake.ipcMain.handlers.get('ikm:site.list')!({ sender, senderFrame }, { text: '' });

  assert.deepEqual(await invoke(main.webContents, main.webContents.mainFrame), { ok: true, value: 'site.list' });
  assert.deepEqual(await invoke(printing.webContents, printing.webContents.mainFrame), { ok: true, value: 'site.list' });
  assert.equal(calls.length, 2);

  const refused: [string, InstanceType<Fake['FakeWebContents']>, unknown][] = [
    ['an iframe inside our page', main.webContents, main.webContents.subframe(APP_URL)],
    ['a foreign iframe inside our page', main.webContents, main.webContents.subframe('https://evil.example/')],
    ['another window', other.webContents, other.webContents.mainFrame],
    ['a frame of another window claiming ours', main.webContents, other.webContents.mainFrame],
    ['a frame already gone', main.webContents, null],
  ];
  for (const [what, sender, frame] of refused) assert.deepEqual(await invoke(sender, frame), FORBIDDEN, what);

  // Our window, navigated away from our page (a link that slipped through): refused too.
  main.webContents.mainFrame.url = 'https://evil.example/';
  assert.deepEqual(await invoke(main.webContents, main.webContents.mainFrame), FORBIDDEN, 'our window on a foreign page');
  main.webContents.mainFrame.url = 'http://localhost:5173/';
  assert.deepEqual(await invoke(main.webContents, main.webContents.mainFrame), FORBIDDEN, 'a dev server URL in an installed app');
  main.destroy();
  main.webContents.mainFrame.url = APP_URL;
  assert.deepEqual(await invoke(main.webContents, main.webContents.mainFrame), FORBIDDEN, 'a closed window');
  assert.equal(calls.length, 2, 'no refused call reached the core');
});

test('app:// is a secure standard scheme that serves the renderer folder read-only, with our CSP, and nothing outside it', async () => {
  fake.protocol.privileged.length = 0;
  registerAppScheme();
  assert.deepEqual(fake.protocol.privileged, [
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);

  const tmp = tempDir('ikm-app-protocol-');
  try {
    const root = join(tmp.dir, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>IKM</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'export {}');
    writeFileSync(join(tmp.dir, 'secret.txt'), 'rahasia');
    serveAppScheme(root, "default-src 'self'");
    const handler = fake.protocol.handlers.get('app')!;
    const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

    const page = await get('app://ikm/index.html');
    assert.equal(page.status, 200);
    assert.equal(await page.text(), '<!doctype html><title>IKM</title>');
    assert.equal(page.headers.get('content-security-policy'), "default-src 'self'");
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.match(String((await get('app://ikm/assets/app.js')).headers.get('content-type')), /^text\/javascript/);

    for (const url of ['app://ikm/%2e%2e/secret.txt', 'app://ikm/..%2fsecret.txt', 'app://ikm/assets/%2e%2e%2f%2e%2e%2fsecret.txt', 'app://evil/index.html', 'app://ikm/index.html%00.js']) {
      // 403 when the path escapes the folder; 404 when URL parsing already folded the ".." away.
      const response = await get(url);
      assert.ok(response.status === 403 || response.status === 404, `${url}: ${response.status}`);
      assert.doesNotMatch(await response.text(), /rahasia/);
    }
    assert.equal((await get('app://ikm/index.html', 'POST')).status, 403, 'read-only');
    assert.equal((await get('app://ikm/nope.js')).status, 404);
  } finally {
    tmp.dispose();
  }
});

test('the session grants no permission and sends our CSP; pages cannot navigate, open windows or attach <webview>', () => {
  const session = fakeSession();
  hardenSession(session as never, "default-src 'self'");
  let granted: boolean | null = null;
  session.installed.permissionRequest!(null, 'media', (g: boolean) => (granted = g));
  assert.equal(granted, false);
  assert.equal(session.installed.permissionCheck!(null, 'geolocation'), false);
  let headers: unknown = null;
  session.installed.headersReceived!({ responseHeaders: { 'X-Other': ['1'] } }, (r: unknown) => (headers = r));
  assert.deepEqual(headers, { responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': ["default-src 'self'"] } });

  const contents = new fake.FakeWebContents();
  hardenWebContents(contents as never);
  fake.shell.opened.length = 0;
  for (const url of ['https://kemenperin.go.id/', 'file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'app://ikm/index.html']) {
    assert.deepEqual(contents.windowOpenHandler!({ url }), { action: 'deny' }, url);
  }
  const navigation = { url: 'http://evil.example/', defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
  contents.emit('will-navigate', navigation);
  assert.ok(navigation.defaultPrevented, 'navigation stopped');
  const webview = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
  contents.emit('will-attach-webview', webview);
  assert.ok(webview.defaultPrevented, '<webview> refused');
  // Only the https link reached the browser; http, file:, smb: and script URLs never do.
  assert.deepEqual(fake.shell.opened, ['https://kemenperin.go.id/']);
});
