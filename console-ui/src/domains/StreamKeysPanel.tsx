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
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../format/units';

type StreamKeyCreated = components['schemas']['StreamKeyCreated'];

/** Persistent stream keys of a push domain, for encoders set once: create (shown once), rotate, revoke. */
export function StreamKeysPanel({ name }: { name: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const key = ['streamKeys', name];
  const keys = usePagedList(key, (pageToken) => call(api.GET('/v1/domains/{name}/stream-keys', {
    params: { path: { name }, query: { pageSize: PAGE_SIZE, pageToken } },
  })));
  const [app, setApp] = useState('live');
  const [stream, setStream] = useState('');
  const [description, setDescription] = useState('');
  const [shown, setShown] = useState<StreamKeyCreated | null>(null);
  const done = (created: StreamKeyCreated) => {
    setShown(created);
    void client.invalidateQueries({ queryKey: key });
  };
  const create = useMutation({
    mutationFn: () => call(api.POST('/v1/domains/{name}/stream-keys', {
      params: { path: { name }, header: { 'Idempotency-Key': idempotencyKey() } },
      body: description ? { app, stream, description } : { app, stream },
    })),
    onSuccess: done,
  });
  const rotate = useMutation({
    mutationFn: (id: string) => call(api.POST('/v1/domains/{name}/stream-keys/{id}/rotate', {
      params: { path: { name, id } },
    })),
    onSuccess: done,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => call(api.DELETE('/v1/domains/{name}/stream-keys/{id}', {
      params: { path: { name, id } },
    })),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <>
      <p className="lead">{t('streamKeys.intro')}</p>
      <form className="form form-inline" onSubmit={submit}>
        <label className="field"><span>{t('urls.app')}</span>
          <input required maxLength={64} value={app} onChange={(e) => setApp(e.target.value)} /></label>
        <label className="field"><span>{t('urls.stream')}</span>
          <input required maxLength={128} value={stream} onChange={(e) => setStream(e.target.value)} /></label>
        <label className="field"><span>{t('streamKeys.description')}</span>
          <input maxLength={200} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {t('streamKeys.create')}
        </button>
      </form>
      <ProblemAlert error={create.error ?? rotate.error ?? revoke.error ?? keys.error} />
      {shown && (
        <div className="alert alert-success" role="status">
          <strong>{t('streamKeys.shownOnce')}</strong>
          <CopyField label={t('urls.obsServer')} value={shown.server} />
          <CopyField label={t('urls.obsStreamKey')} value={shown.streamKey} />
          <CopyField label={t('urls.pushUrl')} value={shown.url} />
          <button type="button" className="button button-small" onClick={() => setShown(null)}>
            {t('apiKeys.stored')}
          </button>
        </div>
      )}
      {keys.isPending ? <Loading /> : keys.rows.length === 0 ? (
        <EmptyState title={t('streamKeys.emptyTitle')} hint={t('streamKeys.emptyHint')} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr>
              <th scope="col">{t('streams.stream')}</th>
              <th scope="col">{t('streamKeys.description')}</th>
              <th scope="col">{t('urls.obsServer')}</th>
              <th scope="col">{t('common.createdAt')}</th>
              <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
            </tr></thead>
            <tbody>
              {keys.rows.map((k) => (
                <tr key={k.id}>
                  <td>{k.app}/{k.stream}</td>
                  <td>{k.description ?? '—'}</td>
                  <td><code>{k.server}</code></td>
                  <td>{formatDateTime(k.createdAt, i18n.language)}</td>
                  <td className="row-actions">
                    <ConfirmButton label={t('streamKeys.rotate')} danger={false} onConfirm={() => rotate.mutate(k.id)} />
                    <ConfirmButton label={t('streamKeys.revoke')} onConfirm={() => revoke.mutate(k.id)} />
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
