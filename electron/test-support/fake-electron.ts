/**
 * A stand-in for the 'electron' module in unit tests of the main process (no Electron binary can
 * be had here). It records what the code under test asks of Electron (window options, IPC
 * handlers, protocol handlers, opened links) so tests can check it and play the other side.
 * Loaded in place of 'electron' by electron-hooks.mjs; see main-process.test.ts.
 */
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';

let nextProcessId = 100;

/** A frame of a page: the main frame of a window, or a subframe (an iframe) inside it. */
export interface FakeFrame {
  processId: number;
  routingId: number;
  url: string;
}

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  constructor() {
    super();
    this.mainFrame = { processId: nextProcessId++, routingId: 1, url: '' };
  }
  /** An iframe in this page, at `url`. */
  subframe(url: string): FakeFrame {
    return { processId: this.mainFrame.processId, routingId: this.mainFrame.routingId + 1, url };
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  async executeJavaScript(): Promise<string> {
    return 'ok';
  }
  async printToPDF(): Promise<Buffer> {
    return Buffer.from('%PDF-1.7 fake');
  }
}

export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> };
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  private destroyed = false;
  constructor(options: BrowserWindow['options'] = {}) {
    super();
    this.options = options;
    BrowserWindow.created.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  show(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
};

export const protocol = {
  privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    this.handlers.set(scheme, handler);
  },
};

export const shell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  },
};

export const app = {
  isPackaged: false,
  getVersion: () => '0.0.0-test',
  getPath: () => tmpdir(),
};

export const dialog = {
  async showSaveDialog() {
    return { canceled: true, filePath: undefined };
  },
};

type PermissionRequest = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type PermissionCheck = (...args: unknown[]) => boolean;
type HeadersReceived = (details: { responseHeaders?: Record<string, string[]> }, callback: (response: unknown) => void) => void;

/** A session as hardenSession sees it: the handlers it installs are kept for the test to call. */
export function fakeSession() {
  const installed: { permissionRequest?: PermissionRequest; permissionCheck?: PermissionCheck; headersReceived?: HeadersReceived } = {};
  return {
    installed,
    setPermissionRequestHandler: (handler: PermissionRequest) => void (installed.permissionRequest = handler),
    setPermissionCheckHandler: (handler: PermissionCheck) => void (installed.permissionCheck = handler),
    webRequest: { onHeadersReceived: (handler: HeadersReceived) => void (installed.headersReceived = handler) },
  };
}

export default { app, BrowserWindow, dialog, ipcMain, protocol, shell };
