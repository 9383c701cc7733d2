import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { AddDomainForm } from './AddDomainForm';
import { DnsRecords } from './DnsRecords';
import { useDomains, type Domain } from './domainApi';
import { DomainStatus } from './DomainStatus';

/** The tenant's push and pull domains: add one (and see the DNS records to publish), their status, a way in. */
export default function DomainsPage() {
  const { t } = useTranslation();
  const domains = useDomains();
  const [added, setAdded] = useState<Domain | null>(null);
  const all = domains.data ?? [];
  const pushDomains = all.filter((d) => d.type === 'push');
  return (
    <>
      <PageHeader title={t('domains.title')} />
      <p className="lead">{t('domains.intro')}</p>
      <AddDomainForm pushDomains={pushDomains} onAdded={setAdded} />
      {added && (
        <div className="alert alert-success" role="status">
          <strong>{t('domains.addedTitle', { name: added.name })}</strong>
          <DnsRecords domain={added} />
        </div>
      )}
      <ProblemAlert error={domains.error} />
      {domains.isPending ? <Loading /> : all.length === 0 ? (
        <EmptyState title={t('domains.emptyTitle')} hint={t('domains.emptyHint')} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('domains.name')}</th>
                <th scope="col">{t('domains.type')}</th>
                <th scope="col">{t('domains.pushDomain')}</th>
                <th scope="col">{t('domains.status')}</th>
                <th scope="col">{t('domains.cname')}</th>
              </tr>
            </thead>
            <tbody>
              {all.map((domain) => (
                <tr key={domain.name}>
                  <td><Link to={`/domains/${encodeURIComponent(domain.name)}`}>{domain.name}</Link></td>
                  <td>{t(`domainType.${domain.type}`)}</td>
                  <td>{domain.pushDomain ?? '—'}</td>
                  <td><DomainStatus domain={domain} /></td>
                  <td><code>{domain.cname}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
