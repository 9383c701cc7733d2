package dev.liveplane.media.server.relay;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.StreamTokens;
import dev.liveplane.media.server.stream.DomainOwner;
import dev.liveplane.media.server.stream.LiveStream;
import dev.liveplane.media.server.stream.StreamRegistry;
import dev.liveplane.media.server.stream.StreamRelays;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Relays streams published on other nodes of the fleet: one {@link OriginPull} per stream however many viewers ask,
 * each on one of the node's worker event loops. Viewers that ask while a pull starts wait for it, up to the setup
 * timeout.
 */
public final class OriginRelays implements StreamRelays {

    private final StreamRegistry registry;
    private final EventLoopGroup loops;
    private final Class<? extends SocketChannel> channelType;
    private final OriginLocator locator;
    private final Supplier<RelayTokenIssuer> tokens;
    private final RelaySettings settings;
    private final RelayMetrics metrics;
    private final int hlsTargetDurationMs;
    private final ConcurrentMap<StreamKey, OriginPull> pulls = new ConcurrentHashMap<>();

    /**
     * @param tokens the relay token issuer of the fleet's shared secret in force now, or null while there is none
     * @param hlsTargetDurationMs the node's HLS target duration
     */
    public OriginRelays(StreamRegistry registry, EventLoopGroup loops, Class<? extends SocketChannel> channelType,
            OriginLocator locator, Supplier<RelayTokenIssuer> tokens, RelaySettings settings, RelayMetrics metrics,
            int hlsTargetDurationMs) {
        this.hlsTargetDurationMs = hlsTargetDurationMs;
        this.registry = registry;
        this.loops = loops;
        this.channelType = channelType;
        this.locator = locator;
        this.tokens = tokens;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public CompletionStage<Optional<LiveStream>> relay(StreamKey key, DomainOwner owner) {
        Optional<LiveStream> local = registry.find(key, owner);
        if (local.isPresent()) {
            return CompletableFuture.completedFuture(local);
        }
        OriginPull[] created = new OriginPull[1];
        OriginPull pull = pulls.computeIfAbsent(key,
                k -> created[0] = new OriginPull(k, owner, (EventLoop) loops.next(), this));
        if (pull == created[0]) {
            pull.start();
        }
        // A copy: the viewer's own wait ends at the timeout, the pull's outcome stays for the others. A pull for
        // another registration of the push domain (ending as the snapshot that replaced it is enforced) is not theirs.
        return pull.ready().copy().thenApply(found -> found.filter(stream -> stream.owner().sameAs(owner)))
                .completeOnTimeout(Optional.empty(), settings.setupTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Pulls running or starting now; any thread. */
    public int pulls() {
        return pulls.size();
    }

    public RelayMetrics metrics() {
        return metrics;
    }

    Bootstrap bootstrap(EventLoop loop, ChannelInitializer<SocketChannel> initializer) {
        return new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.setupTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(initializer);
    }

    void remove(StreamKey key, OriginPull pull) {
        pulls.remove(key, pull);
    }

    /** The HLS target duration, which sets how long an HLS player counts as present after its last request. */
    int hlsTargetDurationMs() {
        return hlsTargetDurationMs;
    }

    StreamRegistry registry() {
        return registry;
    }

    OriginLocator locator() {
        return locator;
    }

    Supplier<RelayTokenIssuer> tokens() {
        return tokens;
    }

    RelaySettings settings() {
        return settings;
    }
}
