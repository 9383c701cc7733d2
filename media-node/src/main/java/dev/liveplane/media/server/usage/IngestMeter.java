package dev.liveplane.media.server.usage;

import dev.liveplane.media.server.stream.CodecConfig;
import dev.liveplane.media.server.stream.MediaFrame;
import dev.liveplane.media.server.stream.StreamInfo;
import dev.liveplane.media.server.stream.StreamSink;

/**
 * Counts the media each publisher sends (audio, video, metadata and sequence headers, the FLV tag bodies it
 * published), on the push domain: a sink on the stream-sink port, one addition per frame on the stream's loop,
 * harvested there. A relayed stream is not counted: its origin counts the publisher, and the relay as {@code relay}.
 */
final class IngestMeter implements StreamSink.Factory {

    private final UsageMeter meter;

    IngestMeter(UsageMeter meter) {
        this.meter = meter;
    }

    @Override
    public StreamSink open(StreamInfo stream) {
        UsageKey key = UsageKey.of(stream.owner(), stream.key().domain(), stream.key(), Metered.INGEST);
        return stream.relayed() || key == null ? null : new Sink(key, meter.loop(stream.eventLoop()));
    }

    private final class Sink implements StreamSink, Harvested {

        private final UsageKey key;
        private final LoopMeters loop;
        private long bytes;
        private long counted;
        private CodecConfig config = new CodecConfig(null, null, null);

        Sink(UsageKey key, LoopMeters loop) {
            this.key = key;
            this.loop = loop;
        }

        @Override
        public void started(StreamInfo stream) {
            loop.add(this);
        }

        @Override
        public void codecConfig(CodecConfig next) {
            // Given whole on every change: only the part that changed is new from the publisher.
            bytes += changed(config.metadata(), next.metadata()) + changed(config.video(), next.video())
                    + changed(config.audio(), next.audio());
            config = next;
        }

        private long changed(MediaFrame before, MediaFrame now) {
            return now == null || now == before ? 0 : now.payload().readableBytes();
        }

        @Override
        public void frame(MediaFrame frame) {
            bytes += frame.payload().readableBytes();
        }

        @Override
        public void ended(String reason) {
            harvest(meter.now());
            loop.remove(this);
            config = null;
        }

        @Override
        public void harvest(long tickMillis) {
            if (bytes > counted) {
                meter.bytes(key, tickMillis - 1, bytes - counted, null);
                counted = bytes;
            }
        }
    }
}
