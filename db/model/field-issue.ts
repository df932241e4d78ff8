import type { FieldIssue, IssueCode } from './result';

/** What the mapping reads of a zod issue (v4's issue shapes, kept loose so any zod issue fits). */
interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
  params?: Record<string, unknown>;
}

/**
 * A zod issue as a field issue with a stable code and its parameters, so a shell says it in its
 * own language without reading the Indonesian sentence. The field's label comes from its path.
 * A rule of our own (a refine or superRefine) names its code in `params.code`.
 */
export function fieldIssueOf(issue: ZodIssueLike, prefix = ''): FieldIssue {
  const path = [prefix, issue.path.map(String).join('.')].filter(Boolean).join('.');
  const n = (v: number | bigint | undefined) => Number(v ?? 0);
  const code = ((): { code: IssueCode; params?: Record<string, string | number> } => {
    switch (issue.code) {
      case 'invalid_type':
        if (issue.expected === 'int') return { code: 'not_whole' };
        if (issue.expected === 'number') return { code: 'not_a_number' };
        return { code: 'required' };
      case 'too_small':
        if (issue.origin === 'string') return n(issue.minimum) <= 1 ? { code: 'required' } : { code: 'too_short', params: { min: n(issue.minimum) } };
        if (issue.origin === 'array' || issue.origin === 'set') return { code: 'at_least', params: { min: n(issue.minimum) } };
        if (n(issue.minimum) === 0) return { code: 'negative' };
        return { code: 'too_small', params: { min: n(issue.minimum) } };
      case 'too_big':
        if (issue.origin === 'string') return { code: 'too_long', params: { max: n(issue.maximum) } };
        if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too_many', params: { max: n(issue.maximum) } };
        return { code: 'too_big', params: { max: n(issue.maximum) } };
      case 'invalid_value':
      case 'invalid_union':
        return { code: 'choose' };
      case 'invalid_format':
        return { code: 'invalid_format' };
      case 'custom': {
        const own = issue.params?.code;
        const params = Object.fromEntries(
          Object.entries(issue.params ?? {}).filter((e): e is [string, string | number] => e[0] !== 'code' && (typeof e[1] === 'string' || typeof e[1] === 'number')),
        );
        return typeof own === 'string' ? { code: own as IssueCode, params } : { code: 'invalid' };
      }
      default:
        return { code: 'invalid' };
    }
  })();
  return { path, message: issue.message, code: code.code, ...(code.params && Object.keys(code.params).length ? { params: code.params } : {}) };
}
