import { useTranslation } from 'react-i18next';
import { CopyField } from '../components/CopyButton';
import type { Domain } from './domainApi';

/** The two DNS records the tenant publishes for a domain, exactly as to type them, each with a copy button. */
export function DnsRecords({ domain }: { domain: Domain }) {
  const { t } = useTranslation();
  return (
    <div className="dns-records">
      <h3>{t('domains.dnsTitle')}</h3>
      <p className="hint">{t('domains.dnsHint')}</p>
      <div className="dns-record">
        <span className="badge">TXT</span>
        <CopyField label={t('domains.recordName')} value={domain.ownership.recordName} />
        <CopyField label={t('domains.recordValue')} value={domain.ownership.recordValue} />
      </div>
      <div className="dns-record">
        <span className="badge">CNAME</span>
        <CopyField label={t('domains.recordName')} value={domain.name} />
        <CopyField label={t('domains.recordTarget')} value={domain.cname} />
      </div>
    </div>
  );
}
