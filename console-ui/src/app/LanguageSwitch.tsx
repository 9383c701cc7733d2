import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

/** Switches between English and Simplified Chinese; the choice is remembered in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      <span className="visually-hidden">{t('app.language')}</span>
      <select value={i18n.language} onChange={(event) => setLanguage(event.target.value as Language)}
        data-testid="language">
        {LANGUAGES.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>{language.label}</option>
        ))}
      </select>
    </label>
  );
}
