import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { api, call } from '../api/client';
import { PAGE_SIZE, usePagedList } from '../api/paging';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { MoreButton } from '../components/MoreButton';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../format/units';
import { TenantBalance } from './TenantBalance';

/** Every tenant, oldest first; choose one to see its balance and credit or debit it. */
export default function TenantsPage() {
  const { t, i18n } = useTranslation();
  const tenants = usePagedList(['operator', 'tenants'], (pageToken) => call(api.GET('/admin/v1/tenants', {
    params: { query: { pageSize: PAGE_SIZE, pageToken } },
  })));
  const [chosen, setChosen] = useState<{ id: string; name: string } | null>(null);
  return (
    <>
      <PageHeader title={t('tenants.title')} />
      <ProblemAlert error={tenants.error} />
      {chosen && <TenantBalance key={chosen.id} tenant={chosen} onClose={() => setChosen(null)} />}
      {tenants.isPending ? <Loading /> : tenants.rows.length === 0 ? (
        <EmptyState title={t('tenants.emptyTitle')} hint={t('tenants.emptyHint')} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr>
              <th scope="col">{t('tenants.name')}</th>
              <th scope="col">{t('tenants.id')}</th>
              <th scope="col">{t('common.createdAt')}</th>
              <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
            </tr></thead>
            <tbody>
              {tenants.rows.map((tenant) => (
                <tr key={tenant.id}>
                  <td>{tenant.name}</td>
                  <td><code>{tenant.id}</code></td>
                  <td>{formatDateTime(tenant.createdAt, i18n.language)}</td>
                  <td>
                    <button type="button" className="button button-small"
                      onClick={() => setChosen({ id: tenant.id, name: tenant.name })}>{t('tenants.balance')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton more={tenants.more} loading={tenants.isFetchingNextPage} onMore={() => tenants.fetchNextPage()} />
    </>
  );
}
