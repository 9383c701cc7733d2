package dev.liveplane.media.server.stream;

import dev.liveplane.api.stream.StreamKey;
import io.netty.channel.EventLoop;
import java.time.Instant;

/**
 * What a {@link StreamSink} learns when a stream goes live.
 *
 * @param key        the stream as published (push domain, app, stream)
 * @param owner      the registration of the push domain it was published under
 * @param startedAt  when the publish started
 * @param relayed    fed by a relay from the node it is published on, not by a publisher here
 * @param reconnect  the publish took the stream over from a silent session of the same stream and registration (an
 *                   encoder reconnecting before its old TCP session died); that session's stream ended with
 *                   {@code replaced} just before
 * @param eventLoop  the loop every call of the stream's sinks comes on
 */
public record StreamInfo(StreamKey key, DomainOwner owner, Instant startedAt, boolean relayed, boolean reconnect,
        EventLoop eventLoop) {
}
