import type { IkmClient } from './contract';

/**
 * Builds `window.ikm` from a transport. The preload passes `ipcRenderer.invoke`; the test shell
 * passes a Playwright binding. Self-contained on purpose: the test shell injects its source text.
 */
export function buildClient(
  channels: readonly string[],
  invoke: (channel: string, input: unknown) => Promise<unknown>,
): IkmClient {
  const client: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const channel of channels) {
    const dot = channel.indexOf('.');
    const group = channel.slice(0, dot);
    const method = channel.slice(dot + 1);
    if (!client[group]) client[group] = {};
    client[group][method] = (input?: unknown) => invoke(channel, input);
  }
  for (const group of Object.keys(client)) Object.freeze(client[group]);
  return Object.freeze(client) as unknown as IkmClient;
}
