import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useLogOut, useSession } from '../api/session';
import { Loading } from '../components/Loading';
import { LanguageSwitch } from './LanguageSwitch';

const TENANT_PAGES = [
  ['/domains', 'nav.domains'],
  ['/streams', 'nav.streams'],
  ['/recordings', 'nav.recordings'],
  ['/usage', 'nav.usage'],
  ['/billing', 'nav.billing'],
  ['/api-keys', 'nav.apiKeys'],
] as const;

const OPERATOR_PAGES = [
  ['/operator/nodes', 'nav.nodes'],
  ['/operator/tenants', 'nav.tenants'],
  ['/operator/skus', 'nav.skus'],
  ['/operator/node-tokens', 'nav.nodeTokens'],
] as const;

/** The frame around every page: who is logged in, the language, log-out, and the pages of the role. */
export function Layout({ role }: { role: 'tenant' | 'operator' }) {
  const { t } = useTranslation();
  const session = useSession().data;
  const logOut = useLogOut();
  const navigate = useNavigate();
  const pages = role === 'tenant' ? TENANT_PAGES : OPERATOR_PAGES;
  const who = role === 'operator' ? t('app.operator') : `${session?.tenantName ?? ''} · ${session?.email ?? ''}`;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <span className="who" data-testid="who">{who}</span>
        <LanguageSwitch />
        <button type="button" className="button button-small" disabled={logOut.isPending}
          onClick={() => logOut.mutate(undefined, { onSettled: () => navigate('/login') })}>
          {t('app.logOut')}
        </button>
      </header>
      <nav className="sidebar" aria-label={t('app.navigation')}>
        <ul>
          {pages.map(([to, label]) => (
            <li key={to}><NavLink to={to}>{t(label)}</NavLink></li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
