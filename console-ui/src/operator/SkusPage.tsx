import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { PAGE_SIZE, usePagedList } from '../api/paging';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { MoreButton } from '../components/MoreButton';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { Status } from '../components/Status';
import { formatBytes, formatMoney } from '../format/units';

const SKUS = ['operator', 'skus'];
const GIB = 2 ** 30;

/** The catalog of traffic packages: add one (size, validity, price), put one on or off sale. */
export default function SkusPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const skus = usePagedList(SKUS, (pageToken) => call(api.GET('/admin/v1/skus', {
    params: { query: { pageSize: PAGE_SIZE, pageToken } },
  })));
  const [name, setName] = useState('');
  const [sizeGib, setSizeGib] = useState('100');
  const [days, setDays] = useState('30');
  const [priceMinor, setPriceMinor] = useState('');
  const create = useMutation({
    mutationFn: () => call(api.POST('/admin/v1/skus', {
      body: { name, sizeBytes: Number(sizeGib) * GIB, validityDays: Number(days), priceMinor: Number(priceMinor), active: true },
    })),
    onSuccess: () => {
      setName('');
      void client.invalidateQueries({ queryKey: SKUS });
    },
  });
  const toggle = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => call(api.PATCH('/admin/v1/skus/{id}', {
      params: { path: { id } }, body: { active },
    })),
    onSuccess: () => client.invalidateQueries({ queryKey: SKUS }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <>
      <PageHeader title={t('skus.title')} />
      <form className="form form-inline" onSubmit={submit}>
        <label className="field"><span>{t('skus.name')}</span>
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label className="field"><span>{t('skus.sizeGib')}</span>
          <input type="number" min={1} required value={sizeGib} onChange={(e) => setSizeGib(e.target.value)} /></label>
        <label className="field"><span>{t('skus.validityDays')}</span>
          <input type="number" min={1} required value={days} onChange={(e) => setDays(e.target.value)} /></label>
        <label className="field"><span>{t('skus.priceMinor')}</span>
          <input type="number" min={0} required value={priceMinor} onChange={(e) => setPriceMinor(e.target.value)} /></label>
        <button type="submit" className="button button-primary" disabled={create.isPending}>{t('skus.add')}</button>
      </form>
      <ProblemAlert error={create.error ?? toggle.error ?? skus.error} />
      {skus.isPending ? <Loading /> : skus.rows.length === 0 ? (
        <EmptyState title={t('skus.emptyTitle')} hint={t('skus.emptyHint')} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr>
              <th scope="col">{t('skus.name')}</th>
              <th scope="col">{t('skus.size')}</th>
              <th scope="col">{t('skus.validityDays')}</th>
              <th scope="col">{t('skus.price')}</th>
              <th scope="col">{t('domains.status')}</th>
              <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
            </tr></thead>
            <tbody>
              {skus.rows.map((sku) => (
                <tr key={sku.id}>
                  <td>{sku.name}</td>
                  <td>{formatBytes(sku.sizeBytes)}</td>
                  <td>{sku.validityDays}</td>
                  <td>{formatMoney(sku.priceMinor, sku.currency, i18n.language)}</td>
                  <td>{sku.active ? <Status kind="ok">{t('skus.onSale')}</Status>
                    : <Status kind="neutral">{t('skus.offSale')}</Status>}</td>
                  <td>
                    <button type="button" className="button button-small" disabled={toggle.isPending}
                      onClick={() => toggle.mutate({ id: sku.id, active: !sku.active })}>
                      {sku.active ? t('skus.takeOff') : t('skus.putOn')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton more={skus.more} loading={skus.isFetchingNextPage} onMore={() => skus.fetchNextPage()} />
    </>
  );
}
