import { z } from 'zod';
import { Id } from './site';
import { VisitKind, type VisitKind as Kind } from './visit';

export const VisitStartRequest = z.object({ siteId: Id, kind: VisitKind });
export type VisitStartRequest = z.input<typeof VisitStartRequest>;

/** What the core knows about a site when a visit to it starts. */
export interface VisitStartFacts {
  kbliCode: string;
  products: string | null;
  certificates: string[];
  operatingStatus: string;
  latitude: number | null;
  longitude: number | null;
  /** The workforce of the site's latest final visit that counted it (the site keeps only a total). */
  workforce: { male: number; female: number } | null;
  /** The recommendations of the latest final visit that made any: what a pembinaan follows up. */
  recommendations: string[];
}

/** `visit.start`: the draft a new visit of `kind` starts from, and the facts it was made from. */
export interface VisitStart {
  data: Record<string, unknown> & { kind: Kind };
  facts: VisitStartFacts;
}

/**
 * The first draft of a visit: every kind starts from the site's current facts (status,
 * coordinates; KBLI, products and certificates where the kind records them; the last counted
 * workforce), and a pembinaan from the earlier recommendations. Stored shape, as `visit.saveDraft`
 * takes it. Decided here, once, not by each screen.
 */
export function newVisitData(kind: Kind, facts: VisitStartFacts, who: { officerName: string; today: string }): VisitStart['data'] {
  const base = {
    kind,
    visitDate: who.today,
    officers: [who.officerName],
    respondent: { name: '', position: '', phone: '' },
    operatingStatus: facts.operatingStatus,
    latitude: facts.latitude,
    longitude: facts.longitude,
    findings: '',
    recommendations: [],
  };
  const workforce = facts.workforce ? { ...facts.workforce } : {};
  switch (kind) {
    case 'identifikasi':
      return {
        ...base,
        kbliCode: facts.kbliCode,
        products: facts.products ?? '',
        certificates: [...facts.certificates],
        workforce,
        sentraPotential: null,
        sentraNotes: '',
      };
    case 'inventarisasi':
      return {
        ...base,
        workforce,
        capacity: { unit: '', period: null },
        productionValueRp: '',
        investmentRp: '',
        rawMaterials: [],
        machinery: [],
        energySources: [],
        marketReach: [],
        exportDestinations: [],
        certificatesHeld: [...facts.certificates],
        certificatesWanted: [],
        problems: [],
        assistanceReceived: '',
      };
    case 'evaluasi':
      return { ...base, stoppedSince: '', stopReasons: [], stopNotes: '', buildingCondition: null, machineCondition: null, revivalNotes: '' };
    case 'pembinaan':
      return { ...base, followUps: facts.recommendations.map((recommendation) => ({ recommendation, done: false, notes: '' })) };
  }
}
