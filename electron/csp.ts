/**
 * The renderer's Content-Security-Policy. Sent as a response header by main (the renderer's
 * <meta> repeats it, minus frame-ancestors, which a <meta> cannot carry).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The same policy loosened for `electron-vite dev` only: Vite's React refresh needs one inline
 * module script, and hot reload talks over a WebSocket. Never used for built files.
 */
export function devContentSecurityPolicy(policy: string): string {
  return policy
    .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", "connect-src 'self' ws: wss:");
}
