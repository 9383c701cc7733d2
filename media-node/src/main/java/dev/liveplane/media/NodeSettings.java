package dev.liveplane.media;

import dev.liveplane.media.server.admin.AdminSettings;
import dev.liveplane.media.server.hls.HlsSettings;
import dev.liveplane.media.server.rtmp.RtmpMessageLimits;
import dev.liveplane.media.server.stream.StreamSettings;
import java.time.Duration;

/**
 * Everything a media node is started with.
 *
 * @param bindAddress      address the RTMP and player HTTP listeners bind to
 * @param rtmpPort         RTMP listener, 0 for an ephemeral port
 * @param httpPort         HTTP-FLV and HLS listener, 0 for an ephemeral port
 * @param adminPort        health and metrics listener, 0 for an ephemeral port
 * @param workerThreads    event loop threads for client connections, 0 for one per core
 * @param idleTimeout      a connection that sends nothing for this long before playing is closed, and the time a
 *                         client has to send a whole request (HTTP request head and body, RTMP handshake to
 *                         {@code publish} or {@code play}) however it trickles it in
 * @param rtmpMessages     how large RTMP messages may be and how many bytes half-assembled ones may hold, per
 *                         connection by its state and for the node
 * @param streams          per-stream limits (GOP cache, viewer queues, stale publishers)
 * @param hls              HLS segmenting
 * @param sockets          per-connection socket buffers
 * @param maxViewers       RTMP and HTTP-FLV viewers the node takes before it turns new ones away, 0 for no limit
 * @param admin            the admin listener's own address (loopback by default) and credentials
 */
public record NodeSettings(String bindAddress, int rtmpPort, int httpPort, int adminPort, int workerThreads,
        Duration idleTimeout, RtmpMessageLimits rtmpMessages, StreamSettings streams, HlsSettings hls,
        SocketSettings sockets, int maxViewers, AdminSettings admin) {

    /** Settings with the default admin listener (loopback, no credential). */
    public NodeSettings(String bindAddress, int rtmpPort, int httpPort, int adminPort, int workerThreads,
            Duration idleTimeout, RtmpMessageLimits rtmpMessages, StreamSettings streams, HlsSettings hls,
            SocketSettings sockets, int maxViewers) {
        this(bindAddress, rtmpPort, httpPort, adminPort, workerThreads, idleTimeout, rtmpMessages, streams, hls,
                sockets, maxViewers, AdminSettings.defaults());
    }

    /** Settings without a viewer limit. */
    public NodeSettings(String bindAddress, int rtmpPort, int httpPort, int adminPort, int workerThreads,
            Duration idleTimeout, RtmpMessageLimits rtmpMessages, StreamSettings streams, HlsSettings hls,
            SocketSettings sockets) {
        this(bindAddress, rtmpPort, httpPort, adminPort, workerThreads, idleTimeout, rtmpMessages, streams, hls,
                sockets, 0);
    }

    /**
     * How much unsent data one connection may hold before the node treats its viewer as behind.
     *
     * @param sendBufferBytes    SO_SNDBUF for client sockets, 0 to leave the kernel's autotuning on
     * @param writeBufferLowMark  Netty's low water mark: the channel is writable again below it
     * @param writeBufferHighMark Netty's high water mark: past it the viewer's own queue takes over
     */
    public record SocketSettings(int sendBufferBytes, int writeBufferLowMark, int writeBufferHighMark) {

        public static SocketSettings defaults() {
            return new SocketSettings(0, 128 * 1024, 512 * 1024);
        }
    }

    public static NodeSettings defaults() {
        return new NodeSettings("0.0.0.0", 1935, 8081, 9091, 0, Duration.ofSeconds(10),
                RtmpMessageLimits.defaults(),
                StreamSettings.defaults(), HlsSettings.DEFAULTS, SocketSettings.defaults());
    }

    public NodeSettings withPorts(int rtmp, int http, int adminListener) {
        return new NodeSettings(bindAddress, rtmp, http, adminListener, workerThreads, idleTimeout, rtmpMessages,
                streams, hls, sockets, maxViewers, admin);
    }

    public NodeSettings withBindAddress(String address) {
        return new NodeSettings(address, rtmpPort, httpPort, adminPort, workerThreads, idleTimeout,
                rtmpMessages, streams, hls, sockets, maxViewers, admin);
    }

    public NodeSettings withStreams(StreamSettings streamSettings) {
        return new NodeSettings(bindAddress, rtmpPort, httpPort, adminPort, workerThreads, idleTimeout,
                rtmpMessages, streamSettings, hls, sockets, maxViewers, admin);
    }

    public NodeSettings withIdleTimeout(Duration timeout) {
        return new NodeSettings(bindAddress, rtmpPort, httpPort, adminPort, workerThreads, timeout,
                rtmpMessages, streams, hls, sockets, maxViewers, admin);
    }

    public NodeSettings withSockets(SocketSettings socketSettings) {
        return new NodeSettings(bindAddress, rtmpPort, httpPort, adminPort, workerThreads, idleTimeout,
                rtmpMessages, streams, hls, socketSettings, maxViewers, admin);
    }

    public NodeSettings withRtmpMessages(RtmpMessageLimits limits) {
        return new NodeSettings(bindAddress, rtmpPort, httpPort, adminPort, workerThreads, idleTimeout, limits,
                streams, hls, sockets, maxViewers, admin);
    }

    public NodeSettings withMaxViewers(int viewers) {
        return new NodeSettings(bindAddress, rtmpPort, httpPort, adminPort, workerThreads, idleTimeout,
                rtmpMessages, streams, hls, sockets, viewers, admin);
    }

    public NodeSettings withAdmin(AdminSettings adminSettings) {
        return new NodeSettings(bindAddress, rtmpPort, httpPort, adminPort, workerThreads, idleTimeout,
                rtmpMessages, streams, hls, sockets, maxViewers, adminSettings);
    }
}
