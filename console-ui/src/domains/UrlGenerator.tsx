import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { CopyField } from '../components/CopyButton';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../format/units';
import type { Domain } from './domainApi';

/**
 * Mints signed URLs for one stream through the API: for a push domain what OBS asks for ("Server" and "Stream key")
 * and the whole push URL; for a pull domain the RTMP, HTTP-FLV and HLS play URLs. Each with a copy button.
 */
export function UrlGenerator({ domain }: { domain: Domain }) {
  const { t, i18n } = useTranslation();
  const [app, setApp] = useState('live');
  const [stream, setStream] = useState('demo');
  const [ttl, setTtl] = useState('');
  const mint = useMutation({
    mutationFn: () => call(api.POST('/v1/domains/{name}/signed-urls', {
      params: { path: { name: domain.name } },
      body: ttl ? { app, stream, ttlSeconds: Number(ttl) } : { app, stream },
    })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mint.mutate();
  };
  const urls = mint.data;
  return (
    <>
      <p className="lead">{domain.type === 'push' ? t('urls.pushIntro') : t('urls.playIntro')}</p>
      <form className="form form-inline" onSubmit={submit}>
        <label className="field">
          <span>{t('urls.app')}</span>
          <input required maxLength={64} value={app} onChange={(e) => setApp(e.target.value)}
            data-testid="url-app" />
        </label>
        <label className="field">
          <span>{t('urls.stream')}</span>
          <input required maxLength={128} value={stream}
            onChange={(e) => setStream(e.target.value)} data-testid="url-stream" />
        </label>
        <label className="field">
          <span>{t('urls.ttl')}</span>
          <input type="number" min={60} value={ttl} onChange={(e) => setTtl(e.target.value)}
            placeholder={t('urls.ttlPlaceholder')} />
        </label>
        <button type="submit" className="button button-primary" disabled={mint.isPending}>
          {t('urls.generate')}
        </button>
      </form>
      <p className="hint">{t('urls.nameRule')}</p>
      <ProblemAlert error={mint.error} />
      {urls && (
        <div className="generated" data-testid="generated-urls">
          <p>{t('urls.expiresAt', { at: formatDateTime(urls.expiresAt, i18n.language) })}</p>
          {urls.push && (
            <>
              <h3>{t('urls.obsTitle')}</h3>
              <CopyField label={t('urls.obsServer')} value={urls.push.server} testId="obs-server" />
              <CopyField label={t('urls.obsStreamKey')} value={urls.push.streamKey} testId="obs-stream-key" />
              <h3>{t('urls.pushUrlTitle')}</h3>
              <CopyField label={t('urls.pushUrl')} value={urls.push.url} testId="push-url" />
            </>
          )}
          {urls.play && (
            <>
              <CopyField label="RTMP" value={urls.play.rtmp} testId="play-rtmp" />
              <CopyField label="HTTP-FLV" value={urls.play.flv} testId="play-flv" />
              <CopyField label="HLS" value={urls.play.hls} testId="play-hls" />
            </>
          )}
        </div>
      )}
    </>
  );
}
