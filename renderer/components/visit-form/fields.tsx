import { createContext, use, type ReactNode } from 'react';
import { Checkbox, Group, MultiSelect, Select, Text, Textarea, TextInput } from '@mantine/core';
import { getPath, type PathErrors, type VisitFormValues } from '../../lib/visit-form-values';
import { DateField } from '../date-field';
import { useReference } from '../../app/reference';
import { KbliSelect } from '../kbli-select';
import { FormSection } from '../site-form/form-section';

/** What every field of the visit form reads and writes. */
export interface VisitFormState {
  values: VisitFormValues;
  errors: PathErrors;
  set: (path: string, value: unknown) => void;
  readOnly: boolean;
  /** The workforce the site's record knows (its form or an earlier visit), shown beside empty fields; null when unknown. */
  siteWorkers?: number | null;
}

const VisitFormContext = createContext<VisitFormState | null>(null);
export const VisitFormProvider = VisitFormContext.Provider;

export function useVisitForm(): VisitFormState {
  const value = use(VisitFormContext);
  if (!value) throw new Error('useVisitForm outside VisitFormProvider');
  return value;
}

interface FieldProps {
  path: string;
  label: string;
  required?: boolean;
  description?: string;
  /** In a list, row `row` (0-based): the label shows once, above the first row, and each input is named "Label n". */
  row?: number;
}

/** The visible label and the accessible name of a field, in a list row or alone. */
function labelProps(label: string, row: number | undefined): { label?: string; 'aria-label'?: string } {
  if (row === undefined) return { label };
  return { label: row === 0 ? label : undefined, 'aria-label': `${label} ${row + 1}` };
}

const text = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/** A value of a final visit as a record: the whole text, wrapped onto as many lines as it needs. */
function RecordValue({ path, label, row, required, description, value, error }: FieldProps & { value: string; error?: string }) {
  return (
    <Textarea
      {...labelProps(label, row)}
      withAsterisk={required}
      description={description}
      autosize
      minRows={1}
      readOnly
      placeholder="—"
      value={value}
      error={error}
      data-path={path}
    />
  );
}

/** One line of text at `path`. */
export function TextField({ path, label, required, description, row, type, placeholder, onBlurFormat, unit, inputMode }: FieldProps & {
  type?: string;
  placeholder?: string;
  onBlurFormat?: (value: string) => string;
  /** Written before the value: a section inside the box while typing, "Rp 240.000" on a record. */
  unit?: string;
  inputMode?: 'numeric' | 'decimal' | 'tel' | 'text';
}) {
  const { values, errors, set, readOnly } = useVisitForm();
  const value = text(getPath(values, path));
  if (readOnly) {
    // A one-line box cut long text, and the unit is part of the text, never drawn over it.
    const shown = unit && value ? `${unit}\u00a0${value}` : value;
    return <RecordValue path={path} label={label} row={row} required={required} description={description} value={shown} error={errors[path]} />;
  }
  return (
    <TextInput
      {...labelProps(label, row)}
      withAsterisk={required}
      description={description}
      type={type}
      placeholder={placeholder}
      inputMode={inputMode}
      leftSection={unit ? <Text size="sm">{unit}</Text> : undefined}
      value={value}
      onChange={(e) => set(path, e.currentTarget.value)}
      onBlur={onBlurFormat ? (e) => set(path, onBlurFormat(e.currentTarget.value)) : undefined}
      error={errors[path]}
      data-path={path}
    />
  );
}

/** A date at `path`, stored as ISO `YYYY-MM-DD` ('' when empty), shown and typed as 20/11/2026. */
export function DateFormField({ path, label, required, description, row, maxDate }: FieldProps & { maxDate?: string }) {
  const { values, errors, set, readOnly } = useVisitForm();
  return (
    <DateField
      {...labelProps(label, row)}
      required={required}
      description={description}
      readOnly={readOnly}
      maxDate={maxDate}
      value={text(getPath(values, path))}
      onChange={(v) => set(path, v)}
      error={errors[path]}
      data-path={path}
    />
  );
}

/** Several lines of text at `path`. */
export function TextAreaField({ path, label, required, description }: FieldProps) {
  const { values, errors, set, readOnly } = useVisitForm();
  return (
    <Textarea
      label={label}
      withAsterisk={required}
      description={description}
      autosize
      minRows={readOnly ? 1 : 2}
      // A record shows all of its text; while typing, the box stops growing at 6 lines and scrolls.
      maxRows={readOnly ? undefined : 6}
      readOnly={readOnly}
      placeholder={readOnly ? '—' : undefined}
      value={text(getPath(values, path))}
      onChange={(e) => set(path, e.currentTarget.value)}
      error={errors[path]}
      data-path={path}
    />
  );
}

export interface Option {
  value: string;
  label: string;
}

/** One choice from a pick list at `path`. */
export function SelectField({ path, label, required, row, data, clearable }: FieldProps & { data: Option[]; clearable?: boolean }) {
  const { values, errors, set, readOnly } = useVisitForm();
  const value = getPath(values, path);
  return (
    <Select
      {...labelProps(label, row)}
      withAsterisk={required}
      data={data}
      clearable={clearable && !readOnly}
      searchable={data.length > 8 && !readOnly}
      readOnly={readOnly}
      placeholder={readOnly ? '—' : undefined}
      allowDeselect={false}
      value={value === null || value === undefined || value === '' ? null : String(value)}
      onChange={(v) => set(path, v)}
      error={errors[path]}
      data-path={path}
    />
  );
}

/** The KBLI code at `path`: a division or a typed 5-digit code. */
export function KbliField({ path, label, required }: FieldProps) {
  const { values, errors, set, readOnly } = useVisitForm();
  const { catalog, label: nameOf } = useReference();
  const value = getPath(values, path);
  if (readOnly) {
    // The code with its division's name in full (a one-line box cut the long names).
    const code = typeof value === 'string' ? value : '';
    const shown = code ? `${code} · ${nameOf(catalog.kbli, code.slice(0, 2))}` : '';
    return <RecordValue path={path} label={label} required={required} value={shown} error={errors[path]} />;
  }
  return (
    <KbliSelect
      label={label}
      required={required}
      readOnly={readOnly}
      value={typeof value === 'string' && value ? value : null}
      onChange={(v) => set(path, v)}
      error={errors[path]}
      data-path={path}
    />
  );
}

/** Several choices from a pick list at `path` (an array of codes). */
export function MultiField({ path, label, required, data }: FieldProps & { data: Option[] }) {
  const { values, errors, set, readOnly } = useVisitForm();
  const value = getPath(values, path);
  return (
    <MultiSelect
      label={label}
      withAsterisk={required}
      data={data}
      readOnly={readOnly}
      clearable={!readOnly}
      placeholder={readOnly && !(Array.isArray(value) && value.length) ? '—' : undefined}
      value={Array.isArray(value) ? (value as string[]) : []}
      onChange={(v) => set(path, v)}
      error={errors[path]}
      data-path={path}
    />
  );
}

/** A row of checkboxes holding an array of codes at `path`. */
export function CheckGroupField({ path, label, required, data }: FieldProps & { data: Option[] }) {
  const { values, errors, set, readOnly } = useVisitForm();
  const value = getPath(values, path);
  const chosen = Array.isArray(value) ? (value as string[]) : [];
  return (
    <Checkbox.Group
      label={label}
      withAsterisk={required}
      value={chosen}
      onChange={(v) => !readOnly && set(path, v)}
      error={errors[path]}
    >
      <Group gap="md" mt={6}>
        {/* A record lists what was ticked, in full colour; the unticked choices are not news. */}
        {(readOnly ? data.filter((o) => chosen.includes(o.value)) : data).map((o) => (
          <Checkbox key={o.value} value={o.value} label={o.label} aria-readonly={readOnly || undefined} aria-invalid={errors[path] ? true : undefined} />
        ))}
        {readOnly && chosen.length === 0 && <span className="ikm-record-empty">—</span>}
      </Group>
    </Checkbox.Group>
  );
}

/** A titled card of the visit form, the target of the section list. */
export function VisitSection({ id, title, hint, children }: { id: string; title: string; hint?: string; children: ReactNode }) {
  return (
    <FormSection title={title} hint={hint} domId={`bagian-${id}`} dataSection={id}>
      {children}
    </FormSection>
  );
}
