package dev.liveplane.media.server.rtmp;

import io.netty.util.internal.PlatformDependent;

/**
 * How much memory an RTMP peer may make the node hold in half-assembled messages, by what it has earned so far:
 * nothing (before {@code connect}), a connection (before an authorized publish; players stay there) or an authorized
 * publish. Control messages always keep their fixed sizes (RTMP spec 5.4).
 *
 * @param beforeConnectBytes   partial-message bytes one connection may hold before its {@code connect}
 * @param beforeConnectMessage longest message of any other type before {@code connect}: OBS's and ffmpeg's connect
 *                             is under 1 KB, twice that with a signed URL in both app and tcUrl
 * @param connectedBytes       partial-message bytes one connection may hold after {@code connect}, before an
 *                             authorized publish
 * @param connectedMessage     longest message of any other type after {@code connect}, before an authorized publish,
 *                             and longest command or data message of a publisher (metadata)
 * @param maxMediaMessage      longest audio or video message of an authorized publisher (one keyframe); such a
 *                             connection may hold this plus {@code connectedBytes}
 * @param nodeBytes            partial-message bytes of all RTMP connections of the node together; connections that
 *                             are not publishing share a quarter of it, so they can never starve publishers
 */
public record RtmpMessageLimits(int beforeConnectBytes, int beforeConnectMessage, int connectedBytes,
        int connectedMessage, int maxMediaMessage, long nodeBytes) {

    public RtmpMessageLimits {
        if (beforeConnectMessage > beforeConnectBytes || connectedMessage > connectedBytes
                || beforeConnectBytes > connectedBytes || maxMediaMessage < connectedMessage
                || maxMediaMessage > 0xFFFFFF || nodeBytes < 4L * connectedBytes) {
            throw new IllegalArgumentException("inconsistent RTMP message limits: " + this);
        }
    }

    /**
     * 16 KiB and 8 KiB messages before connect, 256 KiB and 64 KiB messages after, 8 MiB media messages, and a node
     * total of a quarter of the direct memory Netty may use (the JVM's {@code -XX:MaxDirectMemorySize}, by default
     * the heap size), so half-assembled messages can never take the memory every connection needs to read and write.
     */
    public static RtmpMessageLimits defaults() {
        // Netty's own figure: the JVM's limit unless -Dio.netty.maxDirectMemory overrides it for Netty's buffers.
        return new RtmpMessageLimits(16 * 1024, 8 * 1024, 256 * 1024, 64 * 1024, 8 << 20,
                Math.max(4L << 20, PlatformDependent.maxDirectMemory() / 4));
    }

    /** Partial-message bytes of one authorized publisher. */
    public long publishingBytes() {
        return (long) maxMediaMessage + connectedBytes;
    }

    public RtmpMessageLimits withMaxMediaMessage(int length) {
        return new RtmpMessageLimits(beforeConnectBytes, beforeConnectMessage, connectedBytes, connectedMessage,
                length, nodeBytes);
    }

    public RtmpMessageLimits withNodeBytes(long bytes) {
        return new RtmpMessageLimits(beforeConnectBytes, beforeConnectMessage, connectedBytes, connectedMessage,
                maxMediaMessage, bytes);
    }
}
