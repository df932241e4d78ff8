/**
 * Every channel of the API, named once. Pure and tiny on purpose: the preload bundles it,
 * and `contract.ts` must declare exactly these keys.
 */
export const CHANNELS = [
  'app.info',
  'setup.get',
  'setup.save',
  'settings.setLanguage',
  'ref.provinces',
  'ref.regencies',
  'ref.districts',
  'ref.villages',
  'ref.catalog',
  'wilayah.list',
  'wilayah.save',
  'site.create',
  'site.update',
  'site.archive',
  'site.restore',
  'site.get',
  'site.list',
  'site.counts',
  'site.timeline',
  'visit.saveDraft',
  'visit.finalize',
  'visit.amend',
  'visit.discardDraft',
  'visit.get',
  'visit.drafts',
  'visit.list',
  'attachment.add',
  'attachment.list',
  'attachment.read',
  'attachment.remove',
] as const;

export type Channel = (typeof CHANNELS)[number];
