import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { PAGE_SIZE, usePagedList } from '../api/paging';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { MoreButton } from '../components/MoreButton';
import { ProblemAlert } from '../components/ProblemAlert';
import { Status } from '../components/Status';
import { formatDateTime } from '../format/units';

/** Every webhook delivery of a domain, newest first: status, attempts, the receiver's last answer, the body. */
export function DeliveryLog({ domain }: { domain: string }) {
  const { t, i18n } = useTranslation();
  const deliveries = usePagedList(['deliveries', domain], (pageToken) => call(api.GET('/v1/callbacks/deliveries', {
    params: { query: { domain, pageSize: PAGE_SIZE, pageToken } },
  })), { refetchInterval: 10_000 });
  return (
    <>
      <h3>{t('callbacks.deliveries')}</h3>
      <ProblemAlert error={deliveries.error} />
      {deliveries.isPending ? <Loading /> : deliveries.rows.length === 0 ? (
        <EmptyState title={t('callbacks.noDeliveriesTitle')} hint={t('callbacks.noDeliveriesHint')} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr>
              <th scope="col">{t('callbacks.event')}</th>
              <th scope="col">{t('callbacks.status')}</th>
              <th scope="col">{t('callbacks.attempts')}</th>
              <th scope="col">{t('callbacks.lastAnswer')}</th>
              <th scope="col">{t('common.createdAt')}</th>
              <th scope="col">{t('callbacks.body')}</th>
            </tr></thead>
            <tbody>
              {deliveries.rows.map((d) => (
                <tr key={d.id}>
                  <td>{t(`callbackEvent.${d.event}`)}</td>
                  <td>
                    <Status kind={d.status === 'DELIVERED' ? 'ok' : d.status === 'FAILED' ? 'bad' : 'pending'}>
                      {t(`deliveryStatus.${d.status}`)}
                    </Status>
                  </td>
                  <td>{d.attempts}</td>
                  <td>{d.lastStatusCode ?? d.lastError ?? '—'}</td>
                  <td>{formatDateTime(d.createdAt, i18n.language)}</td>
                  <td>
                    {d.body && (
                      <details>
                        <summary>{t('callbacks.showBody')}</summary>
                        <pre className="code-block">{d.body}</pre>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton more={deliveries.more} loading={deliveries.isFetchingNextPage}
        onMore={() => deliveries.fetchNextPage()} />
    </>
  );
}
