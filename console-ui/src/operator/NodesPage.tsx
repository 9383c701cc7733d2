import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { PAGE_SIZE, usePagedList } from '../api/paging';
import { ConfirmButton } from '../components/ConfirmButton';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { MoreButton } from '../components/MoreButton';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { Status } from '../components/Status';
import { formatDateTime } from '../format/units';
import { RejectedEvents } from './RejectedEvents';

const NODES = ['operator', 'nodes'];

/** The media nodes: health, load (streams, viewers against capacity), drain and undrain. */
export default function NodesPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const nodes = usePagedList(NODES, (pageToken) => call(api.GET('/admin/v1/nodes', {
    params: { query: { pageSize: PAGE_SIZE, pageToken } },
  })), { refetchInterval: 5000 });
  const drain = useMutation({
    mutationFn: ({ id, on }: { id: string; on: boolean }) => on
      ? call(api.POST('/admin/v1/nodes/{id}/drain', { params: { path: { id } } }))
      : call(api.POST('/admin/v1/nodes/{id}/undrain', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: NODES }),
  });
  const [inspecting, setInspecting] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => call(api.DELETE('/admin/v1/nodes/{id}', { params: { path: { id } } })),
    onSuccess: (_done, id) => {
      if (inspecting === id) {
        setInspecting(null);
      }
      void client.invalidateQueries({ queryKey: NODES });
    },
  });
  return (
    <>
      <PageHeader title={t('nodes.title')} />
      <p className="hint">{t('nodes.deleteHint')}</p>
      <ProblemAlert error={nodes.error ?? drain.error ?? remove.error} />
      {inspecting && <RejectedEvents key={inspecting} nodeId={inspecting} onClose={() => setInspecting(null)} />}
      {nodes.isPending ? <Loading /> : nodes.rows.length === 0 ? (
        <EmptyState title={t('nodes.emptyTitle')} hint={t('nodes.emptyHint')} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr>
              <th scope="col">{t('nodes.node')}</th>
              <th scope="col">{t('nodes.status')}</th>
              <th scope="col">{t('nodes.address')}</th>
              <th scope="col">{t('nodes.region')}</th>
              <th scope="col">{t('nodes.load')}</th>
              <th scope="col">{t('nodes.lastHeartbeat')}</th>
              <th scope="col">{t('nodes.config')}</th>
              <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
            </tr></thead>
            <tbody>
              {nodes.rows.map((n) => (
                <tr key={n.id}>
                  <td><code>{n.id}</code><br /><span className="muted">{n.version ?? ''}</span></td>
                  <td><Status kind={n.status === 'HEALTHY' ? 'ok' : n.status === 'DRAINING' ? 'pending' : 'bad'}>
                    {t(`nodeStatus.${n.status}`)}</Status></td>
                  <td>{n.address} · RTMP {n.rtmpPort} · HTTP {n.httpPort}</td>
                  <td>{n.region}</td>
                  <td>{t('nodes.loadValue', {
                    streams: n.streams, viewers: n.viewers,
                    capacity: n.capacity?.maxViewers ?? '∞',
                  })}</td>
                  <td>{formatDateTime(n.lastHeartbeatAt, i18n.language)}</td>
                  <td>{n.configVersion ?? '—'}</td>
                  <td className="row-actions">
                    {n.status === 'DRAINING' ? (
                      <button type="button" className="button button-small" disabled={drain.isPending}
                        onClick={() => drain.mutate({ id: n.id, on: false })}>{t('nodes.undrain')}</button>
                    ) : (
                      <button type="button" className="button button-small" disabled={drain.isPending || n.status === 'SILENT'}
                        onClick={() => drain.mutate({ id: n.id, on: true })}>{t('nodes.drain')}</button>
                    )}
                    <button type="button" className="button button-small" onClick={() => setInspecting(n.id)}>
                      {t('nodes.rejected')}</button>
                    <ConfirmButton label={t('common.delete')} disabled={remove.isPending}
                      onConfirm={() => remove.mutate(n.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton more={nodes.more} loading={nodes.isFetchingNextPage} onMore={() => nodes.fetchNextPage()} />
    </>
  );
}
