import { describe, expect, it } from 'vitest';
import { tracksOf } from './tracks';

describe('tracksOf', () => {
  it('names codecs, size, rate and channels', () => {
    expect(tracksOf({ codec: 'h264', width: 1280, height: 720, frameRate: 30 },
      { codec: 'aac', sampleRate: 44100, channels: 2 })).toBe('h264 1280×720 30fps · aac 44.1kHz 2ch');
  });

  it('leaves out what the node did not report', () => {
    expect(tracksOf({ codec: 'h264' })).toBe('h264');
    expect(tracksOf()).toBe('—');
  });
});
