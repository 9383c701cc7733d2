package dev.liveplane.media.server.stream;

import dev.liveplane.media.server.NodeMetrics;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.util.ReferenceCountUtil;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.SpscChunkedArrayQueue;

/**
 * Carries a stream's frames to one viewer connection through a bounded queue that drops whole GOPs when the viewer
 * falls behind and finally disconnects it.
 *
 * <p>Two threads touch a viewer: the stream's event loop offers frames (the single producer) and the viewer's own
 * channel event loop drains them into the socket (the single consumer). Frames are shared by reference count: the
 * queue holds the stream's own {@link MediaFrame}s and the socket gets a duplicate of their pre-encoded bytes.
 */
public abstract class Viewer {

    private final Channel channel;
    /** Where media enters the pipeline; see {@link #wire(Channel)}. */
    private final ChannelOutboundInvoker wire;
    /** Told what media the viewer wrote past every handler (the usage meter at the front), or null. */
    private final SentBytes sentBytes;
    private final FrameEncoder format;
    private final StreamSettings settings;
    private final NodeMetrics metrics;
    private final Counter bytesOut;
    private final Queue<Object> queue;
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile boolean ended;
    private volatile boolean closed;
    private volatile LiveStream stream;
    private final String domain;

    private boolean coalescing; // consumer-only: Nagle switched back on after the start burst

    /** Frames received before this are replays from the GOP cache, not live delivery. */
    private final long createdNanos = System.nanoTime();

    // Producer-only state (stream event loop).
    private boolean droppingGop;
    private int consecutiveDroppedGops;
    private boolean started;

    protected Viewer(Channel channel, FrameEncoder format, StreamSettings settings, NodeMetrics metrics,
            Counter bytesOut) {
        this(channel, format, settings, metrics, bytesOut, null);
    }

    /** A viewer that played through {@code domain} (the pull domain as the client addressed it). */
    protected Viewer(Channel channel, FrameEncoder format, StreamSettings settings, NodeMetrics metrics,
            Counter bytesOut, String domain) {
        this.domain = domain;
        this.channel = channel;
        this.wire = wire(channel);
        this.sentBytes = channel.pipeline().first() instanceof SentBytes meter ? meter : null;
        this.format = format;
        this.settings = settings;
        this.metrics = metrics;
        this.bytesOut = bytesOut;
        this.queue = new SpscChunkedArrayQueue<>(64, Math.max(128, settings.viewerMaxQueuedFrames()));
    }

    public final Channel channel() {
        return channel;
    }

    /** The domain the viewer played through, or null when not known. */
    public final String domain() {
        return domain;
    }

    /** True for another node's relay pull: it feeds that node's viewers and is not counted as a viewer here. */
    public boolean relay() {
        return false;
    }

    /** Bytes the viewer must receive before any frame (an FLV file header, say); null for none. */
    protected abstract ByteBuf preamble(TrackInfo tracks);

    /** Ends the viewer's session after the publisher left and every queued frame was written; on the viewer loop. */
    protected abstract void writeEndOfStream();

    // ---- producer side: the stream's event loop ----

    final void attach(LiveStream stream, TrackInfo tracks) {
        this.stream = stream;
        ByteBuf preamble = preamble(tracks);
        if (preamble != null) {
            enqueue(preamble, preamble.readableBytes());
        }
    }

    /** Queues a frame for this viewer, or drops it with the rest of its GOP when the viewer is behind. */
    final void offer(MediaFrame frame) {
        if (closed) {
            return;
        }
        if (!frame.sequenceHeader() && frame.kind() != MediaFrame.Kind.METADATA) {
            if (frame.kind() == MediaFrame.Kind.VIDEO && frame.keyframe()) {
                started = true;
                droppingGop = queuedBytes.get() > settings.viewerLagBytes();
                consecutiveDroppedGops = droppingGop ? consecutiveDroppedGops + 1 : 0;
                if (consecutiveDroppedGops > settings.viewerMaxDroppedGops()) {
                    disconnectSlow("dropped " + consecutiveDroppedGops + " GOPs in a row");
                    return;
                }
            } else if (frame.kind() == MediaFrame.Kind.VIDEO && !started) {
                return; // a viewer's first video frame must be a keyframe
            }
            if (droppingGop) {
                metrics.droppedFrames(1);
                return;
            }
        }
        int size = frame.payload().readableBytes();
        if (queuedBytes.get() + size > settings.viewerMaxQueuedBytes()) {
            disconnectSlow("queue over " + settings.viewerMaxQueuedBytes() + " bytes");
            return;
        }
        frame.encoded(format); // encode once, on the owner thread, before any consumer reads it
        if (!queue.offer(frame.retain())) {
            frame.release();
            disconnectSlow("queue over " + settings.viewerMaxQueuedFrames() + " frames");
            return;
        }
        queuedBytes.addAndGet(size);
    }

    /** The publisher left: write what is queued, then end the session. */
    final void endOfStream() {
        ended = true;
    }

    private void enqueue(ByteBuf buf, int size) {
        if (queue.offer(buf)) {
            queuedBytes.addAndGet(size);
        } else {
            buf.release();
        }
    }

    private void disconnectSlow(String reason) {
        metrics.slowViewerDisconnected();
        closed = true;
        stream.removeViewer(this);
        onSlowDisconnect(reason);
        channel.close();
    }

    /** Hook for logging a slow-viewer disconnect with the connection's context. */
    protected abstract void onSlowDisconnect(String reason);

    // ---- consumer side: the viewer's channel event loop ----

    /**
     * Writes queued frames while the socket accepts them; call again when the channel becomes writable.
     *
     * @return when the oldest live frame written was received (frames replayed from the GOP cache on attach do not
     *         count), or 0 if none was written
     */
    public final long drain() {
        if (closed) {
            releaseQueued();
            return 0;
        }
        long oldestReceived = 0;
        long written = 0;
        Object item;
        while (channel.isWritable() && (item = queue.poll()) != null) {
            ByteBuf out;
            int size;
            if (item instanceof MediaFrame frame) {
                if (oldestReceived == 0 && frame.receivedNanos() >= createdNanos) {
                    oldestReceived = frame.receivedNanos();
                }
                size = frame.payload().readableBytes();
                out = frame.encoded(format).retainedDuplicate();
                frame.release();
            } else {
                out = (ByteBuf) item;
                size = out.readableBytes();
            }
            queuedBytes.addAndGet(-size);
            written += out.readableBytes();
            wire.write(out, channel.voidPromise());
        }
        if (written > 0) {
            wire.flush();
            bytesOut.increment(written);
            if (sentBytes != null) {
                sentBytes.sent(written); // one add per batch: metering allocates nothing per frame
            }
            if (!coalescing) {
                // The start burst (metadata, sequence headers, cached GOP) went out at once under TCP_NODELAY. From
                // here the socket carries a continuous media stream, and letting the kernel coalesce small frames
                // into full segments halves the node's CPU per viewer (bench/README.md); nginx-rtmp and SRS leave
                // Nagle on for players the same way.
                coalescing = true;
                channel.config().setOption(ChannelOption.TCP_NODELAY, false);
            }
        }
        if (ended && queue.isEmpty()) {
            closed = true;
            writeEndOfStream();
        }
        return oldestReceived;
    }

    /**
     * The front of the pipeline. Media is already in wire form (shared pre-encoded RTMP chunks or HTTP chunks), and
     * the handlers behind the front only decode input or encode control messages, so media skips them: a frame's
     * write then costs one hop instead of a walk through the pipeline, for every viewer. Control messages written
     * to the channel pass the same front later, so the order of everything written on the loop is kept.
     */
    private static ChannelOutboundInvoker wire(Channel channel) {
        ChannelHandlerContext first = channel.pipeline().firstContext();
        return first != null ? first : channel.pipeline();
    }

    /** The connection closed: detach from the stream and free what is still queued. Viewer loop only. */
    public final void close() {
        closed = true;
        LiveStream attachedTo = stream;
        if (attachedTo != null) {
            attachedTo.removeViewer(this);
        } else {
            releaseQueued();
        }
    }

    /** Runs on the viewer loop once the producer has let go of this viewer. */
    final void releaseQueued() {
        Object item;
        while ((item = queue.poll()) != null) {
            ReferenceCountUtil.release(item);
        }
        queuedBytes.set(0);
    }
}
