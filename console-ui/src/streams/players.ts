import type { PlayerKind } from './playerChoice';

/** A player attached to a video element; `stop` releases everything it holds. */
export interface Playback {
  stop(): void;
}

/**
 * Starts `kind` on `video` from `url`. mpegts.js and hls.js are loaded here, on first preview only, so no other page
 * carries their weight. Their own console logging is off: failures reach `onError`, which the page shows.
 */
export async function startPlayback(kind: PlayerKind, video: HTMLVideoElement, url: string,
  onError: (message: string) => void): Promise<Playback> {
  if (kind === 'flv') {
    const mpegts = (await import('mpegts.js')).default;
    mpegts.LoggingControl.applyConfig({ enableAll: false });
    const player = mpegts.createPlayer({ type: 'flv', isLive: true, url }, {
      enableWorker: false, liveBufferLatencyChasing: true, lazyLoad: false,
    });
    player.on(mpegts.Events.ERROR, (type: string, detail: string) => onError(`${type}: ${detail}`));
    player.attachMediaElement(video);
    player.load();
    void Promise.resolve(player.play()).catch(() => undefined);
    return {
      stop() {
        player.pause();
        player.unload();
        player.detachMediaElement();
        player.destroy();
      },
    };
  }
  if (kind === 'hls-js') {
    const Hls = (await import('hls.js')).default;
    const hls = new Hls({ lowLatencyMode: true, debug: false });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (data.fatal) {
        onError(`${data.type}: ${data.details}`);
      }
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    void video.play().catch(() => undefined);
    return { stop: () => hls.destroy() };
  }
  if (kind === 'hls-native') {
    video.src = url;
    void video.play().catch(() => undefined);
    return {
      stop() {
        video.removeAttribute('src');
        video.load();
      },
    };
  }
  throw new Error('no player for this browser');
}
