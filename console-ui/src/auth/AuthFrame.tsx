import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../app/LanguageSwitch';
import { PageHeader } from '../components/PageHeader';

/** The frame of the pages before a session exists: the product's name, the language, one form. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main className="auth">
      <div className="auth-card">
        <div className="auth-top">
          <span className="brand">{t('app.name')}</span>
          <LanguageSwitch />
        </div>
        <PageHeader title={title} />
        {children}
      </div>
    </main>
  );
}
