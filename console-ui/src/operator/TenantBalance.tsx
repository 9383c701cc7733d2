import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, idempotencyKey } from '../api/client';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatBytes, formatMoney, parseMoney } from '../format/units';

/** One tenant's account for the operator: balance and packages, and a credit or debit with its reason. */
export function TenantBalance({ tenant, onClose }: { tenant: { id: string; name: string }; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const key = ['operator', 'account', tenant.id];
  const account = useQuery({
    queryKey: key,
    queryFn: () => call(api.GET('/admin/v1/tenants/{id}/billing-account', { params: { path: { id: tenant.id } } })),
  });
  const [kind, setKind] = useState<'credit' | 'debit'>('credit');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);
  const currency = account.data?.currency ?? 'USD';
  const adjust = useMutation({
    mutationFn: (amountMinor: number) => call(api.POST('/admin/v1/tenants/{id}/balance-adjustments', {
      params: { path: { id: tenant.id }, header: { 'Idempotency-Key': idempotencyKey() } },
      body: { kind, amountMinor, reason },
    })),
    onSuccess: () => {
      setAmount('');
      setReason('');
      void client.invalidateQueries({ queryKey: key });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const minor = parseMoney(amount, currency);
    setInvalid(minor === null || minor <= 0);
    if (minor !== null && minor > 0) {
      adjust.mutate(minor);
    }
  };
  return (
    <div className="panel panel-raised">
      <div className="preview-head">
        <h2>{t('tenants.accountOf', { name: tenant.name })}</h2>
        <button type="button" className="button button-small" onClick={onClose}>{t('common.close')}</button>
      </div>
      <ProblemAlert error={account.error} />
      {account.isPending ? <Loading /> : account.data && (
        <dl className="facts">
          <dt>{t('billing.balance')}</dt><dd>{formatMoney(account.data.balanceMinor, currency, i18n.language)}</dd>
          <dt>{t('billing.packageBytes')}</dt><dd>{formatBytes(account.data.packageBytesRemaining)}</dd>
          <dt>{t('billing.standing')}</dt>
          <dd>{account.data.suspended ? t('billing.suspended') : account.data.quotaLow ? t('billing.quotaLow') : t('billing.inGoodStanding')}</dd>
        </dl>
      )}
      <form className="form form-inline" onSubmit={submit}>
        <label className="field"><span>{t('tenants.adjustment')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as 'credit' | 'debit')}>
            <option value="credit">{t('tenants.credit')}</option>
            <option value="debit">{t('tenants.debit')}</option>
          </select></label>
        <label className="field"><span>{t('tenants.amount', { currency })}</span>
          <input inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)}
            aria-invalid={invalid} placeholder="100.00" /></label>
        <label className="field"><span>{t('tenants.reason')}</span>
          <input required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} /></label>
        <button type="submit" className="button button-primary" disabled={adjust.isPending}>{t('tenants.apply')}</button>
      </form>
      {invalid && <p className="alert alert-error" role="alert">{t('tenants.amountInvalid')}</p>}
      <ProblemAlert error={adjust.error} />
    </div>
  );
}
