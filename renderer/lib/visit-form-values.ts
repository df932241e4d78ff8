import type { VisitKind } from '../../db/model/visit';
import type { FieldIssue } from '../../db/model';

/**
 * The visit form edits the visit's data in its stored shape (db/model/visit.ts), except that
 * numbers are held as the text the officer typed; `dataFromForm` turns them back into numbers.
 */
export type VisitFormValues = Record<string, unknown>;

/** Field path → its first message, e.g. "workforce.male" or "recommendations.0.text". */
export type PathErrors = Partial<Record<string, string>>;
/** Form path → the first issue for it, with its code: said in the UI language by useVisitFieldMessages. */
export type PathIssues = Partial<Record<string, FieldIssue>>;

/** Paths that hold numbers in the data and text in the form. */
const NUMBER_PATHS = ['workforce.male', 'workforce.female', 'capacity.amount', 'latitude', 'longitude', 'revivalPotential'];

/** Reads a dotted path ("workforce.male", "recommendations.0.text"). */
export function getPath(values: unknown, path: string): unknown {
  let current: unknown = values;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A copy of `values` with `path` set to `value` (objects and arrays along the path are copied). */
export function setPath<T>(values: T, path: string, value: unknown): T {
  const [key, ...rest] = path.split('.');
  const source = (values ?? {}) as Record<string, unknown> | unknown[];
  const copy: Record<string, unknown> | unknown[] = Array.isArray(source) ? [...source] : { ...source };
  const child = rest.length ? setPath((copy as Record<string, unknown>)[key], rest.join('.'), value) : value;
  (copy as Record<string, unknown>)[key] = child;
  return copy as T;
}

/** "-0,5921" or "117.18" → a number; text that is not a number stays text (the schema names it). */
function toNumber(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed.replace(',', '.'));
  return Number.isFinite(n) ? n : trimmed;
}

function fromNumber(value: unknown, decimalComma: boolean): unknown {
  if (typeof value !== 'number') return value ?? '';
  return decimalComma ? String(value).replace('.', ',') : String(value);
}

/** The data to store (draft) or check (finalize): the typed text turned into numbers. */
export function dataFromForm(values: VisitFormValues): Record<string, unknown> & { kind: VisitKind } {
  let data: Record<string, unknown> = { ...values };
  for (const path of NUMBER_PATHS) {
    if (getPath(data, path) === undefined) continue;
    const n = toNumber(getPath(data, path));
    const nullable = path === 'latitude' || path === 'longitude';
    data = setPath(data, path, n === undefined && nullable ? null : n);
  }
  if (Array.isArray(data.machinery)) {
    data.machinery = (data.machinery as Record<string, unknown>[]).map((m) => ({ ...m, count: toNumber(m.count) }));
  }
  if (Array.isArray(data.recommendations)) {
    data.recommendations = (data.recommendations as Record<string, unknown>[]).map((r) => ({ ...r, dueDate: r.dueDate || null }));
  }
  if (data.stoppedSince === '') data.stoppedSince = null;
  return data as Record<string, unknown> & { kind: VisitKind };
}

/** Stored data as form values (numbers as text, coordinates with the Indonesian comma). */
export function formFromData(data: Record<string, unknown>): VisitFormValues {
  let values: VisitFormValues = { ...data };
  for (const path of NUMBER_PATHS) {
    const value = getPath(values, path);
    if (value === undefined) continue;
    values = setPath(values, path, fromNumber(value, path === 'latitude' || path === 'longitude'));
  }
  if (Array.isArray(values.machinery)) {
    values.machinery = (values.machinery as Record<string, unknown>[]).map((m) => ({ ...m, count: fromNumber(m.count, false) }));
  }
  for (const key of ['productionValueRp', 'investmentRp']) {
    if (typeof values[key] === 'number') values[key] = groupThousands(String(values[key]));
  }
  return values;
}

/** "1250000" → "1.250.000"; anything that is not whole digits stays as typed. */
export function groupThousands(text: string): string {
  const digits = text.trim().replace(/^rp\.?\s*/i, '').replace(/[. ]/g, '');
  if (!/^\d+$/.test(digits)) return text;
  return digits.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Issues keyed by form path, the first for each path. */
export function pathIssuesOf(issues: readonly FieldIssue[]): PathIssues {
  const errors: PathIssues = {};
  for (const issue of issues) errors[issue.path || '_form'] ??= issue;
  return errors;
}

/** The core's issues ("data.workforce.male") keyed by form path ("workforce.male"). */
export function pathErrorsFromServer(issues: readonly FieldIssue[]): PathIssues {
  const errors: PathIssues = {};
  for (const issue of issues) {
    const path = issue.path.startsWith('data.') ? issue.path.slice(5) : issue.path;
    errors[path || '_form'] ??= { ...issue, path };
  }
  return errors;
}
