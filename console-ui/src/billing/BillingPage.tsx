import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { Status } from '../components/Status';
import { formatBytes, formatMoney } from '../format/units';
import { Catalog } from './Catalog';
import { Ledger } from './Ledger';
import { Packages } from './Packages';
import { Statement } from './Statement';

export const ACCOUNT_KEY = ['billing', 'account'];

/** The prepaid balance, packages with what is left of them, the catalog to buy from, monthly statements. */
export default function BillingPage() {
  const { t, i18n } = useTranslation();
  const account = useQuery({ queryKey: ACCOUNT_KEY, queryFn: () => call(api.GET('/v1/billing/account')) });
  const data = account.data;
  return (
    <>
      <PageHeader title={t('billing.title')} />
      <ProblemAlert error={account.error} />
      {account.isPending ? <Loading /> : data && (
        <>
          <dl className="facts facts-large">
            <dt>{t('billing.balance')}</dt>
            <dd data-testid="balance">{formatMoney(data.balanceMinor, data.currency, i18n.language)}</dd>
            <dt>{t('billing.packageBytes')}</dt><dd>{formatBytes(data.packageBytesRemaining)}</dd>
            <dt>{t('billing.standing')}</dt>
            <dd>
              {data.suspended ? <Status kind="bad">{t('billing.suspended')}</Status>
                : data.quotaLow ? <Status kind="pending">{t('billing.quotaLow')}</Status>
                  : <Status kind="ok">{t('billing.inGoodStanding')}</Status>}
            </dd>
            <dt>{t('billing.thisMonth', { month: data.month.month })}</dt>
            <dd>{t('billing.monthSummary', {
              purchases: formatMoney(data.month.purchasesMinor, data.currency, i18n.language),
              packageBytes: formatBytes(data.month.packageBytes),
              payg: formatMoney(data.month.paygMinor, data.currency, i18n.language),
              paygBytes: formatBytes(data.month.paygBytes),
            })}</dd>
          </dl>
          {data.suspended && <p className="alert alert-error" role="alert">{t('billing.suspendedHint')}</p>}
          <Catalog currency={data.currency} balanceMinor={data.balanceMinor} />
          <Packages />
          <Ledger currency={data.currency} />
          <Statement />
        </>
      )}
    </>
  );
}
