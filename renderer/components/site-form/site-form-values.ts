import { newSiteStatus, type CertificateEntry, type CertificateEntryInput, type Site, type SiteInput, type SiteOrigin } from '../../../db/model';

/** What the form holds while the officer types: text as typed, choices as codes. */
export interface SiteFormValues {
  name: string;
  ownerName: string;
  phone: string;
  email: string;
  legalForm: string | null;
  nib: string;
  yearEstablished: string;
  regencyCode: string | null;
  districtCode: string | null;
  villageCode: string | null;
  address: string;
  latitude: string;
  longitude: string;
  kbliCode: string | null;
  sectorGroup: string | null;
  products: string;
  /** Kinds held. */
  certificates: string[];
  /** Kinds applied for (naik kelas: in process). */
  certificatesInProcess: string[];
  /** The stored entries: their numbers and dates go back with the kind while its stage stays. */
  certificateEntries: CertificateEntry[];
  workers: string;
  sizeClass: string | null;
  operatingStatus: string;
  notes: string;
}

export const EMPTY_SITE_FORM: SiteFormValues = {
  name: '',
  ownerName: '',
  phone: '',
  email: '',
  legalForm: null,
  nib: '',
  yearEstablished: '',
  regencyCode: null,
  districtCode: null,
  villageCode: null,
  address: '',
  latitude: '',
  longitude: '',
  kbliCode: null,
  sectorGroup: null,
  products: '',
  certificates: [],
  certificatesInProcess: [],
  certificateEntries: [],
  workers: '',
  sizeClass: null,
  operatingStatus: 'aktif',
  notes: '',
};

/**
 * A new site starts in the officer's own kabupaten/kota when the office has one, with the status
 * the core gives a site registered from `origin` (the register, or a new unit's first visit).
 */
export function newSiteForm(regencyCode: string | null, origin: SiteOrigin = 'register'): SiteFormValues {
  return { ...EMPTY_SITE_FORM, regencyCode, operatingStatus: newSiteStatus(origin) };
}

/** A stored site as form values (coordinates keep the Indonesian decimal comma). */
export function formFromSite(site: Site): SiteFormValues {
  const coordinate = (v: number | null) => (v === null ? '' : String(v).replace('.', ','));
  return {
    name: site.name,
    ownerName: site.ownerName ?? '',
    phone: site.phone ?? '',
    email: site.email ?? '',
    legalForm: site.legalForm,
    nib: site.nib ?? '',
    yearEstablished: site.yearEstablished === null ? '' : String(site.yearEstablished),
    regencyCode: site.regencyCode,
    districtCode: site.districtCode,
    villageCode: site.villageCode,
    address: site.address ?? '',
    latitude: coordinate(site.latitude),
    longitude: coordinate(site.longitude),
    kbliCode: site.kbliCode,
    sectorGroup: site.sectorGroup,
    products: site.products ?? '',
    certificates: site.certificates,
    certificatesInProcess: site.certificatePipeline.filter((e) => e.status === 'proses').map((e) => e.kind),
    certificateEntries: site.certificatePipeline,
    workers: site.workers === null ? '' : String(site.workers),
    sizeClass: site.sizeClass,
    operatingStatus: site.operatingStatus,
    notes: site.notes ?? '',
  };
}

/**
 * Whole numbers typed as text: empty is "none", digits are a number, anything else is passed
 * through so the schema answers with its own message ("… harus berupa angka").
 */
function wholeNumber(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The form as the API input; the same zod schema checks it here and in the core. */
export function siteInputFromForm(values: SiteFormValues): SiteInput {
  // Unchosen picks go as undefined, so the schema says "… wajib dipilih" rather than "format".
  const unchosen = undefined as unknown as string;
  return {
    name: values.name,
    ownerName: values.ownerName,
    phone: values.phone,
    email: values.email,
    address: values.address,
    villageCode: values.villageCode ?? unchosen,
    latitude: values.latitude,
    longitude: values.longitude,
    kbliCode: values.kbliCode ?? unchosen,
    sectorGroup: values.sectorGroup as SiteInput['sectorGroup'],
    products: values.products,
    legalForm: values.legalForm as SiteInput['legalForm'],
    nib: values.nib,
    certificates: certificateInput(values),
    workers: wholeNumber(values.workers) as number | null,
    sizeClass: values.sizeClass as SiteInput['sizeClass'],
    operatingStatus: values.operatingStatus as SiteInput['operatingStatus'],
    yearEstablished: wholeNumber(values.yearEstablished) as number | null,
    notes: values.notes,
  };
}

/** Held kinds and kinds in process as entries; a kind held and in process is held. */
function certificateInput(values: SiteFormValues): CertificateEntryInput[] {
  const stored = (kind: string, status: CertificateEntry['status']) => values.certificateEntries.find((e) => e.kind === kind && e.status === status);
  const entry = (kind: string, status: CertificateEntry['status']): CertificateEntryInput => {
    const before = stored(kind, status);
    return { kind: kind as CertificateEntry['kind'], status, number: before?.number ?? null, date: before?.date ?? null };
  };
  return [
    ...values.certificates.map((k) => entry(k, 'dimiliki')),
    ...values.certificatesInProcess.filter((k) => !values.certificates.includes(k)).map((k) => entry(k, 'proses')),
  ];
}
