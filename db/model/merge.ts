import { z } from 'zod';
import type { Site, SiteFields } from './site';

/**
 * What a person chooses per field when two registrations become one: each of these comes from
 * the survivor unless it is named as taken from the other site. A field that travels with another
 * goes with it (coordinates as a pair, the size class with the workforce, the sector with the KBLI).
 */
export const MERGE_FIELDS = [
  'name',
  'ownerName',
  'phone',
  'email',
  'address',
  'villageCode',
  'coordinates',
  'kbliCode',
  'products',
  'legalForm',
  'nib',
  'certificates',
  'workers',
  'operatingStatus',
  'yearEstablished',
  'notes',
] as const;
export const MergeField = z.enum(MERGE_FIELDS);
export type MergeField = z.infer<typeof MergeField>;

/** The survivor's fields after a merge: its own, with the fields named in `take` from the other site. */
export function mergedFields(survivor: Site, other: Site, take: readonly MergeField[]): SiteFields {
  const from = (field: MergeField) => (take.includes(field) ? other : survivor);
  return {
    name: from('name').name,
    ownerName: from('ownerName').ownerName,
    phone: from('phone').phone,
    email: from('email').email,
    address: from('address').address,
    villageCode: from('villageCode').villageCode,
    latitude: from('coordinates').latitude,
    longitude: from('coordinates').longitude,
    kbliCode: from('kbliCode').kbliCode,
    sectorGroup: from('kbliCode').sectorGroup,
    products: from('products').products,
    legalForm: from('legalForm').legalForm,
    nib: from('nib').nib,
    certificates: [...from('certificates').certificatePipeline],
    workers: from('workers').workers,
    sizeClass: from('workers').sizeClass,
    operatingStatus: from('operatingStatus').operatingStatus,
    yearEstablished: from('yearEstablished').yearEstablished,
    notes: from('notes').notes,
  };
}

/** `site.merge`: the survivor, the site merged into it, and the fields taken from that site. */
export const MergeSitesRequest = z.object({
  survivorId: z.string().uuid('ID tidak valid'),
  loserId: z.string().uuid('ID tidak valid'),
  takeFromLoser: z.array(MergeField).max(MERGE_FIELDS.length).default([]),
});
export type MergeSitesRequest = z.input<typeof MergeSitesRequest>;

/** `site.unmerge`: the merged-away site to bring back (its merge is undone on every replica). */
export const UnmergeSiteRequest = z.object({ loserId: z.string().uuid('ID tidak valid') });

/** `site.markDistinct`: "bukan duplikat", two sites a person says are two IKM. */
export const MarkDistinctRequest = z
  .object({ siteA: z.string().uuid('ID tidak valid'), siteB: z.string().uuid('ID tidak valid') })
  .refine((r) => r.siteA !== r.siteB, { message: 'Pilih dua usaha yang berbeda', params: { code: 'same_site' } });

/** `site.undoDistinct`: take back "bukan duplikat" for a pair (it is offered as likely duplicates again). */
export const UndoDistinctRequest = MarkDistinctRequest;

/**
 * One line of a site's timeline about a merge or a "bukan duplikat" decision naming it (an undo is
 * a line of its own). `role`: for a merge, whether this site kept everything or went into the other.
 */
export interface SiteDecision {
  key: string;
  kind: 'merged' | 'unmerged' | 'distinct' | 'distinctUndone';
  role: 'survivor' | 'loser' | null;
  other: { id: string; name: string };
  by: string | null;
  /** ISO instant of the decision (or of its undo). */
  at: string;
  /** A "bukan duplikat" still in force: the timeline offers to undo it. */
  undoable: boolean;
}

/** Where a merged-away site went: the site it now lives on, and the merge that took it (to undo it). */
export interface SiteMergeState {
  /** The site it lives on now, after every merge (null when it was not merged away). */
  survivor: { id: string; name: string } | null;
  /** The merge of this site into another (the one an unmerge undoes). */
  merge: { survivorId: string; survivorName: string; mergedBy: string | null; mergedAt: string } | null;
}

/** The id of the row that records a decision on a pair of sites: the same whichever way round. */
export function pairId(a: string, b: string): string {
  return [a, b].sort().join('+');
}
