import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { AccessRulesPanel } from './AccessRulesPanel';
import { CallbacksPanel } from './CallbacksPanel';
import { useDomain } from './domainApi';
import { OverviewPanel } from './OverviewPanel';
import { RecordingRulesPanel } from './RecordingRulesPanel';
import { SigningPanel } from './SigningPanel';
import { StreamKeysPanel } from './StreamKeysPanel';
import { UrlGenerator } from './UrlGenerator';

const PUSH_TABS = ['overview', 'urls', 'signing', 'streamKeys', 'access', 'callbacks', 'recording'] as const;
const PULL_TABS = ['overview', 'urls', 'signing', 'access'] as const;
type Tab = (typeof PUSH_TABS)[number];

/** One domain: its status and DNS records, the URL generator, signing, stream keys, rules, webhooks, recording. */
export default function DomainDetailPage() {
  const { t } = useTranslation();
  const name = useParams().name ?? '';
  const [params, setParams] = useSearchParams();
  const domain = useDomain(name);
  if (domain.isPending) {
    return <Loading />;
  }
  if (!domain.data) {
    return (
      <>
        <PageHeader title={name} />
        <ProblemAlert error={domain.error} />
        <Link to="/domains">{t('domains.backToList')}</Link>
      </>
    );
  }
  const tabs: readonly Tab[] = domain.data.type === 'push' ? PUSH_TABS : PULL_TABS;
  const requested = params.get('tab') as Tab | null;
  const tab: Tab = requested && tabs.includes(requested) ? requested : 'overview';
  return (
    <>
      <p className="breadcrumb"><Link to="/domains">{t('domains.title')}</Link></p>
      <PageHeader title={domain.data.name} />
      <div className="tabs" role="tablist" aria-label={t('domains.sections')}>
        {tabs.map((id) => (
          <button key={id} type="button" role="tab" id={`tab-${id}`} aria-selected={tab === id}
            aria-controls="domain-panel" className={tab === id ? 'tab tab-active' : 'tab'}
            onClick={() => setParams({ tab: id }, { replace: true })}>
            {t(`domainTabs.${id}`)}
          </button>
        ))}
      </div>
      <section id="domain-panel" role="tabpanel" aria-labelledby={`tab-${tab}`} className="panel">
        {tab === 'overview' && <OverviewPanel domain={domain.data} />}
        {tab === 'urls' && <UrlGenerator domain={domain.data} />}
        {tab === 'signing' && <SigningPanel name={name} />}
        {tab === 'streamKeys' && <StreamKeysPanel name={name} />}
        {tab === 'access' && <AccessRulesPanel domain={domain.data} />}
        {tab === 'callbacks' && <CallbacksPanel name={name} />}
        {tab === 'recording' && <RecordingRulesPanel name={name} />}
      </section>
    </>
  );
}
