import { SIZE_CLASSES, sizeClassForWorkers, type SizeClass } from './catalog';
import type { SiteFact } from './visit';

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

/** A visit's line in the site's fact timeline. */
export interface FactEntry {
  visitId: string;
  visitNumber: string;
  observedOn: string;
  changes: FactChange[];
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
export function factChanges(facts: readonly SiteFact[]): FactEntry[] {
  const seen = new Map<SiteFact['fact'], unknown>();
  const entries: FactEntry[] = [];
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
