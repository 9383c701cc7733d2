import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { useSession, useSignUp } from '../api/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { AuthFrame } from './AuthFrame';

/** Creates a tenant and its first user, and ends logged in (the session cookie the answer set). */
export function SignUpPage() {
  const { t } = useTranslation();
  const session = useSession();
  const signUp = useSignUp();
  const navigate = useNavigate();
  const [tenantName, setTenantName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  if (session.data) {
    return <Navigate to="/domains" replace />;
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signUp.mutate({ tenantName, email, password }, { onSuccess: () => navigate('/domains', { replace: true }) });
  };
  return (
    <AuthFrame title={t('auth.signUpTitle')}>
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>{t('auth.tenantName')}</span>
          <input required maxLength={100} autoComplete="organization" value={tenantName}
            onChange={(e) => setTenantName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('auth.email')}</span>
          <input type="email" required maxLength={254} autoComplete="username" value={email}
            onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('auth.password')}</span>
          <input type="password" required minLength={10} maxLength={200} autoComplete="new-password"
            value={password} onChange={(e) => setPassword(e.target.value)} />
          <small>{t('auth.passwordHint')}</small>
        </label>
        <ProblemAlert error={signUp.error} />
        <button type="submit" className="button button-primary" disabled={signUp.isPending}>
          {signUp.isPending ? t('auth.signingUp') : t('auth.signUp')}
        </button>
      </form>
      <p>{t('auth.haveAccount')} <Link to="/login">{t('auth.logInLink')}</Link></p>
    </AuthFrame>
  );
}
