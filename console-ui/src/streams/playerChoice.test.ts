import { describe, expect, it } from 'vitest';
import { choosePlayer } from './playerChoice';

describe('choosePlayer', () => {
  it('plays HTTP-FLV through MSE where it can', () => {
    expect(choosePlayer({ mse: true, nativeHls: false })).toBe('flv');
    expect(choosePlayer({ mse: true, nativeHls: true })).toBe('flv');
  });

  it('falls back to the browser’s own HLS without MSE (iOS Safari)', () => {
    expect(choosePlayer({ mse: false, nativeHls: true })).toBe('hls-native');
    expect(choosePlayer({ mse: false, nativeHls: true }, 'hls')).toBe('hls-native');
  });

  it('plays HLS through hls.js when asked and MSE exists', () => {
    expect(choosePlayer({ mse: true, nativeHls: false }, 'hls')).toBe('hls-js');
  });

  it('says when nothing can play', () => {
    expect(choosePlayer({ mse: false, nativeHls: false })).toBe('none');
  });
});
