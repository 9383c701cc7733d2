import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';
import { choosePlayer, detectSupport, type PlayerKind } from './playerChoice';
import { startPlayback } from './players';

/**
 * Plays a live stream in the page from one of its pull domains, with play URLs the API signs for the purpose
 * (HTTP-FLV through mpegts.js, or HLS), straight from the media node (another origin; the node answers CORS).
 */
export function LivePreview({ pullDomain, app, stream, onClose }: {
  pullDomain: string;
  app: string;
  stream: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [prefer, setPrefer] = useState<'flv' | 'hls'>('flv');
  const [kind, setKind] = useState<PlayerKind | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const urls = useQuery({
    queryKey: ['previewUrls', pullDomain, app, stream],
    queryFn: () => call(api.POST('/v1/domains/{name}/signed-urls', {
      params: { path: { name: pullDomain } }, body: { app, stream },
    })),
    staleTime: 5 * 60_000,
  });
  const play = urls.data?.play;

  useEffect(() => {
    const element = video.current;
    if (!element || !play) {
      return undefined;
    }
    const chosen = choosePlayer(detectSupport(element), prefer);
    setKind(chosen);
    setFailure(null);
    setPlaying(false);
    if (chosen === 'none') {
      return undefined;
    }
    let stopped = false;
    let playback: { stop(): void } | null = null;
    void startPlayback(chosen, element, chosen === 'flv' ? play.flv : play.hls, (message) => {
      if (!stopped) {
        setFailure(message);
      }
    }).then((started) => {
      if (stopped) {
        started.stop();
      } else {
        playback = started;
      }
    }, (error: unknown) => setFailure(String(error)));
    return () => {
      stopped = true;
      playback?.stop();
    };
  }, [play, prefer]);

  return (
    <div className="preview" data-testid="preview">
      <div className="preview-head">
        <strong>{t('preview.title', { stream: `${app}/${stream}` })}</strong>
        <label className="field field-inline">
          <span>{t('preview.protocol')}</span>
          <select value={prefer} onChange={(e) => setPrefer(e.target.value as 'flv' | 'hls')}>
            <option value="flv">HTTP-FLV</option>
            <option value="hls">HLS</option>
          </select>
        </label>
        <button type="button" className="button button-small" onClick={onClose}>{t('common.close')}</button>
      </div>
      {urls.isPending && <Loading label={t('preview.signing')} />}
      <ProblemAlert error={urls.error} />
      <video ref={video} className="preview-video" muted autoPlay playsInline controls
        aria-label={t('preview.videoLabel', { stream: `${app}/${stream}` })}
        onPlaying={() => setPlaying(true)} onWaiting={() => setPlaying(false)} />
      <p className="hint" role="status">
        {kind === 'none' ? t('preview.unsupported')
          : failure ? t('preview.failed', { reason: failure })
            : playing ? t('preview.playing', { player: kind === 'flv' ? 'mpegts.js (HTTP-FLV)' : kind === 'hls-js' ? 'hls.js (HLS)' : 'HLS' })
              : t('preview.connecting')}
      </p>
    </div>
  );
}
