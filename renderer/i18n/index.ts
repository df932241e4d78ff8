import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../db/model';
import id from './id.json';
import en from './en.json';

/** Starts i18next with both languages bundled: the app never fetches anything at run time. */
export function startI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { id: { translation: id }, en: { translation: en } },
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
