/**
 * Hybrid logical clock (Kulkarni et al.; the shape Actual Budget uses): the wall time in ms, a
 * counter for events within one ms, and the replica id. Formatted as sortable text:
 * "2026-11-23T08:15:30.123Z-0000-9f86d081884c7d65".
 */
export interface HlcState {
  /** Logical wall time, ms since the epoch: never less than any time issued or seen before. */
  wall: number;
  counter: number;
}

/** A remote message stamped further ahead of the local wall clock than this is held, not applied. */
export const MAX_AHEAD_MS = 24 * 60 * 60 * 1000;
const MAX_COUNTER = 0xffff;

export const ZERO_HLC_STATE: HlcState = { wall: 0, counter: 0 };

export function formatHlc(state: HlcState, replica: string): string {
  return `${new Date(state.wall).toISOString()}-${state.counter.toString(16).padStart(4, '0')}-${replica}`;
}

export function parseHlc(hlc: string): HlcState & { replica: string } {
  return {
    wall: Date.parse(hlc.slice(0, 24)),
    counter: parseInt(hlc.slice(25, 29), 16),
    replica: hlc.slice(30),
  };
}

/**
 * An HLC as the log stores it: 16 bytes (6 of wall time, 2 of counter, 8 of replica id, all
 * big-endian), so byte order is the text's order at a third of its size.
 */
export function hlcToBytes(hlc: string): Buffer {
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeUIntBE(wallOf(hlc.slice(0, 24)), 0, 6);
  bytes.writeUInt16BE(parseInt(hlc.slice(25, 29), 16), 6);
  bytes.write(hlc.slice(30), 8, 8, 'hex');
  return bytes;
}

export function hlcFromBytes(bytes: Uint8Array): string {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  return `${isoOf(b.readUIntBE(0, 6))}-${b.readUInt16BE(6).toString(16).padStart(4, '0')}-${b.toString('hex', 8, 16)}`;
}

// The messages of one action share their millisecond: remembering the last conversion each way
// spares most Date calls when a batch is stored or read.
let lastIso = '';
let lastWall = NaN;
function wallOf(iso: string): number {
  if (iso !== lastIso) [lastIso, lastWall] = [iso, Date.parse(iso)];
  return lastWall;
}
let lastReadWall = NaN;
let lastReadIso = '';
function isoOf(wall: number): string {
  if (wall !== lastReadWall) [lastReadWall, lastReadIso] = [wall, new Date(wall).toISOString()];
  return lastReadIso;
}

/** The wall time of an HLC as an ISO timestamp (what `updated_at` shows). */
export const hlcTime = (hlc: string): string => hlc.slice(0, 24);

/**
 * The next timestamp for a local event. When the wall clock went back, the logical time stays
 * where it was and the counter moves on; a full counter moves the logical time 1 ms ahead.
 */
export function tick(state: HlcState, now: number): HlcState {
  if (now > state.wall) return { wall: now, counter: 0 };
  if (state.counter < MAX_COUNTER) return { wall: state.wall, counter: state.counter + 1 };
  return { wall: state.wall + 1, counter: 0 };
}

/** True when `hlc` is stamped more than a day ahead of `now`: it would drag every clock forward. */
export function isTooFarAhead(hlc: string, now: number): boolean {
  return parseHlc(hlc).wall > now + MAX_AHEAD_MS;
}

/** A fresh replica id: 16 hex digits of randomness. */
export function newReplicaId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Crockford's base32 without I, L, O, U: easy to read aloud and to copy from paper. */
const TAG_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A short tag for this replica's visit numbers ("K7Q"), taken from its id; `attempt` moves to the
 * next candidate when a tag is already known to belong to another replica.
 */
export function replicaTag(replicaId: string, attempt = 0): string {
  let n = (parseInt(replicaId.slice(0, 8), 16) + attempt * 7919) % 32768;
  let tag = '';
  for (let i = 0; i < 3; i++) {
    tag = TAG_ALPHABET[n % 32] + tag;
    n = Math.floor(n / 32);
  }
  return tag;
}

