import { useTranslation } from 'react-i18next';
import { Status } from '../components/Status';
import type { Domain } from './domainApi';

/** A domain's verification status and CNAME status, in words. */
export function DomainStatus({ domain }: { domain: Domain }) {
  const { t } = useTranslation();
  const kind = domain.status === 'ACTIVE' ? 'ok' : domain.status === 'DISABLED' ? 'neutral' : 'pending';
  const cnameKind = domain.cnameStatus === 'CNAME_OK' ? 'ok' : domain.cnameStatus === 'PENDING' ? 'pending' : 'bad';
  return (
    <span className="statuses">
      <Status kind={kind}>{t(`domainStatus.${domain.status}`)}</Status>
      <Status kind={cnameKind}>{t(`cnameStatus.${domain.cnameStatus}`)}</Status>
      {!domain.enabled && <Status kind="bad">{t('domains.disabled')}</Status>}
    </span>
  );
}
