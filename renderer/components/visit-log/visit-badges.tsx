import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language, VisitKind, VisitStatus } from '../../../db/model';

// One colour per kind, so a column of badges reads at a glance.
export const KIND_COLORS: Record<VisitKind, string> = {
  identifikasi: 'grape',
  inventarisasi: 'blue',
  evaluasi: 'orange',
  pembinaan: 'teal',
};

/** The kind of a visit as a coloured badge: "Inventarisasi". */
export function VisitKindBadge({ kind }: { kind: VisitKind }) {
  const { t } = useTranslation();
  return (
    <Badge color={KIND_COLORS[kind]} variant="light" radius="sm" tt="none" size="md" maw="100%">
      {t(`visitLog.kinds.${kind}`)}
    </Badge>
  );
}

/** Draf (still editable) or Final (locked). */
export function VisitStatusBadge({ status }: { status: VisitStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'final' ? 'teal' : 'yellow'} variant={status === 'final' ? 'filled' : 'light'} radius="sm" tt="none" size="md">
      {t(`visitLog.statuses.${status}`)}
    </Badge>
  );
}

// Indonesian is the reference format; English mode reads en-GB dates (as lib/format.ts).
const LOCALES: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };

/** A calendar day "2026-11-18" as the laptop's own day (never shifted by UTC). */
function dayOf(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/** "2026-11-18" → "Rabu, 18 November 2026". */
export function formatVisitDate(isoDate: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(dayOf(isoDate));
}

/** "2026-11-18" → "Rab, 18 Nov 2026": for list columns. */
export function formatVisitDateShort(isoDate: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(dayOf(isoDate));
}

/** Where a visit opens (the visit form's route). */
export function visitHref(id: string): string {
  return `#/kunjungan/${encodeURIComponent(id)}`;
}

/** Opens a visit. */
export function openVisit(id: string): void {
  window.location.hash = visitHref(id);
}
