package dev.liveplane.media.fleet;

import dev.liveplane.media.server.relay.OriginLocator;
import dev.liveplane.media.server.relay.StreamOrigin;
import dev.liveplane.media.server.stream.StreamKey;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a stream key into the node it is published on by asking the control plane
 * ({@code GET /internal/v1/streams/{domain}/{app}/{stream}/origin}), with a short cache so a burst of viewers makes
 * one lookup: an answer naming a node is kept {@code positiveTtl}, "live nowhere" {@code negativeTtl}, a failed
 * lookup not at all. An answer naming this node itself is "not elsewhere". Runs on the control-plane client's
 * threads; nothing here blocks.
 */
final class ControlPlaneOriginLocator implements OriginLocator {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneOriginLocator.class);

    private final ControlPlaneClient client;
    private final Supplier<Optional<NodeIdentity>> identity;
    private final Duration positiveTtl;
    private final Duration negativeTtl;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<StreamKey, Entry> cache = new ConcurrentHashMap<>();

    ControlPlaneOriginLocator(ControlPlaneClient client, Supplier<Optional<NodeIdentity>> identity,
            Duration positiveTtl, Duration negativeTtl, LongSupplier nanoTime) {
        this.client = client;
        this.identity = identity;
        this.positiveTtl = positiveTtl;
        this.negativeTtl = negativeTtl;
        this.nanoTime = nanoTime;
    }

    /** One lookup, shared by every caller until it completes and then for its time to live. */
    private static final class Entry {
        final CompletableFuture<Optional<StreamOrigin>> answer = new CompletableFuture<>();
        volatile long expiresNanos;
        volatile boolean expiresSet;

        boolean fresh(long now) {
            return !answer.isDone() || (expiresSet && now - expiresNanos < 0);
        }
    }

    @Override
    public CompletionStage<Optional<StreamOrigin>> locate(StreamKey key) {
        NodeIdentity self = identity.get().orElse(null);
        if (self == null) {
            return CompletableFuture.completedFuture(Optional.empty()); // not registered: no fleet to ask
        }
        long now = nanoTime.getAsLong();
        Entry[] created = new Entry[1];
        Entry entry = cache.compute(key, (k, old) -> old != null && old.fresh(now) ? old : (created[0] = new Entry()));
        if (entry == created[0]) {
            lookup(key, self, entry);
        }
        return entry.answer;
    }

    private void lookup(StreamKey key, NodeIdentity self, Entry entry) {
        client.origin(self, key).whenComplete((response, error) -> {
            Optional<StreamOrigin> origin = Optional.empty();
            Duration ttl = Duration.ZERO;
            if (error != null) {
                log.info("event=origin_lookup_failed stream={} reason=\"{}\"", key, error.toString());
            } else if (response.statusCode() == 200) {
                origin = parse(key, response);
                ttl = origin.isPresent() ? positiveTtl : Duration.ZERO;
                origin = origin.filter(o -> !o.nodeId().equals(self.nodeId()));
            } else if (response.statusCode() == 404) {
                ttl = negativeTtl;
            } else {
                log.info("event=origin_lookup_failed stream={} status={}", key, response.statusCode());
            }
            entry.expiresNanos = nanoTime.getAsLong() + ttl.toNanos();
            entry.expiresSet = true;
            entry.answer.complete(origin);
        });
    }

    private static Optional<StreamOrigin> parse(StreamKey key, HttpResponse<String> response) {
        try {
            var json = NodeJson.read(response.body(), dev.liveplane.api.node.model.StreamOrigin.class);
            String nodeId = json.getNodeId() == null ? "" : json.getNodeId();
            String address = json.getAddress() == null ? "" : json.getAddress();
            int rtmpPort = json.getRtmpPort() == null ? 0 : json.getRtmpPort();
            int httpPort = json.getHttpPort() == null ? 0 : json.getHttpPort();
            if (nodeId.isEmpty() || address.isEmpty() || httpPort <= 0 || httpPort > 65535) {
                throw new IOException("nodeId, address and httpPort are required");
            }
            return Optional.of(new StreamOrigin(nodeId, address, rtmpPort, httpPort));
        } catch (IOException e) {
            log.warn("event=origin_lookup_failed stream={} reason=\"unreadable StreamOrigin: {}\"", key,
                    e.getMessage());
            return Optional.empty();
        }
    }
}
