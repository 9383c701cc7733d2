import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useLogIn, useSession } from '../api/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { AuthFrame } from './AuthFrame';

/** Logs a tenant's user in with email and password, or the platform operator with the operator credential. */
export function LogInPage() {
  const { t } = useTranslation();
  const session = useSession();
  const logIn = useLogIn();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [asOperator, setAsOperator] = useState(false);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [operatorToken, setOperatorToken] = useState('');

  if (session.data) {
    return <Navigate to={session.data.role === 'operator' ? '/operator' : '/domains'} replace />;
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    logIn.mutate(asOperator ? { operatorToken } : { email, password }, {
      onSuccess: (opened) => {
        const next = params.get('next');
        const home = opened.role === 'operator' ? '/operator' : '/domains';
        // Only a path of this console, never another site (an open redirect through ?next=).
        navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : home, { replace: true });
      },
    });
  };
  return (
    <AuthFrame title={t('auth.logInTitle')}>
      <div className="tabs" role="group" aria-label={t('auth.logInAs')}>
        <button type="button" className={asOperator ? 'tab' : 'tab tab-active'} aria-pressed={!asOperator}
          onClick={() => setAsOperator(false)}>{t('auth.asTenant')}</button>
        <button type="button" className={asOperator ? 'tab tab-active' : 'tab'} aria-pressed={asOperator}
          onClick={() => setAsOperator(true)}>{t('auth.asOperator')}</button>
      </div>
      <form className="form" onSubmit={submit}>
        {asOperator ? (
          <label className="field">
            <span>{t('auth.operatorToken')}</span>
            <input type="password" autoComplete="off" required value={operatorToken}
              onChange={(e) => setOperatorToken(e.target.value)} />
            <small>{t('auth.operatorTokenHint')}</small>
          </label>
        ) : (
          <>
            <label className="field">
              <span>{t('auth.email')}</span>
              <input type="email" autoComplete="username" required value={email}
                onChange={(e) => setEmail(e.target.value)} />
            </label>
            <label className="field">
              <span>{t('auth.password')}</span>
              <input type="password" autoComplete="current-password" required value={password}
                onChange={(e) => setPassword(e.target.value)} />
            </label>
          </>
        )}
        <ProblemAlert error={logIn.error} />
        <button type="submit" className="button button-primary" disabled={logIn.isPending}>
          {logIn.isPending ? t('auth.loggingIn') : t('auth.logIn')}
        </button>
      </form>
      <p>{t('auth.noAccount')} <Link to="/signup">{t('auth.signUpLink')}</Link></p>
    </AuthFrame>
  );
}
