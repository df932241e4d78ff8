/**
 * Builds `window.ikm` over Electron IPC. Kept tiny (no schemas, no core): a sandboxed preload can
 * require only 'electron', and the renderer gets named functions, never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS } from '../db/model/channels';
import { buildClient } from '../db/model/client';

contextBridge.exposeInMainWorld(
  'ikm',
  buildClient(CHANNELS, (channel, input) => ipcRenderer.invoke(`ikm:${channel}`, input)),
);
