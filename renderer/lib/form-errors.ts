import type { FieldIssue } from '../../db/model';

/** Field name → the first message for it, as the form shows next to each input. */
export type FieldErrors = Partial<Record<string, string>>;

interface SchemaIssue {
  path: PropertyKey[];
  message: string;
}

/** Messages of a failed zod parse, keyed by top-level field. */
export function schemaErrors(issues: readonly SchemaIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '_form');
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Messages the core sent back (`site.latitude`), keyed by field once the prefix is dropped. */
export function serverErrors(issues: readonly FieldIssue[], prefix = ''): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = prefix && issue.path.startsWith(prefix) ? issue.path.slice(prefix.length) : issue.path;
    const field = path.split('.')[0] || '_form';
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Moves focus to the first field that has a message, in the order of the form. */
export function focusFirstError(form: HTMLFormElement | null): void {
  const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  invalid?.focus();
}
