import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { PAGE_SIZE, usePagedList } from '../api/paging';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { MoreButton } from '../components/MoreButton';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatBytes, formatDateTime, formatMoney } from '../format/units';

export const LEDGER_KEY = ['billing', 'ledger'];

/**
 * Every movement of the balance and of package bytes, newest first: what it was, the amount (signed), the balance
 * after it, the bytes it concerned and the statement month it counts in. The balance is the sum of the amounts.
 */
export function Ledger({ currency }: { currency: string }) {
  const { t, i18n } = useTranslation();
  const entries = usePagedList(LEDGER_KEY, (pageToken) => call(api.GET('/v1/billing/ledger', {
    params: { query: { pageSize: PAGE_SIZE, pageToken } },
  })));
  const money = (minor: number) => formatMoney(minor, currency, i18n.language);
  return (
    <section aria-labelledby="ledger-title">
      <h2 id="ledger-title">{t('billing.ledger')}</h2>
      <p className="hint">{t('billing.ledgerHint')}</p>
      <ProblemAlert error={entries.error} />
      {entries.isPending ? <Loading /> : entries.rows.length === 0 ? (
        <EmptyState title={t('billing.noLedgerTitle')} hint={t('billing.noLedgerHint')} />
      ) : (
        <div className="table-wrap">
          <table data-testid="ledger">
            <thead><tr>
              <th scope="col">{t('common.createdAt')}</th>
              <th scope="col">{t('billing.entryKind')}</th>
              <th scope="col" className="number">{t('billing.amount')}</th>
              <th scope="col" className="number">{t('billing.balanceAfter')}</th>
              <th scope="col" className="number">{t('billing.bytes')}</th>
              <th scope="col">{t('billing.month')}</th>
              <th scope="col">{t('streams.reason')}</th>
            </tr></thead>
            <tbody>
              {entries.rows.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.createdAt, i18n.language)}</td>
                  <td>{t(`ledgerKind.${e.kind}`)}</td>
                  <td className="number">{e.amountMinor === 0 ? '—' : money(e.amountMinor)}</td>
                  <td className="number">{money(e.balanceAfterMinor)}</td>
                  <td className="number">{e.bytes === undefined ? '—' : formatBytes(e.bytes)}</td>
                  <td>{e.month}</td>
                  <td>{e.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton more={entries.more} loading={entries.isFetchingNextPage} onMore={() => entries.fetchNextPage()} />
    </section>
  );
}
