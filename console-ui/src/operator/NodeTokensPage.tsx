import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, idempotencyKey } from '../api/client';
import type { components } from '../api/generated/schema';
import { PAGE_SIZE, usePagedList } from '../api/paging';
import { ConfirmButton } from '../components/ConfirmButton';
import { CopyField } from '../components/CopyButton';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { MoreButton } from '../components/MoreButton';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { Status } from '../components/Status';
import { formatDateTime } from '../format/units';

const TOKENS = ['operator', 'nodeTokens'];

/** Bootstrap tokens nodes register with: mint one (shown once), see which still work, revoke. */
export default function NodeTokensPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const tokens = usePagedList(TOKENS, (pageToken) => call(api.GET('/admin/v1/node-tokens', {
    params: { query: { pageSize: PAGE_SIZE, pageToken } },
  })));
  const [description, setDescription] = useState('');
  const [hours, setHours] = useState('24');
  const [minted, setMinted] = useState<components['schemas']['NodeTokenCreated'] | null>(null);
  const create = useMutation({
    mutationFn: () => call(api.POST('/admin/v1/node-tokens', {
      params: { header: { 'Idempotency-Key': idempotencyKey() } },
      body: { description: description || undefined, ttlSeconds: Number(hours) * 3600 },
    })),
    onSuccess: (token) => {
      setMinted(token);
      setDescription('');
      void client.invalidateQueries({ queryKey: TOKENS });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => call(api.DELETE('/admin/v1/node-tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: TOKENS }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <>
      <PageHeader title={t('nodeTokens.title')} />
      <p className="lead">{t('nodeTokens.intro')}</p>
      <form className="form form-inline" onSubmit={submit}>
        <label className="field"><span>{t('nodeTokens.description')}</span>
          <input maxLength={200} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        <label className="field"><span>{t('nodeTokens.hours')}</span>
          <input type="number" min={1} required value={hours} onChange={(e) => setHours(e.target.value)} /></label>
        <button type="submit" className="button button-primary" disabled={create.isPending}>{t('nodeTokens.create')}</button>
      </form>
      <ProblemAlert error={create.error ?? revoke.error ?? tokens.error} />
      {minted && (
        <div className="alert alert-success" role="status">
          <strong>{t('nodeTokens.shownOnce')}</strong>
          <CopyField label={t('nodeTokens.token')} value={minted.token} />
          <button type="button" className="button button-small" onClick={() => setMinted(null)}>{t('apiKeys.stored')}</button>
        </div>
      )}
      {tokens.isPending ? <Loading /> : tokens.rows.length === 0 ? (
        <EmptyState title={t('nodeTokens.emptyTitle')} hint={t('nodeTokens.emptyHint')} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr>
              <th scope="col">{t('nodeTokens.description')}</th>
              <th scope="col">{t('tenants.id')}</th>
              <th scope="col">{t('common.createdAt')}</th>
              <th scope="col">{t('billing.expiresAt')}</th>
              <th scope="col">{t('domains.status')}</th>
              <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
            </tr></thead>
            <tbody>
              {tokens.rows.map((token) => {
                const usable = !token.revoked && Date.parse(token.expiresAt) > Date.now();
                return (
                  <tr key={token.id}>
                    <td>{token.description ?? '—'}</td>
                    <td><code>{token.id}</code></td>
                    <td>{formatDateTime(token.createdAt, i18n.language)}</td>
                    <td>{formatDateTime(token.expiresAt, i18n.language)}</td>
                    <td>{token.revoked ? <Status kind="bad">{t('nodeTokens.revoked')}</Status>
                      : usable ? <Status kind="ok">{t('nodeTokens.usable')}</Status>
                        : <Status kind="neutral">{t('nodeTokens.expired')}</Status>}</td>
                    <td>{!token.revoked && (
                      <ConfirmButton label={t('nodeTokens.revoke')} onConfirm={() => revoke.mutate(token.id)} />
                    )}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton more={tokens.more} loading={tokens.isFetchingNextPage} onMore={() => tokens.fetchNextPage()} />
    </>
  );
}
