import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, idempotencyKey } from '../api/client';
import { PAGE_SIZE, usePagedList } from '../api/paging';
import { ConfirmButton } from '../components/ConfirmButton';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatBytes, formatMoney } from '../format/units';

/** The traffic packages on sale; buying takes the price from the balance (once, whatever the retries). */
export function Catalog({ currency, balanceMinor }: { currency: string; balanceMinor: number }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const skus = usePagedList(['billing', 'skus'], (pageToken) => call(api.GET('/v1/billing/skus', {
    params: { query: { pageSize: PAGE_SIZE, pageToken } },
  })));
  const buy = useMutation({
    mutationFn: (skuId: string) => call(api.POST('/v1/billing/packages', {
      params: { header: { 'Idempotency-Key': idempotencyKey() } }, body: { skuId },
    })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['billing'] }),
  });
  return (
    <section aria-labelledby="catalog-title">
      <h2 id="catalog-title">{t('billing.catalog')}</h2>
      <ProblemAlert error={skus.error ?? buy.error} />
      {buy.isSuccess && <p className="alert alert-success" role="status">{t('billing.bought', { name: buy.data.name })}</p>}
      {skus.isPending ? <Loading /> : skus.rows.length === 0 ? (
        <EmptyState title={t('billing.noSkusTitle')} hint={t('billing.noSkusHint')} />
      ) : (
        <div className="cards">
          {skus.rows.map((sku) => (
            <div className="card" key={sku.id}>
              <h3>{sku.name}</h3>
              <p>{t('billing.skuTerms', { size: formatBytes(sku.sizeBytes), days: sku.validityDays })}</p>
              <p className="price">{formatMoney(sku.priceMinor, sku.currency || currency, i18n.language)}</p>
              {sku.priceMinor > balanceMinor && <p className="hint">{t('billing.balanceShort')}</p>}
              <ConfirmButton label={t('billing.buy')} danger={false} disabled={buy.isPending}
                onConfirm={() => buy.mutate(sku.id)} />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
