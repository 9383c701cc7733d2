import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';
import { detectSupport } from '../streams/playerChoice';

/** What to play: one recorded file, or every HLS file of a recording session in order. */
export type Playable = { kind: 'file'; id: string } | { kind: 'session'; id: string };

interface Media {
  title: string;
  format: 'flv' | 'hls' | 'mp4';
  downloadUrl?: string;
}

async function media(what: Playable): Promise<Media> {
  if (what.kind === 'file') {
    const file = await call(api.GET('/v1/recordings/{id}', { params: { path: { id: what.id } } }));
    return { title: `${file.domain}/${file.app}/${file.stream} · ${file.format.toUpperCase()}`, format: file.format,
      downloadUrl: file.downloadUrl };
  }
  const session = await call(api.GET('/v1/recording-sessions/{id}', { params: { path: { id: what.id } } }));
  return { title: `${session.domain}/${session.app}/${session.stream} · HLS`, format: 'hls',
    downloadUrl: session.playlistUrl };
}

/**
 * Plays a recording in the page from its presigned URL: MP4 in the video element itself, HLS (a file's playlist or a
 * session's, which joins its files with a discontinuity at each reconnect) natively or through hls.js, FLV through
 * mpegts.js (loaded on first use only).
 */
export function RecordingPlayer({ what, onClose }: { what: Playable; onClose: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const recording = useQuery({
    queryKey: ['recording', what.kind, what.id],
    queryFn: () => media(what),
    staleTime: 10 * 60_000,
  });
  const file = recording.data;
  useEffect(() => {
    const element = video.current;
    if (!element || !file?.downloadUrl) {
      return undefined;
    }
    const url = file.downloadUrl;
    let stop: (() => void) | null = null;
    let stopped = false;
    const play = async () => {
      if (file.format === 'mp4') {
        element.src = url;
        stop = () => element.removeAttribute('src');
      } else if (file.format === 'hls') {
        const support = detectSupport(element);
        if (!support.mse && support.nativeHls) {
          element.src = url;
          stop = () => element.removeAttribute('src');
        } else {
          const Hls = (await import('hls.js')).default;
          const hls = new Hls();
          hls.on(Hls.Events.ERROR, (_e, data) => data.fatal && setFailure(`${data.type}: ${data.details}`));
          hls.loadSource(url);
          hls.attachMedia(element);
          stop = () => hls.destroy();
        }
      } else {
        const mpegts = (await import('mpegts.js')).default;
        mpegts.LoggingControl.applyConfig({ enableAll: false });
        const player = mpegts.createPlayer({ type: 'flv', isLive: false, url });
        player.on(mpegts.Events.ERROR, (type: string, detail: string) => setFailure(`${type}: ${detail}`));
        player.attachMediaElement(element);
        player.load();
        stop = () => player.destroy();
      }
      if (stopped) {
        stop?.();
      }
    };
    play().catch((error: unknown) => setFailure(String(error)));
    return () => {
      stopped = true;
      stop?.();
    };
  }, [file]);
  return (
    <div className="preview">
      <div className="preview-head">
        <strong>{file?.title ?? ''}</strong>
        <button type="button" className="button button-small" onClick={onClose}>{t('common.close')}</button>
      </div>
      {recording.isPending && <Loading />}
      <ProblemAlert error={recording.error} />
      {file && !file.downloadUrl && <p className="hint" role="status">{t('recordings.nothingToPlay')}</p>}
      <video ref={video} className="preview-video" controls autoPlay playsInline aria-label={t('recordings.playerLabel')} />
      {failure && <p className="hint" role="status">{t('preview.failed', { reason: failure })}</p>}
    </div>
  );
}
