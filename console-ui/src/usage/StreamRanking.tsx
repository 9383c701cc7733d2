import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, JSON_ONLY } from '../api/client';
import type { components } from '../api/generated/schema';
import { saveText } from '../api/download';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatBytes } from '../format/units';

/** The streams that used the most of a domain's traffic in the window, with the rest summed. */
export function StreamRanking({ domain, start, end }: { domain: string; start: string; end: string }) {
  const { t } = useTranslation();
  const query = { domain, start, end, limit: 20 };
  const ranking = useQuery({
    queryKey: ['usage', 'streams', query],
    queryFn: () => call(api.GET('/v1/usage/streams', { params: { query }, headers: JSON_ONLY })) as
      Promise<components['schemas']['StreamUsageReport']>,
  });
  const csv = useMutation({
    mutationFn: async () => {
      const answer = await api.GET('/v1/usage/streams', {
        params: { query }, headers: { Accept: 'text/csv' }, parseAs: 'text',
      });
      return call(Promise.resolve(answer as { data?: string; error?: unknown; response: Response }));
    },
    onSuccess: (text) => saveText(text, `streams-${domain}.csv`, 'text/csv'),
  });
  const report = ranking.data;
  return (
    <section aria-labelledby="ranking-title">
      <h2 id="ranking-title">{t('usage.topStreams')}</h2>
      <ProblemAlert error={ranking.error ?? csv.error} />
      {ranking.isPending ? <Loading /> : !report || report.streams.length === 0 ? (
        <EmptyState title={t('usage.noStreamsTitle')} hint={t('usage.noStreamsHint')} />
      ) : (
        <>
          <button type="button" className="button button-small" disabled={csv.isPending} onClick={() => csv.mutate()}>
            {t('usage.exportCsv')}
          </button>
          <div className="table-wrap">
            <table>
              <thead><tr>
                <th scope="col">{t('streams.stream')}</th>
                <th scope="col">{t('usage.bytes')}</th>
                <th scope="col">RTMP</th>
                <th scope="col">HTTP-FLV</th>
                <th scope="col">HLS</th>
                <th scope="col">{t('streams.ingest')}</th>
              </tr></thead>
              <tbody>
                {report.streams.map((s) => (
                  <tr key={`${s.app}/${s.stream}`}>
                    <td>{s.app}/{s.stream}</td>
                    <td>{formatBytes(s.bytes)}</td>
                    <td>{formatBytes(s.rtmpBytes)}</td>
                    <td>{formatBytes(s.httpFlvBytes)}</td>
                    <td>{formatBytes(s.hlsBytes)}</td>
                    <td>{formatBytes(s.ingestBytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint">{t('usage.otherStreams', { count: report.streamCount - report.streams.length, bytes: formatBytes(report.otherBytes) })}</p>
        </>
      )}
    </section>
  );
}
