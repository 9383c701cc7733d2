import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../format/units';

const REFRESH_MS = 10_000;

/**
 * The latest thumbnail a recording rule made of a live stream (a JPEG from the API, taken with the session cookie and
 * shown from a blob URL), refreshed every few seconds; says how to get one when the stream has none.
 */
export function StreamThumbnail({ domain, app, stream, onClose }: {
  domain: string;
  app: string;
  stream: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const snapshot = useQuery({
    queryKey: ['snapshot', domain, app, stream],
    queryFn: async () => {
      const answer = await api.GET('/v1/streams/{domain}/{app}/{stream}/snapshot', {
        params: { path: { domain, app, stream } }, parseAs: 'blob',
      });
      if (answer.response.status === 404) {
        return null;
      }
      const image = await call(Promise.resolve(answer));
      return { image: image as Blob, takenAt: answer.response.headers.get('Last-Modified') };
    },
    refetchInterval: REFRESH_MS,
    retry: false,
  });
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!snapshot.data) {
      setUrl(null);
      return undefined;
    }
    const made = URL.createObjectURL(snapshot.data.image);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [snapshot.data]);
  const takenAt = snapshot.data?.takenAt ? new Date(snapshot.data.takenAt).toISOString() : null;
  return (
    <div className="preview">
      <div className="preview-head">
        <strong>{t('streams.thumbnailOf', { stream: `${domain}/${app}/${stream}` })}</strong>
        <button type="button" className="button button-small" onClick={onClose}>{t('common.close')}</button>
      </div>
      {snapshot.isPending && <Loading />}
      <ProblemAlert error={snapshot.error} />
      {snapshot.data === null && <p className="hint" role="status">{t('streams.noThumbnail')}</p>}
      {url && <img className="thumbnail" src={url} alt={t('streams.thumbnailOf', { stream })} />}
      {takenAt && <p className="hint">{t('streams.thumbnailTakenAt', { at: formatDateTime(takenAt, i18n.language) })}</p>}
    </div>
  );
}
