import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { DOMAINS_KEY, domainKey, type Domain } from './domainApi';
import { linesOf } from './lines';

/** Referer and IP allow and deny lists, one pattern or CIDR per line. */
export function AccessRulesPanel({ domain }: { domain: Domain }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [refererAllow, setRefererAllow] = useState(domain.refererAllow.join('\n'));
  const [refererDeny, setRefererDeny] = useState(domain.refererDeny.join('\n'));
  const [ipAllow, setIpAllow] = useState(domain.ipAllow.join('\n'));
  const [ipDeny, setIpDeny] = useState(domain.ipDeny.join('\n'));
  const save = useMutation({
    mutationFn: () => call(api.PATCH('/v1/domains/{name}', {
      params: { path: { name: domain.name } },
      body: {
        refererAllow: linesOf(refererAllow), refererDeny: linesOf(refererDeny),
        ipAllow: linesOf(ipAllow), ipDeny: linesOf(ipDeny),
      },
    })),
    onSuccess: (updated) => {
      client.setQueryData(domainKey(domain.name), updated);
      void client.invalidateQueries({ queryKey: DOMAINS_KEY });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const list = (label: string, hint: string, value: string, set: (v: string) => void) => (
    <label className="field">
      <span>{label}</span>
      <textarea rows={4} value={value} onChange={(e) => set(e.target.value)} />
      <small>{hint}</small>
    </label>
  );
  return (
    <form className="form form-grid" onSubmit={submit}>
      <p className="lead">{t('access.intro')}</p>
      {list(t('access.refererAllow'), t('access.refererHint'), refererAllow, setRefererAllow)}
      {list(t('access.refererDeny'), t('access.refererHint'), refererDeny, setRefererDeny)}
      {list(t('access.ipAllow'), t('access.ipHint'), ipAllow, setIpAllow)}
      {list(t('access.ipDeny'), t('access.ipHint'), ipDeny, setIpDeny)}
      <ProblemAlert error={save.error} />
      {save.isSuccess && <p role="status" className="hint">{t('common.saved')}</p>}
      <button type="submit" className="button button-primary" disabled={save.isPending}>{t('common.save')}</button>
    </form>
  );
}
