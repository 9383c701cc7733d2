package dev.liveplane.media.server.stream;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.LogLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one stream's events to its sinks in order, on the stream's loop. A sink that throws costs that call only:
 * the publisher, the viewers and the other sinks carry on, and the failure is logged a few times a minute.
 */
final class SinkFanout {

    private static final Logger log = LoggerFactory.getLogger(SinkFanout.class);
    private static final LogLimiter FAILURES = LogLimiter.perMinute(10);
    static final SinkFanout NONE = new SinkFanout(new StreamSink[0], null);

    private final StreamSink[] sinks;
    private final StreamKey key;

    private SinkFanout(StreamSink[] sinks, StreamKey key) {
        this.sinks = sinks;
        this.key = key;
    }

    /** Opens each factory's sink for {@code stream} and tells them it started. */
    static SinkFanout open(List<StreamSink.Factory> factories, StreamInfo stream) {
        List<StreamSink> opened = new ArrayList<>(factories.size());
        for (StreamSink.Factory factory : factories) {
            try {
                StreamSink sink = factory.open(stream);
                if (sink != null) {
                    opened.add(sink);
                }
            } catch (RuntimeException e) {
                FAILURES.warn(log, "event=sink_failed stream={} sink={} call=open error=\"{}\"", stream.key(),
                        factory.getClass().getSimpleName(), e.toString());
            }
        }
        SinkFanout fanout = new SinkFanout(opened.toArray(new StreamSink[0]), stream.key());
        fanout.each("started", sink -> sink.started(stream));
        return fanout;
    }

    void codecConfig(CodecConfig config) {
        each("codecConfig", sink -> sink.codecConfig(config));
    }

    void frame(MediaFrame frame) {
        for (StreamSink sink : sinks) {
            try {
                sink.frame(frame);
            } catch (RuntimeException e) {
                failed(sink, "frame", e);
            }
        }
    }

    void ended(String reason) {
        each("ended", sink -> sink.ended(reason));
    }

    private void each(String call, Consumer<StreamSink> event) {
        for (StreamSink sink : sinks) {
            try {
                event.accept(sink);
            } catch (RuntimeException e) {
                failed(sink, call, e);
            }
        }
    }

    private void failed(StreamSink sink, String call, RuntimeException e) {
        FAILURES.warn(log, "event=sink_failed stream={} sink={} call={} error=\"{}\"", key,
                sink.getClass().getSimpleName(), call, e.toString());
    }
}
