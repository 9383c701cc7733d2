package dev.liveplane.media.server.hls;

import io.netty.buffer.ByteBuf;

/**
 * A finished segment as the segmenter publishes it.
 *
 * @param data the whole MPEG-TS segment, one reference owned by the segmenter; a {@code CompositeByteBuf}, which
 *        Netty never recycles, so a reader holding a stale reference gets an IllegalReferenceCountException rather
 *        than another stream's bytes
 */
public record HlsSegment(long sequence, long durationMs, boolean discontinuity, ByteBuf data) {
}
