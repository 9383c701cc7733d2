/** The console's languages: English and Simplified Chinese, the platform's first users' language. */
export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

export function isLanguage(code: string | null): code is Language {
  return LANGUAGES.some((language) => language.code === code);
}

/** The language chosen before (kept in localStorage), else the browser's if it is Chinese, else English. */
export function initialLanguage(stored: string | null, browser: string): Language {
  if (isLanguage(stored)) {
    return stored;
  }
  return browser.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
