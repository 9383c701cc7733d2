package dev.liveplane.media.e2e;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.MediaNode;
import dev.liveplane.media.NodeSettings;
import dev.liveplane.media.server.NodeDrain;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.relay.OriginLocator;
import dev.liveplane.media.server.relay.RelaySettings;
import dev.liveplane.media.server.stream.DomainResolver;
import dev.liveplane.media.server.stream.LiveStream;
import dev.liveplane.media.server.stream.OpenAuthorizer;
import dev.liveplane.media.server.stream.PlayAuthorizer;
import dev.liveplane.media.server.stream.PublishAuthorizer;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.StreamEventListener;
import dev.liveplane.media.server.stream.StreamSettings;
import dev.liveplane.media.server.stream.StreamSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** A media node on loopback and ephemeral ports, with the URLs a test's clients use. */
final class LocalNode implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final MediaNode node;

    private LocalNode(MediaNode node) {
        this.node = node;
    }

    static LocalNode start() throws InterruptedException {
        return start(StreamSettings.defaults());
    }

    static LocalNode start(StreamSettings streams) throws InterruptedException {
        return start(loopback().withStreams(streams));
    }

    /** Default settings on loopback and ephemeral ports. */
    static NodeSettings loopback() {
        return NodeSettings.defaults().withBindAddress("127.0.0.1").withPorts(0, 0, 0);
    }

    static LocalNode start(NodeSettings settings) throws InterruptedException {
        OpenAuthorizer open = new OpenAuthorizer();
        return new LocalNode(MediaNode.start(settings, open, open));
    }

    /** An open node on loopback whose streams also feed the sinks {@code sinks} opens. */
    static LocalNode startWithSinks(Function<NodeMetrics, List<StreamSink.Factory>> sinks)
            throws InterruptedException {
        OpenAuthorizer open = new OpenAuthorizer();
        return new LocalNode(MediaNode.start(loopback(), open, open, StreamEventListener.NONE, new NodeDrain(),
                OriginLocator.NONE, () -> null, RelaySettings.defaults(), sinks));
    }

    /** A node on loopback whose publishes and plays are decided by {@code authorizer}. */
    static <A extends PublishAuthorizer & PlayAuthorizer> LocalNode start(A authorizer) throws InterruptedException {
        return new LocalNode(MediaNode.start(loopback(), authorizer, authorizer));
    }

    String rtmp(String app, String stream) {
        return "rtmp://127.0.0.1:" + node.rtmpPort() + "/" + app + "/" + stream;
    }

    String http(String path) {
        return "http://127.0.0.1:" + node.httpPort() + path;
    }

    String admin(String path) {
        return "http://127.0.0.1:" + node.adminPort() + path;
    }

    Optional<LiveStream> stream(String app, String stream) {
        return node.registry().find(new StreamKey(DomainResolver.DEFAULT_DOMAIN, app, stream));
    }

    Optional<LiveStream> stream(StreamKey key) {
        return node.registry().find(key);
    }

    /** Waits until the stream is being published, failing after {@code timeout}. */
    LiveStream awaitStream(String app, String stream, Duration timeout) throws InterruptedException {
        return awaitStream(app, stream, timeout, s -> true);
    }

    LiveStream awaitStream(String app, String stream, Duration timeout, Predicate<LiveStream> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<LiveStream> live = stream(app, stream);
            if (live.isPresent() && condition.test(live.get())) {
                return live.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("stream " + app + "/" + stream + " not published within " + timeout);
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls a URL until the body satisfies {@code condition}. */
    static String awaitBody(String url, Predicate<String> condition, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get(url);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && condition.test(response.body())) {
                return response.body();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no satisfying answer from " + url + " within " + timeout + "; last: " + last);
    }

    @Override
    public void close() {
        node.close();
    }
}
