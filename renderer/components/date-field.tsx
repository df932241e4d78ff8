import 'dayjs/locale/id';
import 'dayjs/locale/en';
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import dayjs from 'dayjs';
import { DateInput, DatesProvider } from '@mantine/dates';
import type { MantineSize } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { localDate } from '../../db/model/visit';
import { formatDateText, parseDateText } from '../lib/date-text';

/** Calendar month and day names follow the UI language; weeks start on Monday, Sunday is the day off. */
export function DatesLocale({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'id';
  return <DatesProvider settings={{ locale, firstDayOfWeek: 1, weekendDays: [0] }}>{children}</DatesProvider>;
}

export interface DateFieldProps {
  /** ISO `YYYY-MM-DD`, or '' for no date. */
  value: string;
  /** Called with ISO `YYYY-MM-DD`, or '' when the field is emptied or holds text that is not a date. */
  onChange: (value: string) => void;
  label?: string;
  'aria-label'?: string;
  title?: string;
  description?: string;
  required?: boolean;
  readOnly?: boolean;
  /** A message from the form (e.g. the core's validation); the field's own message wins. */
  error?: ReactNode;
  minDate?: string;
  maxDate?: string;
  size?: MantineSize;
  w?: number | string;
  leftSection?: ReactNode;
  leftSectionWidth?: number;
  'data-path'?: string;
  /**
   * The message floats over what lies below instead of taking a line of its own, right-aligned to
   * the field: for a row of filters that must not jump when a message appears.
   */
  floatingError?: boolean;
}

const FLOATING_ERROR_STYLES = {
  root: { position: 'relative' },
  // Mantine spaces the input from a message below it; a floating message needs no room.
  wrapper: { marginBottom: 0 },
  error: {
    position: 'absolute',
    top: 'calc(100% + 2px)',
    right: 0,
    zIndex: 3,
    whiteSpace: 'nowrap',
    padding: '2px 8px',
    borderRadius: 'var(--mantine-radius-sm)',
    background: 'var(--mantine-color-body)',
    boxShadow: 'var(--mantine-shadow-sm)',
  },
} as const;

const addMonths = (iso: string, n: number) => dayjs(iso).add(n, 'month').format('YYYY-MM-DD');

/**
 * A date typed day first (20/11/2026, 20-11-2026, 20 November 2026) or picked from a calendar.
 * The value stays ISO; text that is not a date shows a message and stores no date, so what the
 * form saves always matches what the officer sees. Keyboard: ArrowDown opens the calendar on the
 * chosen day (or today), arrows move, PageUp/PageDown change month, Enter picks, Escape goes back.
 */
export function DateField({ value, onChange, error, minDate, maxDate, readOnly, required, floatingError, ...rest }: DateFieldProps) {
  const { t } = useTranslation();
  const owner = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  // What the officer typed since the value last came from outside or the calendar; null when in sync.
  const [text, setText] = useState<string | null>(null);
  const [opened, setOpened] = useState(false);
  const [blurred, setBlurred] = useState(false);
  const [month, setMonth] = useState<string>(() => value || localDate(new Date()));

  const problemOf = (typed: string): string | null => {
    if (typed.trim() === '') return null;
    const iso = parseDateText(typed);
    if (iso === null) return t('dateField.invalid');
    if (maxDate && iso > maxDate) return t('dateField.tooLate', { date: formatDateText(maxDate) });
    if (minDate && iso < minDate) return t('dateField.tooEarly', { date: formatDateText(minDate) });
    return null;
  };
  const problem = text === null ? null : problemOf(text);

  const dayButton = (iso: string) =>
    document.querySelector<HTMLButtonElement>(`button[data-date-owner="${owner}"][data-date="${iso}"]`);
  // Focus moves once the month is drawn: the popover mounts and fades in over a few frames.
  const focusDay = (iso: string, framesLeft = 20) =>
    requestAnimationFrame(() => {
      const target = dayButton(iso) ?? document.querySelector<HTMLButtonElement>(`button[data-date-owner="${owner}"]:not([disabled]):not([data-outside])`);
      if (target && !target.disabled) target.focus();
      if (document.activeElement !== target && framesLeft > 0) focusDay(iso, framesLeft - 1);
    });
  const openCalendar = () => {
    if (readOnly) return;
    const start = value || (maxDate && localDate(new Date()) > maxDate ? maxDate : localDate(new Date()));
    setMonth(start);
    setOpened(true);
    return start;
  };
  const backToInput = () => {
    setOpened(false);
    // After the picked day is drawn into the input; focusing earlier would keep the old text.
    setTimeout(() => inputRef.current?.focus(), 0);
  };
  const insideCalendar = (node: EventTarget | null) => node instanceof HTMLElement && node.dataset.dateOwner === owner;

  const onInputKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') setOpened(false);
    if (event.key === 'ArrowDown' && !readOnly) {
      event.preventDefault();
      const start = opened ? month : openCalendar();
      if (start) focusDay(value && dayjs(value).isSame(start, 'month') ? value : start);
    }
  };
  const onDayKeyDown = (event: KeyboardEvent<HTMLButtonElement>, day: string) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      backToInput();
    } else if (event.key === 'PageDown' || event.key === 'PageUp') {
      event.preventDefault();
      const next = addMonths(day, event.key === 'PageDown' ? 1 : -1);
      setMonth(next);
      focusDay(next);
    }
  };

  return (
    <DateInput
      {...rest}
      styles={floatingError ? FLOATING_ERROR_STYLES : undefined}
      ref={inputRef}
      withAsterisk={required}
      readOnly={readOnly}
      value={value || null}
      onChange={(iso) => {
        setText(null);
        onChange(iso ?? '');
      }}
      onInput={(event) => {
        const typed = event.currentTarget.value;
        setText(typed);
        setOpened(true);
        if (!problemOf(typed)) setBlurred(false);
        // DateInput only reports text it could read; text it could not read must not keep an old date.
        else if (value !== '') onChange('');
      }}
      onClick={() => !opened && openCalendar()}
      onKeyDown={onInputKeyDown}
      onBlur={(event) => {
        if (problem) setBlurred(true);
        else setText(null);
        if (!insideCalendar(event.relatedTarget)) setOpened(false);
      }}
      error={(blurred && problem) || error}
      dateParser={parseDateText}
      valueFormat="DD/MM/YYYY"
      // Keep unreadable text on screen next to its message instead of silently putting back the old date.
      fixOnBlur={!problem}
      placeholder={readOnly ? undefined : t('dateField.placeholder')}
      clearable={!readOnly}
      allowDeselect={false}
      clearButtonProps={{ 'aria-label': t('dateField.clear'), title: t('dateField.clear') }}
      minDate={minDate || undefined}
      maxDate={maxDate || undefined}
      date={month}
      onDateChange={setMonth}
      weekdayFormat="ddd"
      highlightToday
      previousLabel={t('dateField.previousMonth')}
      nextLabel={t('dateField.nextMonth')}
      ariaLabels={{
        previousMonth: t('dateField.previousMonth'),
        nextMonth: t('dateField.nextMonth'),
        previousYear: t('dateField.previousYear'),
        nextYear: t('dateField.nextYear'),
        previousDecade: t('dateField.previousDecade'),
        nextDecade: t('dateField.nextDecade'),
        monthLevelControl: t('dateField.pickMonth'),
        yearLevelControl: t('dateField.pickYear'),
      }}
      popoverProps={{ opened, onChange: setOpened }}
      getDayProps={(day) => ({
        'data-date': day,
        'data-date-owner': owner,
        onClick: backToInput,
        onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => onDayKeyDown(event, day),
        // Tab out of the calendar closes it. Checked a frame later: changing month redraws the
        // focused day, and focus is only put back by focusDay's own frame.
        onBlur: () =>
          requestAnimationFrame(() => {
            const now = document.activeElement;
            if (!insideCalendar(now) && now !== inputRef.current) setOpened(false);
          }),
      })}
    />
  );
}
