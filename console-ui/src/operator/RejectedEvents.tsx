import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../format/units';

const SHOWN = 50;

/**
 * The stream events of one node that the control plane set aside (kept 30 days) and why, newest first: a node whose
 * events keep failing is usually running a build the control plane does not understand.
 */
export function RejectedEvents({ nodeId, onClose }: { nodeId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const rejected = useQuery({
    queryKey: ['operator', 'nodes', nodeId, 'rejected'],
    queryFn: () => call(api.GET('/admin/v1/nodes/{id}/rejected-events', {
      params: { path: { id: nodeId }, query: { pageSize: SHOWN } },
    })),
  });
  return (
    <section className="panel-raised" aria-labelledby="rejected-title">
      <div className="preview-head">
        <h2 id="rejected-title">{t('nodes.rejectedOf', { node: nodeId })}</h2>
        <button type="button" className="button button-small" onClick={onClose}>{t('common.close')}</button>
      </div>
      <ProblemAlert error={rejected.error} />
      {rejected.isPending ? <Loading /> : rejected.data && (rejected.data.total === 0 ? (
        <EmptyState title={t('nodes.noRejectedTitle')} hint={t('nodes.noRejectedHint')} />
      ) : (
        <>
          <p className="hint">{t('nodes.rejectedTotal', { total: rejected.data.total, shown: rejected.data.items.length })}</p>
          <div className="table-wrap">
            <table data-testid="rejected-events">
              <thead><tr>
                <th scope="col">{t('nodes.receivedAt')}</th>
                <th scope="col">{t('nodes.eventId')}</th>
                <th scope="col">{t('streams.reason')}</th>
                <th scope="col">{t('nodes.record')}</th>
              </tr></thead>
              <tbody>
                {rejected.data.items.map((r, i) => (
                  <tr key={`${r.receivedAt}-${i}`}>
                    <td>{formatDateTime(r.receivedAt, i18n.language)}</td>
                    <td>{r.eventId ? <code>{r.eventId}</code> : "—"}</td>
                    <td>{r.reason}</td>
                    <td><code className="wrap">{r.record}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ))}
    </section>
  );
}
