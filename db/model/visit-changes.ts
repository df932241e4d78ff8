import type { Language } from './catalog';
import { fieldLabel } from './field-labels';
import { formatRupiah } from './money';

/** One changed field of an amendment, as a revision stores it: the form's dotted path, the value before and after. */
export interface FieldChange {
  path: string;
  old: unknown;
  new: unknown;
}

/** The path of a revision that added (new: file name) or removed (old: file name) a photo or document. */
export const ATTACHMENT_CHANGE = 'lampiran';

/**
 * The paths of a signature added by an amendment (new: how it was made, 'drawn' or 'typed'): it
 * belongs to the amendment, with its reason, rather than to a file name in the history.
 */
export const SIGNATURE_CHANGES = { respondent: 'signature.respondent', officer: 'signature.officer' } as const;
const SIGNATURE_LABELS: Record<string, Record<Language, string>> = {
  [SIGNATURE_CHANGES.respondent]: { id: 'Tanda tangan responden', en: "Respondent's signature" },
  [SIGNATURE_CHANGES.officer]: { id: 'Tanda tangan petugas', en: "Officer's signature" },
};
const SIGNATURE_ADDED: Record<string, Record<Language, string>> = {
  drawn: { id: 'Ditambahkan (digambar)', en: 'Added (drawn)' },
  typed: { id: 'Ditambahkan (nama diketik petugas)', en: 'Added (name typed by the officer)' },
};

/** The file a revision added or removed, read from its structured change (never from its reason). */
export function attachmentChangeOf(changes: FieldChange[]): { added: string | null; removed: string | null } | null {
  if (changes.length !== 1 || changes[0].path !== ATTACHMENT_CHANGE) return null;
  const name = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return { added: name(changes[0].new), removed: name(changes[0].old) };
}

/** The pick lists whose codes a change shows in words. */
export type OptionList = 'operatingStatus' | 'certificate' | 'problem' | 'origin' | 'market' | 'energy' | 'condition' | 'period' | 'potential';

/** What a shell supplies to put a change in words: its language and the words of its pick lists. */
export interface ChangeWords {
  language: Language;
  option(list: OptionList, code: string): string;
}

/** A change in words: "Tenaga kerja laki-laki: 4 → 5". */
export interface ChangeText {
  path: string;
  label: string;
  before: string;
  after: string;
}

type Kind =
  | { type: 'text' | 'date' | 'rupiah' | 'number' | 'coordinate' | 'texts' }
  | { type: 'option' | 'options'; list: OptionList }
  | { type: 'items'; item: (item: Record<string, unknown>, words: ChangeWords) => string | null };

const EMPTY = '–';
const LOCALES: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };
const YES_NO: Record<Language, [string, string]> = { id: ['Ya', 'Tidak'], en: ['Yes', 'No'] };
const DONE: Record<Language, string> = { id: 'sudah dilaksanakan', en: 'done' };
const NOT_DONE: Record<Language, string> = { id: 'belum dilaksanakan', en: 'not done' };
const WHOLE_FORM: Record<Language, string> = { id: 'Seluruh isian', en: 'Whole form' };
const ATTACHMENT: Record<Language, string> = { id: 'Lampiran', en: 'Attachment' };

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** How each field of the visit form is shown; a path not listed is shown by the shape of its value. */
const FIELDS: Record<string, Kind> = {
  visitDate: { type: 'date' },
  stoppedSince: { type: 'date' },
  productionValueRp: { type: 'rupiah' },
  investmentRp: { type: 'rupiah' },
  'workforce.male': { type: 'number' },
  'workforce.female': { type: 'number' },
  'capacity.amount': { type: 'number' },
  revivalPotential: { type: 'number' },
  latitude: { type: 'coordinate' },
  longitude: { type: 'coordinate' },
  operatingStatus: { type: 'option', list: 'operatingStatus' },
  sentraPotential: { type: 'option', list: 'potential' },
  'capacity.period': { type: 'option', list: 'period' },
  buildingCondition: { type: 'option', list: 'condition' },
  machineCondition: { type: 'option', list: 'condition' },
  certificates: { type: 'options', list: 'certificate' },
  certificatesHeld: { type: 'options', list: 'certificate' },
  certificatesWanted: { type: 'options', list: 'certificate' },
  energySources: { type: 'options', list: 'energy' },
  marketReach: { type: 'options', list: 'market' },
  stopReasons: { type: 'options', list: 'problem' },
  officers: { type: 'texts' },
  exportDestinations: { type: 'texts' },
  rawMaterials: {
    type: 'items',
    item: (m, words) => {
      const name = str(m.name);
      const origin = str(m.origin);
      return name && origin ? `${name} (${words.option('origin', origin)})` : name;
    },
  },
  machinery: {
    type: 'items',
    item: (m, words) => {
      const name = str(m.name);
      return name && typeof m.count === 'number' ? `${name} (${formatNumber(m.count, words.language)})` : name;
    },
  },
  problems: {
    type: 'items',
    item: (p, words) => {
      const kind = str(p.kind);
      const notes = str(p.notes);
      if (!kind) return notes;
      return notes ? `${words.option('problem', kind)}: ${notes}` : words.option('problem', kind);
    },
  },
  recommendations: {
    type: 'items',
    item: (r, words) => {
      const text = str(r.text);
      if (!text) return null;
      const due = str(r.dueDate);
      const extra = [str(r.action), due ? formatDate(due, words.language) : null].filter(Boolean).join(', ');
      return extra ? `${text} (${extra})` : text;
    },
  },
  followUps: {
    type: 'items',
    item: (f, words) => {
      const text = str(f.recommendation);
      if (!text) return null;
      const notes = str(f.notes);
      return `${text} (${f.done === true ? DONE[words.language] : NOT_DONE[words.language]}${notes ? `; ${notes}` : ''})`;
    },
  },
};

function formatNumber(value: number, language: Language, digits = 2): string {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: digits }).format(value);
}

/** "2018-10-31" → "31 Oktober 2018" / "31 October 2018"; anything else as it is. */
function formatDate(iso: string, language: Language): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALES[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** A value of unknown shape (a field this version does not know): words, never JSON. */
function anyValue(value: unknown, words: ChangeWords): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return YES_NO[words.language][value ? 0 : 1];
  if (typeof value === 'number') return Number.isFinite(value) ? formatNumber(value, words.language, 6) : null;
  if (typeof value === 'string') return str(value);
  if (Array.isArray(value)) {
    const parts = value.map((v) => anyValue(v, words)).filter((p): p is string => !!p);
    return parts.length ? parts.join('; ') : null;
  }
  if (typeof value === 'object') {
    const parts = Object.values(value as Record<string, unknown>).map((v) => anyValue(v, words)).filter((p): p is string => !!p);
    return parts.length ? parts.join(', ') : null;
  }
  return null;
}

/** One field's value in words: dates in the language, Rupiah, numbers grouped, lists joined, codes named. */
export function formatVisitValue(path: string, value: unknown, words: ChangeWords): string {
  if (SIGNATURE_LABELS[path]) return typeof value === 'string' && SIGNATURE_ADDED[value] ? SIGNATURE_ADDED[value][words.language] : EMPTY;
  const kind = FIELDS[path];
  const shown = (() => {
    if (!kind || value === null || value === undefined) return anyValue(value, words);
    switch (kind.type) {
      case 'date':
        return typeof value === 'string' ? formatDate(value, words.language) : anyValue(value, words);
      case 'rupiah':
        return typeof value === 'number' ? formatRupiah(value) : anyValue(value, words);
      case 'number':
        return typeof value === 'number' ? formatNumber(value, words.language) : anyValue(value, words);
      case 'coordinate':
        return typeof value === 'number' ? formatNumber(value, words.language, 6) : anyValue(value, words);
      case 'option':
        return typeof value === 'string' && value !== '' ? words.option(kind.list, value) : anyValue(value, words);
      case 'options':
      case 'texts':
      case 'items': {
        if (!Array.isArray(value)) return anyValue(value, words);
        const parts = value
          .map((item) => {
            if (kind.type === 'options') return typeof item === 'string' ? words.option(kind.list, item) : null;
            if (kind.type === 'items') return typeof item === 'object' && item !== null ? kind.item(item as Record<string, unknown>, words) : null;
            return anyValue(item, words);
          })
          .filter((p): p is string => !!p);
        return parts.length ? parts.join('; ') : null;
      }
      default:
        return anyValue(value, words);
    }
  })();
  return shown ?? EMPTY;
}

/** Fields inside a list's items ("recommendations.0.text"), by the path without its index. */
const ITEM_LABELS: Record<string, [id: string, en: string]> = {
  officers: ['Nama petugas', 'Officer name'],
  exportDestinations: ['Negara tujuan ekspor', 'Export destination'],
  'recommendations.text': ['Rekomendasi', 'Recommendation'],
  'recommendations.action': ['Tindak lanjut', 'Follow-up action'],
  'recommendations.dueDate': ['Tenggat', 'Due date'],
  'rawMaterials.name': ['Bahan baku', 'Raw material'],
  'rawMaterials.origin': ['Asal bahan baku', 'Origin of the raw material'],
  'machinery.name': ['Nama mesin', 'Machine'],
  'machinery.count': ['Jumlah mesin', 'Number of machines'],
  'problems.kind': ['Masalah', 'Problem'],
  'problems.notes': ['Catatan masalah', 'Notes on the problem'],
  'followUps.recommendation': ['Rekomendasi sebelumnya', 'Earlier recommendation'],
  'followUps.notes': ['Catatan', 'Notes'],
};

/** The label of a form field in the language, list items included; never a dotted path. */
export function visitFieldLabel(path: string, language: Language): string {
  if (path === ATTACHMENT_CHANGE) return ATTACHMENT[language];
  if (SIGNATURE_LABELS[path]) return SIGNATURE_LABELS[path][language];
  if (path === '(semua)' || path === '') return WHOLE_FORM[language];
  const parts = path.split('.');
  const item = parts.filter((p) => !/^\d+$/.test(p)).join('.');
  if (item !== path && ITEM_LABELS[item]) return ITEM_LABELS[item][language === 'id' ? 0 : 1];
  for (const key of [path, item]) {
    const label = fieldLabel('visit', `data.${key}`);
    if (label.id !== `data.${key}`) return label[language];
  }
  // A field this version does not name (a newer laptop's): its last word, spaced out.
  const last = parts.filter((p) => !/^\d+$/.test(p)).at(-1) ?? path;
  const words = last.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A stored change in words, for the history on screen and on paper. */
export function describeChange(change: FieldChange, words: ChangeWords): ChangeText {
  return {
    path: change.path,
    label: visitFieldLabel(change.path, words.language),
    before: formatVisitValue(change.path, change.old, words),
    after: formatVisitValue(change.path, change.new, words),
  };
}
