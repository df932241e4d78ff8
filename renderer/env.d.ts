import type { IkmClient } from '../db/model';

declare global {
  interface Window {
    /** The typed API client, built by the preload (Electron) or the test shell's init script. */
    readonly ikm: IkmClient;
  }
}
