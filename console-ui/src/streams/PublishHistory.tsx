import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { PAGE_SIZE, usePagedList } from '../api/paging';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { MoreButton } from '../components/MoreButton';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatBytes, formatDateTime, formatDuration } from '../format/units';
import { tracksOf } from './tracks';

/** Every publish, newest first: when, how long, why it ended, peak viewers and bytes. */
export function PublishHistory() {
  const { t, i18n } = useTranslation();
  const history = usePagedList(['streams', 'history'], (pageToken) => call(api.GET('/v1/streams/history', {
    params: { query: { pageSize: PAGE_SIZE, pageToken } },
  })), { refetchInterval: 15_000 });
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('streams.history')}</h2>
      <ProblemAlert error={history.error} />
      {history.isPending ? <Loading /> : history.rows.length === 0 ? (
        <EmptyState title={t('streams.noHistoryTitle')} hint={t('streams.noHistoryHint')} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr>
              <th scope="col">{t('streams.stream')}</th>
              <th scope="col">{t('streams.started')}</th>
              <th scope="col">{t('streams.duration')}</th>
              <th scope="col">{t('streams.endReason')}</th>
              <th scope="col">{t('streams.tracks')}</th>
              <th scope="col">{t('streams.peakViewers')}</th>
              <th scope="col">{t('streams.ingest')}</th>
              <th scope="col">{t('streams.egress')}</th>
            </tr></thead>
            <tbody>
              {history.rows.map((s) => (
                <tr key={s.id}>
                  <td>{s.domain}/{s.app}/{s.stream}</td>
                  <td>{formatDateTime(s.startedAt, i18n.language)}</td>
                  <td>{formatDuration(s.durationSeconds)}</td>
                  <td>{s.endedAt ? (s.endReason ?? '—') : t('streams.live')}</td>
                  <td>{tracksOf(s.video, s.audio)}</td>
                  <td>{s.peakViewers}</td>
                  <td>{s.ingestBytes === undefined ? '—' : formatBytes(s.ingestBytes)}</td>
                  <td>{s.egressBytes === undefined ? '—' : formatBytes(s.egressBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton more={history.more} loading={history.isFetchingNextPage} onMore={() => history.fetchNextPage()} />
    </section>
  );
}
