// Module hooks for unit tests of the main process: `import … from 'electron'` gets the stub
// (fake-electron.ts) instead of the real package, which in plain Node is only a path to a binary.
// The stub's URL goes on down the chain so tsx still compiles it.
export async function resolve(specifier, context, nextResolve) {
  return nextResolve(specifier === 'electron' ? new URL('./fake-electron.ts', import.meta.url).href : specifier, context);
}
