import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, idempotencyKey } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { DOMAINS_KEY, type Domain } from './domainApi';

/** Adds a push domain, or a pull domain bound to one of the tenant's push domains. */
export function AddDomainForm({ pushDomains, onAdded }: { pushDomains: Domain[]; onAdded: (domain: Domain) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [type, setType] = useState<'push' | 'pull'>('push');
  const [pushDomain, setPushDomain] = useState('');
  const add = useMutation({
    mutationFn: () => call(api.POST('/v1/domains', {
      params: { header: { 'Idempotency-Key': idempotencyKey() } },
      body: type === 'push' ? { name, type } : { name, type, pushDomain: pushDomain || pushDomains[0]?.name },
    })),
    onSuccess: (domain) => {
      setName('');
      void client.invalidateQueries({ queryKey: DOMAINS_KEY });
      onAdded(domain);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  const pullWithoutPush = type === 'pull' && pushDomains.length === 0;
  return (
    <form className="form form-inline" onSubmit={submit} aria-label={t('domains.add')}>
      <label className="field">
        <span>{t('domains.name')}</span>
        <input required maxLength={253} value={name} onChange={(e) => setName(e.target.value.trim())}
          placeholder={type === 'push' ? 'push.example.com' : 'play.example.com'} data-testid="domain-name" />
      </label>
      <label className="field">
        <span>{t('domains.type')}</span>
        <select value={type} onChange={(e) => setType(e.target.value as 'push' | 'pull')} data-testid="domain-type">
          <option value="push">{t('domainType.push')}</option>
          <option value="pull">{t('domainType.pull')}</option>
        </select>
      </label>
      {type === 'pull' && (
        <label className="field">
          <span>{t('domains.pushDomain')}</span>
          <select value={pushDomain || pushDomains[0]?.name || ''} onChange={(e) => setPushDomain(e.target.value)}
            data-testid="domain-push">
            {pushDomains.map((d) => <option key={d.name} value={d.name}>{d.name}</option>)}
          </select>
        </label>
      )}
      <button type="submit" className="button button-primary" disabled={add.isPending || pullWithoutPush}>
        {t('domains.add')}
      </button>
      {pullWithoutPush && <p className="hint">{t('domains.pullNeedsPush')}</p>}
      <ProblemAlert error={add.error} />
    </form>
  );
}
