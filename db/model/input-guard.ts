import type { ApiError, FieldIssue } from './result';

/**
 * What any API input may look like before a schema reads it. A shell can hand `dispatch` values
 * that JSON never carries (BigInt, cycles, class instances, huge byte arrays) or shapes that
 * would overflow the stack of a recursive parser; those are refused here, at once, in bounded work.
 */
export const INPUT_LIMITS = {
  /** Objects and arrays nested deeper than this are refused (a visit needs about 5). */
  maxDepth: 32,
  /** Values (keys, items, leaves) counted before giving up. */
  maxNodes: 100_000,
  /** Field messages listed in one error; the rest are summarised. */
  maxIssues: 20,
  /** Characters of one field message. */
  maxMessage: 300,
} as const;

export interface InputShapeOptions {
  /** Only channels that carry file bytes accept Uint8Array values. */
  allowBytes: boolean;
}

class ShapeRefused extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** null when `input` is plain data within the limits; otherwise the VALIDATION error to answer. */
export function checkInputShape(input: unknown, { allowBytes }: InputShapeOptions): ApiError | null {
  let nodes = 0;
  const ancestors = new Set<object>();

  const visit = (value: unknown, path: string[], depth: number): void => {
    if (++nodes > INPUT_LIMITS.maxNodes) throw new ShapeRefused(path.join('.'), 'Data terlalu besar untuk dikirim sekaligus');
    switch (typeof value) {
      case 'undefined':
      case 'boolean':
      case 'number':
      case 'string':
        return;
      case 'bigint':
        throw new ShapeRefused(path.join('.'), 'Angka ini terlalu besar atau bukan angka biasa');
      case 'function':
      case 'symbol':
        throw new ShapeRefused(path.join('.'), 'Nilai ini tidak dapat dikirim');
    }
    if (value === null) return;
    const object = value as object;
    if (object instanceof Uint8Array) {
      if (allowBytes && path.length > 0) return;
      throw new ShapeRefused(path.join('.'), 'Isi berkas tidak diharapkan di sini');
    }
    if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
      throw new ShapeRefused(path.join('.'), 'Isi berkas tidak diharapkan di sini');
    }
    if (!Array.isArray(object) && !isPlainObject(object)) {
      throw new ShapeRefused(path.join('.'), 'Nilai ini tidak dapat dikirim');
    }
    if (depth >= INPUT_LIMITS.maxDepth) throw new ShapeRefused(path.join('.'), 'Data bersarang terlalu dalam');
    if (ancestors.has(object)) throw new ShapeRefused(path.join('.'), 'Data merujuk ke dirinya sendiri');
    ancestors.add(object);
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) visit(object[i], [...path, String(i)], depth + 1);
    } else {
      for (const key in object) {
        if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
        visit((object as Record<string, unknown>)[key], [...path, key], depth + 1);
      }
    }
    ancestors.delete(object);
  };

  try {
    visit(input, [], 0);
    return null;
  } catch (error) {
    if (!(error instanceof ShapeRefused)) throw error;
    return {
      code: 'VALIDATION',
      reason: 'invalid_input',
      message: `Data tidak valid: ${error.reason}`,
      issues: [{ path: error.path, message: error.reason }],
    };
  }
}

/** Keeps an error small: at most `maxIssues` field messages, each of bounded length. */
export function capIssues(issues: FieldIssue[]): FieldIssue[] {
  const clip = (text: string) =>
    text.length > INPUT_LIMITS.maxMessage ? `${text.slice(0, INPUT_LIMITS.maxMessage - 1)}…` : text;
  const kept = issues.slice(0, INPUT_LIMITS.maxIssues).map((i) => ({ ...i, path: clip(i.path), message: clip(i.message) }));
  const rest = issues.length - kept.length;
  if (rest > 0) kept.push({ path: '', message: `dan ${rest.toLocaleString('id-ID')} kesalahan lain` });
  return kept;
}
