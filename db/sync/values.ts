/**
 * How cell values travel: JSON text, with object keys sorted so that equal values have equal
 * text on every replica. JSON carries Rupiah (integers below 2^53) and coordinates (doubles)
 * exactly, and arrays as they are.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function canonical(value: unknown): Json {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value as Json;
}

/** The JSON text of a value, keys sorted. */
export function encodeValue(value: unknown): string {
  return JSON.stringify(canonical(value));
}

export function decodeValue(text: string): unknown {
  return JSON.parse(text);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The leaves of a document as cells: nested objects become dotted paths ("respondent.phone"),
 * arrays and scalars are leaves. Two people editing different leaves never touch the same cell.
 */
export function flattenDocument(doc: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  for (const [key, value] of Object.entries(doc)) {
    if (value === undefined) continue;
    const path = prefix + key;
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const [p, v] of flattenDocument(value, `${path}.`)) leaves.set(p, v);
    } else {
      leaves.set(path, value);
    }
  }
  return leaves;
}

/**
 * Rebuilds a document from its leaves. Null leaves are absent fields; paths are taken in sorted
 * order so every replica builds the same document from the same leaves, even when one person
 * replaced a group with a single value while another edited inside it.
 */
export function assembleDocument(leaves: Iterable<[string, unknown]>): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  const sorted = [...leaves].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [path, value] of sorted) {
    if (value === null || value === undefined) continue;
    const parts = path.split('.');
    let node = doc;
    for (const part of parts.slice(0, -1)) {
      if (!isPlainObject(node[part])) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  return canonical(doc) as Record<string, unknown>;
}
