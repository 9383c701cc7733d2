import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { ConfirmButton } from '../components/ConfirmButton';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../format/units';
import { DnsRecords } from './DnsRecords';
import { DOMAINS_KEY, domainKey, type Domain } from './domainApi';
import { DomainStatus } from './DomainStatus';
import { Verification } from './Verification';

/** A domain's state: status, the DNS records to publish, verification, enable/disable and delete. */
export function OverviewPanel({ domain }: { domain: Domain }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const name = domain.name;
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => call(api.PATCH('/v1/domains/{name}', {
      params: { path: { name } }, body: { enabled },
    })),
    onSuccess: (updated) => {
      client.setQueryData(domainKey(name), updated);
      void client.invalidateQueries({ queryKey: DOMAINS_KEY });
    },
  });
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/v1/domains/{name}', { params: { path: { name } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: DOMAINS_KEY });
      navigate('/domains');
    },
  });
  return (
    <>
      <dl className="facts">
        <dt>{t('domains.type')}</dt><dd>{t(`domainType.${domain.type}`)}</dd>
        {domain.pushDomain && <><dt>{t('domains.pushDomain')}</dt><dd>{domain.pushDomain}</dd></>}
        <dt>{t('domains.status')}</dt><dd><DomainStatus domain={domain} /></dd>
        <dt>{t('common.createdAt')}</dt><dd>{formatDateTime(domain.createdAt, i18n.language)}</dd>
        <dt>{t('domains.verifiedAt')}</dt><dd>{formatDateTime(domain.verifiedAt, i18n.language)}</dd>
        <dt>{t('domains.lastCheckedAt')}</dt><dd>{formatDateTime(domain.lastCheckedAt, i18n.language)}</dd>
      </dl>
      <DnsRecords domain={domain} />
      <Verification name={name} />
      <div className="actions">
        <button type="button" className="button" disabled={toggle.isPending}
          onClick={() => toggle.mutate(!domain.enabled)}>
          {domain.enabled ? t('domains.disable') : t('domains.enable')}
        </button>
        <ConfirmButton label={t('domains.delete')} disabled={remove.isPending} onConfirm={() => remove.mutate()} />
      </div>
      <p className="hint">{domain.type === 'push' ? t('domains.deletePushHint') : t('domains.deletePullHint')}</p>
      <ProblemAlert error={toggle.error ?? remove.error} />
    </>
  );
}
