/**
 * The lifecycle rule of a visit: what a final visit says, from its change messages alone.
 *
 * Finalizing writes `status` = final and then restates every cell of the form (`data.*` and
 * `kind`): the seal. Amending restates `status` = final and then writes the fields it changes.
 * So a replica that wrote a `status` = final message had the visit final from then on, and every
 * later message it writes on the visit "saw the finalization" (post-final). A draft edit made
 * where the visit was not final yet is not post-final, whatever its HLC.
 *
 * Of a sealed final visit, each form cell reads its latest post-final message (none: the field is
 * absent). Every other head of the cell with another value (a draft edit the finalizer had not
 * seen, or a concurrent amendment) is a conflict a person sees; it is never applied in place.
 * A visit finalized by an older version has no seal (nothing it wrote restates `data.kind` after
 * its status, on top of an earlier kind): it reads its cells by plain last-writer-wins, as it always did.
 *
 * A pure function of the set of messages: the same on every replica, in any arrival order.
 */

/** One change message of a visit's cell, as the rule reads it (values are JSON text). */
export interface LifecycleMessage {
  hlc: string;
  value: string;
  prevHlc: string | null;
}

export interface FinalVisitCells {
  /** The first finalization's HLC (orders same-day visits among a site's facts). */
  firstFinal: string;
  /** Form cell → the message it reads now; null when no post-final message exists (absent field). */
  winners: Map<string, LifecycleMessage | null>;
  /** Form cell → its conflicts: the winning message (a finalization's status when the field is absent) and the heads that lose. */
  conflicts: Map<string, { winner: string; losers: string[] }>;
  /**
   * The same rule for an attachment of the visit (its `deleted` cell's heads): the finalization
   * restates each attachment's `deleted`, so one added or removed in a draft the finalizer had not
   * seen is not on the final visit (an attachment no finalization saw is not there) but a conflict.
   */
  attachmentDeleted(heads: readonly LifecycleMessage[]): { deleted: boolean; shown: string | null; conflict: { winner: string; losers: string[] } | null };
}

const FINAL = '"final"';
/** The replica that wrote a message: the last 16 hex digits of its HLC. */
const replicaOf = (hlc: string): string => hlc.slice(-16);

/** The cells the rule governs: the form's leaves and the kind. */
export const isFormCell = (column: string): boolean => column === 'kind' || column.startsWith('data.');

/**
 * `heads`: column → the heads of that cell (messages no other message of the cell builds on);
 * `messageOf`: a message by HLC (null when not here), to walk back along `prevHlc`.
 * Returns null for a draft and for an unsealed (old) final visit: their cells read plain LWW.
 */
export function finalVisitCells(heads: ReadonlyMap<string, readonly LifecycleMessage[]>, messageOf: (hlc: string) => LifecycleMessage | null): FinalVisitCells | null {
  // Every status message is a head or an ancestor of one.
  const finals: LifecycleMessage[] = [];
  const seen = new Set<string>();
  const stack = [...(heads.get('status') ?? [])];
  while (stack.length) {
    const m = stack.pop()!;
    if (seen.has(m.hlc)) continue;
    seen.add(m.hlc);
    if (m.value === FINAL) finals.push(m);
    const parent = m.prevHlc ? messageOf(m.prevHlc) : null;
    if (parent) stack.push(parent);
  }
  if (!finals.length) return null;
  // Each replica knew the visit final from its first final status on.
  const knewFinal = new Map<string, string>();
  for (const f of finals) {
    const r = replicaOf(f.hlc);
    const known = knewFinal.get(r);
    if (!known || f.hlc < known) knewFinal.set(r, f.hlc);
  }
  const postFinal = (m: LifecycleMessage): boolean => {
    const known = knewFinal.get(replicaOf(m.hlc));
    return known !== undefined && known < m.hlc;
  };
  // The latest post-final message under a head: HLCs fall going back, so the first one met; none
  // is older than the first finalization, so the walk stops there.
  const firstFinal = finals.reduce((a, b) => (a.hlc < b.hlc ? a : b)).hlc;
  const latestPostFinal = (head: LifecycleMessage): LifecycleMessage | null => {
    for (let m: LifecycleMessage | null = head; m && m.hlc > firstFinal; m = m.prevHlc ? messageOf(m.prevHlc) : null) if (postFinal(m)) return m;
    return null;
  };

  const latestOf = (cellHeads: readonly LifecycleMessage[]): LifecycleMessage | null => {
    let best: LifecycleMessage | null = null;
    for (const h of cellHeads) {
      const m = latestPostFinal(h);
      if (m && (!best || m.hlc > best.hlc)) best = m;
    }
    return best;
  };

  const winners = new Map<string, LifecycleMessage | null>();
  for (const [column, cellHeads] of heads) if (isFormCell(column)) winners.set(column, latestOf(cellHeads));
  // A seal restates the kind the draft already had, so it builds on an earlier message. The
  // messages migration 0005 made for an older version's rows build on none: no seal, plain LWW.
  if (!winners.get('data.kind')?.prevHlc) return null;

  /** The heads other than the winner, with another value than it (`absent`: the value of no winner). */
  const conflictOf = (cellHeads: readonly LifecycleMessage[], best: LifecycleMessage | null, absent: string) => {
    // A single head that is the winner: nothing concurrent (an open conflict of it is closed by the caller).
    if (cellHeads.length === 1 && cellHeads[0].hlc === best?.hlc) return null;
    const value = best?.value ?? absent;
    return { winner: best?.hlc ?? firstFinal, losers: cellHeads.filter((h) => h.hlc !== best?.hlc && h.value !== value).map((h) => h.hlc) };
  };
  const conflicts = new Map<string, { winner: string; losers: string[] }>();
  for (const [column, best] of winners) {
    const c = conflictOf(heads.get(column)!, best, 'null');
    if (c) conflicts.set(column, c);
  }
  return {
    firstFinal,
    winners,
    conflicts,
    attachmentDeleted(cellHeads) {
      const best = latestOf(cellHeads);
      return { deleted: best ? best.value === '1' : true, shown: best?.hlc ?? null, conflict: conflictOf(cellHeads, best, '1') };
    },
  };
}
