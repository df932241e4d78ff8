import { fieldIssueOf, type FieldIssue } from '../../db/model';

/** Field name → the first message for it, as the form shows next to each input. */
export type FieldErrors = Partial<Record<string, string>>;
/** Field name → the first issue for it, with its code: said in the UI language by useFieldMessages. */
export type FieldIssues = Partial<Record<string, FieldIssue>>;

interface SchemaIssue {
  code: string;
  path: PropertyKey[];
  message: string;
}

/** Issues of a failed zod parse, keyed by top-level field. */
export function schemaErrors(issues: readonly SchemaIssue[]): FieldIssues {
  const errors: FieldIssues = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '_form');
    errors[field] ??= fieldIssueOf(issue);
  }
  return errors;
}

/** Issues the core sent back (`site.latitude`), keyed by field once the prefix is dropped. */
export function serverErrors(issues: readonly FieldIssue[], prefix = ''): FieldIssues {
  const errors: FieldIssues = {};
  for (const issue of issues) {
    const path = prefix && issue.path.startsWith(prefix) ? issue.path.slice(prefix.length) : issue.path;
    const field = path.split('.')[0] || '_form';
    errors[field] ??= issue;
  }
  return errors;
}

/** Moves focus to the first field that has a message, in the order of the form. */
export function focusFirstError(form: HTMLFormElement | null): void {
  const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  invalid?.focus();
}
