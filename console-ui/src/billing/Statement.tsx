import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, JSON_ONLY } from '../api/client';
import type { components } from '../api/generated/schema';
import { saveText } from '../api/download';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatBytes, formatMoney } from '../format/units';
import { monthOf } from '../usage/reportWindow';

/** A month's statement from the ledger (opening, top-ups, debits, purchases, pay-as-you-go, closing), and its CSV. */
export function Statement() {
  const { t, i18n } = useTranslation();
  const [month, setMonth] = useState(monthOf(new Date()));
  const statement = useQuery({
    queryKey: ['billing', 'statement', month],
    queryFn: () => call(api.GET('/v1/billing/statements/{month}', { params: { path: { month } }, headers: JSON_ONLY })) as
      Promise<components['schemas']['Statement']>,
    enabled: /^\d{4}-(0[1-9]|1[0-2])$/.test(month),
  });
  const csv = useMutation({
    mutationFn: async () => {
      const answer = await api.GET('/v1/billing/statements/{month}', {
        params: { path: { month } }, headers: { Accept: 'text/csv' }, parseAs: 'text',
      });
      return call(Promise.resolve(answer as { data?: string; error?: unknown; response: Response }));
    },
    onSuccess: (text) => saveText(text, `statement-${month}.csv`, 'text/csv'),
  });
  const s = statement.data;
  const money = (minor: number) => formatMoney(minor, s?.currency ?? 'USD', i18n.language);
  return (
    <section aria-labelledby="statement-title">
      <h2 id="statement-title">{t('billing.statement')}</h2>
      <div className="form form-inline">
        <label className="field"><span>{t('billing.month')}</span>
          <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} /></label>
        <button type="button" className="button" disabled={csv.isPending || !s} onClick={() => csv.mutate()}>
          {t('usage.exportCsv')}
        </button>
      </div>
      <ProblemAlert error={statement.error ?? csv.error} />
      {statement.isPending ? <Loading /> : s && (
        <dl className="facts">
          <dt>{t('billing.opening')}</dt><dd>{money(s.openingBalanceMinor)}</dd>
          <dt>{t('billing.topUps')}</dt><dd>{money(s.topUpsMinor)}</dd>
          <dt>{t('billing.debits')}</dt><dd>{money(s.debitsMinor)}</dd>
          <dt>{t('billing.purchases')}</dt><dd>{money(s.purchasesMinor)}</dd>
          <dt>{t('billing.packageDeductions')}</dt><dd>{formatBytes(s.packageDeductionBytes)}</dd>
          <dt>{t('billing.payg')}</dt><dd>{money(s.paygMinor)} ({formatBytes(s.paygBytes)})</dd>
          <dt>{t('billing.closing')}</dt><dd>{money(s.closingBalanceMinor)}</dd>
        </dl>
      )}
    </section>
  );
}
