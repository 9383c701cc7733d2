/** How the page can play a live stream, from what the browser supports. */
export type PlayerKind = 'flv' | 'hls-native' | 'hls-js' | 'none';

export interface PlaybackSupport {
  /** Media Source Extensions take H.264/AAC in fragmented MP4: mpegts.js can remux HTTP-FLV into it, hls.js HLS. */
  mse: boolean;
  /** The video element plays HLS itself (Safari, iOS; recent Chrome). */
  nativeHls: boolean;
}

/**
 * HTTP-FLV through mpegts.js where MSE exists (a second or two behind live, against HLS's segment delay), else the
 * browser's own HLS (iOS Safari has no MSE), else nothing. A person may still ask for HLS where both work.
 */
export function choosePlayer(support: PlaybackSupport, prefer: 'flv' | 'hls' = 'flv'): PlayerKind {
  if (prefer === 'hls') {
    if (support.nativeHls && !support.mse) {
      return 'hls-native';
    }
    if (support.mse) {
      return 'hls-js';
    }
  }
  if (support.mse) {
    return 'flv';
  }
  if (support.nativeHls) {
    return 'hls-native';
  }
  return 'none';
}

const H264_AAC = 'video/mp4; codecs="avc1.42E01E,mp4a.40.2"';

export function detectSupport(video: HTMLVideoElement): PlaybackSupport {
  const mediaSource = (window as { ManagedMediaSource?: typeof MediaSource }).ManagedMediaSource
    ?? window.MediaSource;
  return {
    mse: Boolean(mediaSource?.isTypeSupported?.(H264_AAC)),
    nativeHls: video.canPlayType('application/vnd.apple.mpegurl') !== '',
  };
}
