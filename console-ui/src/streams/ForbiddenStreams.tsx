import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { PAGE_SIZE, usePagedList } from '../api/paging';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { MoreButton } from '../components/MoreButton';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../format/units';
import { FORBIDDEN_KEY, ONLINE_KEY } from './OnlineStreams';

/** Streams refused now (until when, why), each with a resume that lets it publish again. */
export function ForbiddenStreams() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const forbidden = usePagedList(FORBIDDEN_KEY, (pageToken) => call(api.GET('/v1/streams/forbidden', {
    params: { query: { pageSize: PAGE_SIZE, pageToken } },
  })));
  const resume = useMutation({
    mutationFn: (s: { domain: string; app: string; stream: string }) => call(api.POST(
      '/v1/streams/{domain}/{app}/{stream}/resume', { params: { path: s } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: FORBIDDEN_KEY });
      void client.invalidateQueries({ queryKey: ONLINE_KEY });
    },
  });
  return (
    <section aria-labelledby="forbidden-title">
      <h2 id="forbidden-title">{t('streams.forbidden')}</h2>
      <ProblemAlert error={forbidden.error ?? resume.error} />
      {forbidden.isPending ? <Loading /> : forbidden.rows.length === 0 ? (
        <EmptyState title={t('streams.noForbiddenTitle')} hint={t('streams.noForbiddenHint')} />
      ) : (
        <div className="table-wrap">
          <table data-testid="forbidden-streams">
            <thead><tr>
              <th scope="col">{t('streams.stream')}</th>
              <th scope="col">{t('streams.until')}</th>
              <th scope="col">{t('streams.reason')}</th>
              <th scope="col">{t('common.createdAt')}</th>
              <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
            </tr></thead>
            <tbody>
              {forbidden.rows.map((s) => (
                <tr key={`${s.domain}/${s.app}/${s.stream}`} data-stream={s.stream}>
                  <td>{s.domain}/{s.app}/{s.stream}</td>
                  <td>{s.until ? formatDateTime(s.until, i18n.language) : t('streams.untilResumed')}</td>
                  <td>{s.reason ?? '—'}</td>
                  <td>{formatDateTime(s.createdAt, i18n.language)}</td>
                  <td>
                    <button type="button" className="button button-small" disabled={resume.isPending}
                      onClick={() => resume.mutate({ domain: s.domain, app: s.app, stream: s.stream })}>
                      {t('streams.resume')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton more={forbidden.more} loading={forbidden.isFetchingNextPage}
        onMore={() => forbidden.fetchNextPage()} />
    </section>
  );
}
