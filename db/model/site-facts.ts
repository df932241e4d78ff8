import { SIZE_CLASSES, sizeClassForWorkers, type SizeClass } from './catalog';
import type { SiteFact } from './visit';
import { heldKinds, readCertificates } from './certificate';

/** Certificates that make an IKM "naik kelas" (the ministry's push through SNI and ISO). */
export const GRADE_CERTIFICATES: readonly string[] = ['SNI', 'ISO9001'];

/** The order a site's facts are listed in, per visit. */
export const FACT_ORDER: readonly SiteFact['fact'][] = ['operatingStatus', 'workers', 'sizeClass', 'kbliCode', 'certificates', 'products'];

/** One fact a visit found different from the visit before it. */
export interface FactChange {
  fact: SiteFact['fact'];
  /** The first value any visit recorded (nothing to compare with). */
  first: boolean;
  /** Null when `first`. */
  from: unknown;
  to: unknown;
  /** For the workforce: the size classes it falls in before and after. */
  sizeFrom?: SizeClass | null;
  sizeTo?: SizeClass | null;
  /** Certificates: what the visit found added and gone. */
  added?: string[];
  removed?: string[];
  /** "Naik kelas": the size class went up, or a grade certificate (SNI, ISO) was gained. */
  upgraded: boolean;
}

/** A visit's line in the site's fact timeline (factChanges: visits alone). */
export interface VisitFactEntry {
  visitId: string;
  visitNumber: string;
  observedOn: string;
  changes: FactChange[];
}

/**
 * Where a change of a site's facts came from: the form that registered the site, a later edit of
 * the site form (on any laptop or at the office, arrived by sync or not), or a final visit.
 */
export type FactSource = 'registered' | 'form' | 'visit';

/** One line of a site's fact history: who changed what, when, old → new. */
export interface FactEntry {
  /** Stable and unique within the history (React keys, tests). */
  key: string;
  source: FactSource;
  /** The visit's number and id (source 'visit'). */
  visitId: string | null;
  visitNumber: string | null;
  /** The day the change counts for: the visit's date, or the day of the edit in the province. */
  observedOn: string;
  /** When the edit was saved (ISO instant); null for a visit (its date says when). */
  at: string | null;
  /** Who: the officer of the laptop that saved the edit, or the visit's officers; null when unknown here. */
  by: string | null;
  changes: FactChange[];
}

/**
 * What the history reads: the site form's saves (registration first) and the final visits'
 * findings, each with the facts it stated. Ordered as the site's current facts are chosen
 * (db/repo/sites.ts currentFacts): by day, then by HLC (an edit's own, a visit's finalization).
 */
export interface FactEvent {
  source: FactSource;
  day: string;
  hlc: string;
  visitId?: string;
  visitNumber?: string;
  at?: string;
  by: string | null;
  facts: [SiteFact['fact'], unknown][];
}

/** A form value that states nothing (empty): it never hides what a visit found. */
const unstated = (value: unknown) => value === null || value === undefined || (Array.isArray(value) && value.length === 0);

/**
 * A site's fact history, oldest first: each save of the form and each final visit, with only the
 * facts it changed (a visit restating what the site already showed lists nothing and is left
 * out). The registration lists the facts it stated, as first values.
 */
export function factHistory(events: readonly FactEvent[]): FactEntry[] {
  const ordered = [...events].sort((a, b) => {
    const rank = (e: FactEvent) => (e.source === 'registered' ? 0 : 1);
    return rank(a) - rank(b) || a.day.localeCompare(b.day) || a.hlc.localeCompare(b.hlc);
  });
  const current = new Map<SiteFact['fact'], unknown>();
  const visitStated = new Set<SiteFact['fact']>();
  const entries: FactEntry[] = [];
  for (const e of ordered) {
    const entry: FactEntry = {
      key: e.source === 'visit' ? `visit:${e.visitId}` : `${e.source}:${e.hlc}`,
      source: e.source,
      visitId: e.visitId ?? null,
      visitNumber: e.visitNumber ?? null,
      observedOn: e.day,
      at: e.at ?? null,
      by: e.by,
      changes: [],
    };
    for (const [fact, raw] of e.facts) {
      // The form's cell may hold pipeline entries: the history speaks of the kinds held.
      const value = fact === 'certificates' && Array.isArray(raw) ? heldKinds(readCertificates(raw)) : (raw ?? null);
      // An emptied form field leaves a visit's finding in place (as the current facts do).
      if (e.source !== 'visit' && unstated(value) && visitStated.has(fact)) continue;
      if (e.source === 'visit') visitStated.add(fact);
      const known = current.has(fact) && !unstated(current.get(fact));
      if (!known && unstated(value)) {
        current.set(fact, value);
        continue;
      }
      if (known && JSON.stringify(current.get(fact)) === JSON.stringify(value)) continue;
      entry.changes.push(describe(fact, !known, current.get(fact), value));
      current.set(fact, value);
    }
    entry.changes.sort((a, b) => FACT_ORDER.indexOf(a.fact) - FACT_ORDER.indexOf(b.fact));
    if (entry.changes.length) entries.push(entry);
  }
  return entries;
}

const sizeRank = (size: SizeClass | null | undefined) => (size ? SIZE_CLASSES.indexOf(size) : -1);

/** What a change of `fact` from `from` to `to` means: size classes, certificates added/removed, naik kelas. */
function describe(fact: SiteFact['fact'], first: boolean, from: unknown, to: unknown): FactChange {
  const change: FactChange = { fact, first, from: first ? null : from, to, upgraded: false };
  if (fact === 'workers') {
    change.sizeTo = sizeClassForWorkers(Number(to));
    change.sizeFrom = first ? null : sizeClassForWorkers(Number(from));
    change.upgraded = !!change.sizeFrom && !!change.sizeTo && sizeRank(change.sizeTo) > sizeRank(change.sizeFrom);
  } else if (fact === 'certificates') {
    const now = Array.isArray(to) ? (to as string[]) : [];
    const before = first || !Array.isArray(from) ? [] : (from as string[]);
    change.added = now.filter((c) => !before.includes(c));
    change.removed = before.filter((c) => !now.includes(c));
    change.upgraded = !first && change.added.some((c) => GRADE_CERTIFICATES.includes(c));
  }
  return change;
}

/** Per visit, oldest first, the facts that differ from what the previous visit found (visits that changed nothing left out). */
export function factChanges(facts: readonly SiteFact[]): VisitFactEntry[] {
  const seen = new Map<SiteFact['fact'], unknown>();
  const entries: VisitFactEntry[] = [];
  for (const f of facts) {
    let entry = entries[entries.length - 1];
    if (!entry || entry.visitId !== f.visitId) {
      entry = { visitId: f.visitId, visitNumber: f.visitNumber, observedOn: f.observedOn, changes: [] };
      entries.push(entry);
    }
    const value = f.fact === 'certificates' && Array.isArray(f.value) ? [...(f.value as string[])].sort() : f.value;
    const first = !seen.has(f.fact);
    if (first || JSON.stringify(seen.get(f.fact)) !== JSON.stringify(value)) entry.changes.push(describe(f.fact, first, seen.get(f.fact), value));
    seen.set(f.fact, value);
  }
  for (const e of entries) e.changes.sort((a, b) => FACT_ORDER.indexOf(a.fact) - FACT_ORDER.indexOf(b.fact));
  return entries.filter((e) => e.changes.length > 0);
}
