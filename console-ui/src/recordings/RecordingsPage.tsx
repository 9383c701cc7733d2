import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { components } from '../api/generated/schema';
import { PAGE_SIZE, usePagedList } from '../api/paging';
import { ConfirmButton } from '../components/ConfirmButton';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { MoreButton } from '../components/MoreButton';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDomains } from '../domains/domainApi';
import { formatBytes, formatDateTime, formatDuration } from '../format/units';
import { ManualRecording } from './ManualRecording';
import { RecordingPlayer, type Playable } from './RecordingPlayer';

type RecordingFormat = components['schemas']['RecordingFormat'];

/** Recorded files, newest first, filtered by domain, stream and format: play in the page, download, delete. */
export default function RecordingsPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const domains = useDomains();
  const [domain, setDomain] = useState('');
  const [stream, setStream] = useState('');
  const [format, setFormat] = useState<RecordingFormat | ''>('');
  const [playing, setPlaying] = useState<Playable | null>(null);
  const query = { domain: domain || undefined, stream: stream || undefined, format: format || undefined };
  const key = ['recordings', query];
  const files = usePagedList(key, (pageToken) => call(api.GET('/v1/recordings', {
    params: { query: { ...query, pageSize: PAGE_SIZE, pageToken } },
  })));
  const download = useMutation({
    mutationFn: (id: string) => call(api.GET('/v1/recordings/{id}', { params: { path: { id } } })),
    onSuccess: (file) => {
      if (file.downloadUrl) {
        window.open(file.downloadUrl, '_blank', 'noopener');
      }
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => call(api.DELETE('/v1/recordings/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['recordings'] }),
  });
  const pushDomains = (domains.data ?? []).filter((d) => d.type === 'push');
  return (
    <>
      <PageHeader title={t('recordings.title')} />
      <div className="form form-inline" role="search">
        <label className="field"><span>{t('recordings.domain')}</span>
          <select value={domain} onChange={(e) => setDomain(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {pushDomains.map((d) => <option key={d.name} value={d.name}>{d.name}</option>)}
          </select></label>
        <label className="field"><span>{t('urls.stream')}</span>
          <input value={stream} maxLength={128} onChange={(e) => setStream(e.target.value)} /></label>
        <label className="field"><span>{t('recordings.format')}</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as RecordingFormat | '')}>
            <option value="">{t('common.all')}</option>
            <option value="flv">FLV</option><option value="hls">HLS</option><option value="mp4">MP4</option>
          </select></label>
      </div>
      {playing && <RecordingPlayer key={`${playing.kind}-${playing.id}`} what={playing}
        onClose={() => setPlaying(null)} />}
      <ProblemAlert error={files.error ?? download.error ?? remove.error} />
      {files.isPending ? <Loading /> : files.rows.length === 0 ? (
        <EmptyState title={t('recordings.emptyTitle')} hint={t('recordings.emptyHint')} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr>
              <th scope="col">{t('streams.stream')}</th>
              <th scope="col">{t('recordings.format')}</th>
              <th scope="col">{t('streams.started')}</th>
              <th scope="col">{t('streams.duration')}</th>
              <th scope="col">{t('recordings.size')}</th>
              <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
            </tr></thead>
            <tbody>
              {files.rows.map((f) => (
                <tr key={f.id}>
                  <td>{f.domain}/{f.app}/{f.stream}</td>
                  <td>{f.format.toUpperCase()}</td>
                  <td>{formatDateTime(f.startedAt, i18n.language)}</td>
                  <td>{formatDuration(f.durationMs / 1000)}</td>
                  <td>{formatBytes(f.bytes)}</td>
                  <td className="row-actions">
                    <button type="button" className="button button-small"
                      onClick={() => setPlaying({ kind: 'file', id: f.id })}>{t('recordings.play')}</button>
                    {f.format === 'hls' && (
                      <button type="button" className="button button-small"
                        onClick={() => setPlaying({ kind: 'session', id: f.sessionId })}>
                        {t('recordings.playSession')}</button>
                    )}
                    <button type="button" className="button button-small" onClick={() => download.mutate(f.id)}>
                      {t('recordings.download')}
                    </button>
                    <ConfirmButton label={t('common.delete')} onConfirm={() => remove.mutate(f.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton more={files.more} loading={files.isFetchingNextPage} onMore={() => files.fetchNextPage()} />
      {pushDomains.length > 0 && <ManualRecording pushDomains={pushDomains.map((d) => d.name)} />}
    </>
  );
}
