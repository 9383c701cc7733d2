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
import { formatDateTime } from '../format/units';

type ApiKeyCreated = components['schemas']['ApiKeyCreated'];
const KEYS = ['apiKeys'];

/** API keys: create one (its secret shown this once), list them with their last use, revoke. */
export default function ApiKeysPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const keys = usePagedList(KEYS, (pageToken) =>
    call(api.GET('/v1/api-keys', { params: { query: { pageSize: PAGE_SIZE, pageToken } } })));
  const [name, setName] = useState('');
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const create = useMutation({
    mutationFn: (keyName: string) => call(api.POST('/v1/api-keys', {
      params: { header: { 'Idempotency-Key': idempotencyKey() } }, body: { name: keyName },
    })),
    onSuccess: (key) => {
      setCreated(key);
      setName('');
      void client.invalidateQueries({ queryKey: KEYS });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => call(api.DELETE('/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: KEYS }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name);
  };

  return (
    <>
      <PageHeader title={t('apiKeys.title')} />
      <p className="lead">{t('apiKeys.intro')}</p>
      <form className="form form-inline" onSubmit={submit}>
        <label className="field">
          <span>{t('apiKeys.name')}</span>
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)}
            placeholder={t('apiKeys.namePlaceholder')} />
        </label>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {t('apiKeys.create')}
        </button>
      </form>
      <ProblemAlert error={create.error} />
      {created && (
        <div className="alert alert-success" role="status">
          <strong>{t('apiKeys.createdOnce')}</strong>
          <CopyField label={t('apiKeys.secret')} value={created.secret} testId="api-key-secret" />
          <button type="button" className="button button-small" onClick={() => setCreated(null)}>
            {t('apiKeys.stored')}
          </button>
        </div>
      )}
      <ProblemAlert error={keys.error ?? revoke.error} />
      {keys.isPending ? <Loading /> : keys.rows.length === 0 ? (
        <EmptyState title={t('apiKeys.emptyTitle')} hint={t('apiKeys.emptyHint')} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('apiKeys.name')}</th>
                <th scope="col">{t('apiKeys.id')}</th>
                <th scope="col">{t('common.createdAt')}</th>
                <th scope="col">{t('apiKeys.lastUsed')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {keys.rows.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td><code>{key.id}</code></td>
                  <td>{formatDateTime(key.createdAt, i18n.language)}</td>
                  <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt, i18n.language) : t('apiKeys.neverUsed')}</td>
                  <td>
                    <ConfirmButton label={t('apiKeys.revoke')} disabled={revoke.isPending}
                      onConfirm={() => revoke.mutate(key.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton more={keys.more} loading={keys.isFetchingNextPage} onMore={() => keys.fetchNextPage()} />
    </>
  );
}
