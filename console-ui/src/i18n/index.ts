import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zh } from './zh';
import { initialLanguage, type Language } from './language';

export { LANGUAGES, type Language } from './language';

const STORAGE_KEY = 'liveplane.language';

function storedLanguage(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function setLanguage(code: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // Private modes may refuse storage: the choice then lasts for this page only.
  }
  document.documentElement.lang = code;
  void i18n.changeLanguage(code);
}

export function startI18n(): void {
  const language = initialLanguage(storedLanguage(), navigator.language);
  document.documentElement.lang = language;
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zh } },
    lng: language,
    fallbackLng: 'en',
    // React escapes every string it renders as text; escaping here as well would show &lt; to the user.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}
