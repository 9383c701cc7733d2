import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { components } from '../api/generated/schema';
import { ConfirmButton } from '../components/ConfirmButton';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';
import { Secret } from '../components/Secret';

type SigningScheme = components['schemas']['SigningScheme'];
const SCHEMES: SigningScheme[] = ['A', 'TX', 'HMAC', 'JWT'];

/** How a domain's URLs are signed: scheme and validity, the two keys (masked) and their rotation, JWT public keys. */
export function SigningPanel({ name }: { name: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = ['auth', name];
  const auth = useQuery({
    queryKey: key,
    queryFn: () => call(api.GET('/v1/domains/{name}/auth', { params: { path: { name } } })),
  });
  const [scheme, setScheme] = useState<SigningScheme>('A');
  const [validity, setValidity] = useState('');
  const [jwk, setJwk] = useState('');
  useEffect(() => {
    if (auth.data) {
      setScheme(auth.data.scheme);
      setValidity(String(auth.data.validitySeconds));
    }
  }, [auth.data]);
  const saved = (next: components['schemas']['DomainAuth']) => client.setQueryData(key, next);
  const update = useMutation({
    mutationFn: () => call(api.PUT('/v1/domains/{name}/auth', {
      params: { path: { name } }, body: { scheme, validitySeconds: Number(validity) },
    })),
    onSuccess: saved,
  });
  const rotate = useMutation({
    mutationFn: () => call(api.POST('/v1/domains/{name}/auth/rotate', { params: { path: { name } } })),
    onSuccess: saved,
  });
  const addKey = useMutation({
    mutationFn: () => call(api.POST('/v1/domains/{name}/auth/jwt-keys', {
      params: { path: { name } }, body: { jwk },
    })),
    onSuccess: (next) => {
      setJwk('');
      saved(next);
    },
  });
  const removeKey = useMutation({
    mutationFn: (kid: string) => call(api.DELETE('/v1/domains/{name}/auth/jwt-keys/{kid}', {
      params: { path: { name, kid } },
    })),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  if (auth.isPending) {
    return <Loading />;
  }
  if (!auth.data) {
    return <ProblemAlert error={auth.error} />;
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate();
  };
  return (
    <>
      <form className="form form-inline" onSubmit={submit}>
        <label className="field">
          <span>{t('signing.scheme')}</span>
          <select value={scheme} onChange={(e) => setScheme(e.target.value as SigningScheme)}>
            {SCHEMES.map((s) => <option key={s} value={s}>{t(`signingScheme.${s}`)}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t('signing.validity')}</span>
          <input type="number" min={1} required value={validity} onChange={(e) => setValidity(e.target.value)} />
        </label>
        <button type="submit" className="button button-primary" disabled={update.isPending}>{t('common.save')}</button>
      </form>
      <ProblemAlert error={update.error} />
      <h3>{t('signing.keys')}</h3>
      {auth.data.primaryKey ? (
        <>
          <Secret label={t('signing.primaryKey')} value={auth.data.primaryKey} />
          {auth.data.secondaryKey && <Secret label={t('signing.secondaryKey')} value={auth.data.secondaryKey} />}
          <p className="hint">{t('signing.rotateHint')}</p>
          <ConfirmButton label={t('signing.rotate')} danger={false} disabled={rotate.isPending}
            onConfirm={() => rotate.mutate()} />
        </>
      ) : <p className="hint">{t('signing.noKeys')}</p>}
      <ProblemAlert error={rotate.error} />
      <h3>{t('signing.jwtKeys')}</h3>
      {auth.data.jwtKeys.length === 0 ? <p className="hint">{t('signing.noJwtKeys')}</p> : (
        <ul className="plain-list">
          {auth.data.jwtKeys.map((k) => (
            <li key={k.kid}>
              <code>{k.kid}</code>{' '}
              <ConfirmButton label={t('signing.removeJwtKey')} disabled={removeKey.isPending}
                onConfirm={() => removeKey.mutate(k.kid)} />
            </li>
          ))}
        </ul>
      )}
      <form className="form" onSubmit={(e) => { e.preventDefault(); addKey.mutate(); }}>
        <label className="field">
          <span>{t('signing.jwk')}</span>
          <textarea rows={3} required maxLength={4096} value={jwk} onChange={(e) => setJwk(e.target.value)}
            placeholder='{"kty":"EC","crv":"P-256","kid":"…","x":"…","y":"…"}' />
        </label>
        <button type="submit" className="button" disabled={addKey.isPending}>{t('signing.addJwtKey')}</button>
      </form>
      <ProblemAlert error={addKey.error ?? removeKey.error} />
    </>
  );
}
