import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { components } from '../api/generated/schema';
import { PAGE_SIZE, usePagedList } from '../api/paging';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { MoreButton } from '../components/MoreButton';
import { ProblemAlert } from '../components/ProblemAlert';
import { pullDomainsOf, useDomains } from '../domains/domainApi';
import { formatBitRate, formatDateTime } from '../format/units';
import { ForbidButton } from './ForbidButton';
import { LivePreview } from './LivePreview';
import { StreamThumbnail } from './StreamThumbnail';
import { tracksOf } from './tracks';

type OnlineStream = components['schemas']['OnlineStream'];
type ForbidRequest = components['schemas']['ForbidRequest'];
export const ONLINE_KEY = ['streams', 'online'];
export const FORBIDDEN_KEY = ['streams', 'forbidden'];
const REFRESH_MS = 3000;

const idOf = (s: { domain: string; app: string; stream: string }) => `${s.domain}/${s.app}/${s.stream}`;

/** The streams publishing now, refreshed every few seconds, each with a preview and a forbid. */
export function OnlineStreams() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const domains = useDomains();
  const online = usePagedList(ONLINE_KEY, (pageToken) => call(api.GET('/v1/streams', {
    params: { query: { pageSize: PAGE_SIZE, pageToken } },
  })), { refetchInterval: REFRESH_MS });
  const [previewing, setPreviewing] = useState<OnlineStream | null>(null);
  const [thumbnail, setThumbnail] = useState<OnlineStream | null>(null);
  const forbid = useMutation({
    mutationFn: ({ s, request }: { s: OnlineStream; request: ForbidRequest }) => call(api.POST(
      '/v1/streams/{domain}/{app}/{stream}/forbid', {
        params: { path: { domain: s.domain, app: s.app, stream: s.stream } }, body: request,
      })),
    onSuccess: (_done, { s }) => {
      if (previewing && idOf(previewing) === idOf(s)) {
        setPreviewing(null);
      }
      void client.invalidateQueries({ queryKey: ONLINE_KEY });
      void client.invalidateQueries({ queryKey: FORBIDDEN_KEY });
    },
  });
  const pulls = previewing ? pullDomainsOf(domains.data ?? [], previewing.domain) : [];
  return (
    <section aria-labelledby="online-title">
      <h2 id="online-title">{t('streams.online')}</h2>
      <p className="hint">{t('streams.refreshing', { seconds: REFRESH_MS / 1000 })}</p>
      <ProblemAlert error={online.error ?? forbid.error} />
      {previewing && (pulls.length > 0 ? (
        <LivePreview key={idOf(previewing)} pullDomain={pulls[0].name} app={previewing.app} stream={previewing.stream}
          onClose={() => setPreviewing(null)} />
      ) : (
        <EmptyState title={t('preview.noPullTitle')} hint={t('preview.noPullHint', { push: previewing.domain })} />
      ))}
      {thumbnail && <StreamThumbnail key={idOf(thumbnail)} domain={thumbnail.domain} app={thumbnail.app}
        stream={thumbnail.stream} onClose={() => setThumbnail(null)} />}
      {online.isPending ? <Loading /> : online.rows.length === 0 ? (
        <EmptyState title={t('streams.emptyTitle')} hint={t('streams.emptyHint')} />
      ) : (
        <div className="table-wrap">
          <table data-testid="online-streams">
            <thead><tr>
              <th scope="col">{t('streams.stream')}</th>
              <th scope="col">{t('streams.tracks')}</th>
              <th scope="col">{t('streams.bitrate')}</th>
              <th scope="col">{t('streams.viewers')}</th>
              <th scope="col">{t('streams.node')}</th>
              <th scope="col">{t('streams.since')}</th>
              <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
            </tr></thead>
            <tbody>
              {online.rows.map((s) => (
                <tr key={idOf(s)} data-stream={s.stream}>
                  <td><span className="muted">{s.domain}/{s.app}/</span><strong>{s.stream}</strong></td>
                  <td>{tracksOf(s.video, s.audio)}</td>
                  <td>{s.bitrateKbps === undefined ? '—' : formatBitRate(s.bitrateKbps * 1000)}</td>
                  <td>{s.viewers}</td>
                  <td><code>{s.nodeId}</code></td>
                  <td>{formatDateTime(s.startedAt, i18n.language)}</td>
                  <td className="row-actions">
                    <button type="button" className="button button-small" onClick={() => setPreviewing(s)}>
                      {t('streams.preview')}
                    </button>
                    <button type="button" className="button button-small" onClick={() => setThumbnail(s)}>
                      {t('streams.thumbnail')}
                    </button>
                    <ForbidButton stream={s.stream} disabled={forbid.isPending}
                      onForbid={(request) => forbid.mutate({ s, request })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton more={online.more} loading={online.isFetchingNextPage} onMore={() => online.fetchNextPage()} />
    </section>
  );
}
