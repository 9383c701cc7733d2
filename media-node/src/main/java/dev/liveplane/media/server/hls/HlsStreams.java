package dev.liveplane.media.server.hls;

import dev.liveplane.media.server.stream.CodecConfig;
import dev.liveplane.media.server.stream.DomainOwner;
import dev.liveplane.media.server.stream.MediaFrame;
import dev.liveplane.media.server.stream.StreamInfo;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.StreamSink;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns each live stream into HLS: opens an {@link HlsSegmenter} as the stream's sink and finds it for players by
 * stream and registration. An ended stream's playlist (with its end list) stays readable for a while so HLS players
 * see the end instead of a 404; a new publish of the stream replaces it.
 */
public final class HlsStreams implements StreamSink.Factory {

    private final HlsSettings settings;
    private final Duration endedRetention;
    private final ConcurrentMap<StreamKey, Entry> segmenters = new ConcurrentHashMap<>();

    /** @param endedRetention how long an ended stream's playlist and segments stay readable */
    public HlsStreams(HlsSettings settings, Duration endedRetention) {
        this.settings = settings;
        this.endedRetention = endedRetention;
    }

    public HlsSettings settings() {
        return settings;
    }

    @Override
    public StreamSink open(StreamInfo stream) {
        Entry entry = new Entry(new HlsSegmenter(stream.key().stream(), HlsSegmenter.newPublishId(), settings,
                ByteBufAllocator.DEFAULT),
                stream.owner());
        Entry previous = segmenters.put(stream.key(), entry);
        if (previous != null && previous.ended) {
            previous.release(); // a live predecessor releases its own once it ends and sees it was replaced
        }
        return new Sink(stream, entry);
    }

    /** The segmenter of a stream live, or ended moments ago, under {@code key} and {@code owner}; any thread. */
    public Optional<HlsSegmenter> find(StreamKey key, DomainOwner owner) {
        Entry entry = segmenters.get(key);
        return entry != null && entry.owner.sameAs(owner) ? Optional.of(entry.segmenter) : Optional.empty();
    }

    /**
     * Frees every segmenter's buffers: an ended stream's scheduled release dies with the event loops, and a stream
     * cut by the shutdown may never have heard its end. Call once the node's event loops have terminated.
     */
    public void releaseAll() {
        segmenters.values().removeIf(entry -> {
            entry.release();
            return true;
        });
    }

    /** One stream's segmenter and the registration its stream was published under. */
    private static final class Entry {
        final HlsSegmenter segmenter;
        final DomainOwner owner;
        volatile boolean ended;
        private final AtomicBoolean released = new AtomicBoolean();

        Entry(HlsSegmenter segmenter, DomainOwner owner) {
            this.segmenter = segmenter;
            this.owner = owner;
        }

        /** Once only, whichever of the end, the replacing publish or the retention timer gets here first. */
        void release() {
            if (released.compareAndSet(false, true)) {
                segmenter.release();
            }
        }
    }

    /** Feeds one stream's segmenter; on the stream's loop. */
    private final class Sink implements StreamSink {
        private final StreamInfo stream;
        private final Entry entry;
        private MediaFrame videoHeader;
        private MediaFrame audioHeader;

        Sink(StreamInfo stream, Entry entry) {
            this.stream = stream;
            this.entry = entry;
        }

        @Override
        public void started(StreamInfo info) {
        }

        @Override
        public void codecConfig(CodecConfig config) {
            // Only a changed sequence header matters: metadata carries nothing a segment holds.
            if (config.video() != null && config.video() != videoHeader) {
                videoHeader = config.video();
                entry.segmenter.onFrame(videoHeader);
            }
            if (config.audio() != null && config.audio() != audioHeader) {
                audioHeader = config.audio();
                entry.segmenter.onFrame(audioHeader);
            }
        }

        @Override
        public void frame(MediaFrame frame) {
            entry.segmenter.onFrame(frame);
        }

        @Override
        public void ended(String reason) {
            videoHeader = audioHeader = null;
            entry.segmenter.end();
            entry.ended = true;
            if (segmenters.get(stream.key()) != entry) {
                entry.release(); // a new publish of the stream already took its place
                return;
            }
            // Scheduled on the stream's loop, which outlives the stream (it belongs to the node's worker group).
            stream.eventLoop().schedule(() -> {
                if (segmenters.remove(stream.key(), entry)) {
                    entry.release();
                }
            }, endedRetention.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
