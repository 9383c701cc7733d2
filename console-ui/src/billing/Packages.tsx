import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { PAGE_SIZE, usePagedList } from '../api/paging';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { MoreButton } from '../components/MoreButton';
import { ProblemAlert } from '../components/ProblemAlert';
import { Status } from '../components/Status';
import { formatBytes, formatDateTime } from '../format/units';

/** Every package bought, newest first, with the bytes left and when it expires. */
export function Packages() {
  const { t, i18n } = useTranslation();
  const packages = usePagedList(['billing', 'packages'], (pageToken) => call(api.GET('/v1/billing/packages', {
    params: { query: { pageSize: PAGE_SIZE, pageToken } },
  })));
  return (
    <section aria-labelledby="packages-title">
      <h2 id="packages-title">{t('billing.packages')}</h2>
      <ProblemAlert error={packages.error} />
      {packages.isPending ? <Loading /> : packages.rows.length === 0 ? (
        <EmptyState title={t('billing.noPackagesTitle')} hint={t('billing.noPackagesHint')} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr>
              <th scope="col">{t('billing.package')}</th>
              <th scope="col">{t('billing.remaining')}</th>
              <th scope="col">{t('billing.purchasedAt')}</th>
              <th scope="col">{t('billing.expiresAt')}</th>
              <th scope="col">{t('domains.status')}</th>
            </tr></thead>
            <tbody>
              {packages.rows.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{formatBytes(p.remainingBytes)} / {formatBytes(p.sizeBytes)}</td>
                  <td>{formatDateTime(p.purchasedAt, i18n.language)}</td>
                  <td>{formatDateTime(p.expiresAt, i18n.language)}</td>
                  <td>{p.expired ? <Status kind="neutral">{t('billing.expired')}</Status>
                    : <Status kind="ok">{t('billing.usable')}</Status>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton more={packages.more} loading={packages.isFetchingNextPage} onMore={() => packages.fetchNextPage()} />
    </section>
  );
}
