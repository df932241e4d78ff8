import { ipcMain, type BrowserWindow } from 'electron';
import { CHANNELS } from '../db/model/channels';
import type { Result } from '../db/model/result';
import { isTrustedSender } from './security';

export const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', reason: 'forbidden_sender', message: 'Permintaan ditolak: bukan dari jendela aplikasi' },
};

/**
 * One handler per API channel (`ikm:<channel>`), each answering only the main frame of one of our
 * windows showing our own page (isTrustedSender); any other sender gets FORBIDDEN, and the call
 * never reaches the core.
 */
export function registerApiHandlers(options: {
  /** The main window and the hidden print windows alive now. */
  trustedWindows(): (BrowserWindow | null)[];
  devServerUrl: string | null;
  call(channel: string, input: unknown): Promise<Result<unknown>>;
}): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(`ikm:${channel}`, (event, input: unknown) =>
      options.trustedWindows().some((w) => isTrustedSender(event, w, options.devServerUrl)) ? options.call(channel, input) : FORBIDDEN,
    );
  }
}
