import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { IMPORT_FIELD_LABELS, IMPORT_PROBLEM_TEXTS, IMPORT_STATUS_LABELS, ISSUE_TEXTS, type Language } from '../../db/model';
import id from './id.json';
import en from './en.json';

/**
 * A language's texts: the renderer's own, and the tables it shares with the core (which writes
 * some of these words itself, e.g. the import report), kept once in db/model.
 */
export function translationsOf(language: Language) {
  const own = { id, en }[language];
  return {
    ...own,
    issue: ISSUE_TEXTS[language],
    importProblem: IMPORT_PROBLEM_TEXTS[language],
    import: { ...own.import, fields: IMPORT_FIELD_LABELS[language], status: IMPORT_STATUS_LABELS[language] },
  };
}

/** Starts i18next with both languages bundled: the app never fetches anything at run time. */
export function startI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { id: { translation: translationsOf('id') }, en: { translation: translationsOf('en') } },
    lng: 'id',
    fallbackLng: 'id',
    interpolation: { escapeValue: false }, // React escapes already.
    returnNull: false,
  });
  return i18next;
}

/** Switches the UI language and the document's `lang`, so screen readers and hyphenation follow. */
export function applyLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
