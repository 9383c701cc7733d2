import type { components } from '../api/generated/schema';

type VideoTrack = components['schemas']['VideoTrack'];
type AudioTrack = components['schemas']['AudioTrack'];

/** A stream's tracks in one line: "h264 1280×720 30fps · aac 44.1kHz 2ch", or a dash when unknown. */
export function tracksOf(video?: VideoTrack, audio?: AudioTrack): string {
  const parts: string[] = [];
  if (video) {
    const size = video.width && video.height ? ` ${video.width}×${video.height}` : '';
    const rate = video.frameRate ? ` ${Math.round(video.frameRate * 100) / 100}fps` : '';
    parts.push(`${video.codec}${size}${rate}`);
  }
  if (audio) {
    const rate = audio.sampleRate ? ` ${audio.sampleRate / 1000}kHz` : '';
    const channels = audio.channels ? ` ${audio.channels}ch` : '';
    parts.push(`${audio.codec}${rate}${channels}`);
  }
  return parts.length > 0 ? parts.join(' · ') : '—';
}
