package dev.liveplane.controlplane.e2e;

import dev.liveplane.media.e2e.Ffmpeg;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real player (ffmpeg reading RTMP, HTTP-FLV or HLS and discarding it after demuxing) that reaches its node through
 * a {@link CountingProxy} of its own, so the bytes it received are known exactly: what the node's meter must bill.
 */
final class CountingPlayer implements AutoCloseable {

    private final PlayProtocol protocol;
    private final MediaNodeProcess node;
    private final CountingProxy proxy;
    private final Ffmpeg.Run ffmpeg;
    private final long startedNanos;
    private long stoppedNanos;

    private CountingPlayer(PlayProtocol protocol, MediaNodeProcess node, CountingProxy proxy, Ffmpeg.Run ffmpeg) {
        this.protocol = protocol;
        this.node = node;
        this.proxy = proxy;
        this.ffmpeg = ffmpeg;
        this.startedNanos = System.nanoTime();
    }

    /** Starts playing {@code app/stream} of the tenant's pull domain from {@code node} over {@code protocol}. */
    static CountingPlayer start(Tenant tenant, MediaNodeProcess node, PlayProtocol protocol, String app,
            String stream, Path work) throws IOException {
        CountingProxy proxy = new CountingProxy(node.address(),
                protocol == PlayProtocol.RTMP ? node.rtmpPort() : node.httpPort());
        String url = tenant.playUrl(protocol, proxy.hostPort(), app, stream);
        // -rw_timeout: a player whose node stops sending gives up after 15 s, as a real one would show an error.
        Ffmpeg.Run run = Ffmpeg.start(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning",
                "-rw_timeout", "15000000", "-i", url, "-c", "copy", "-f", "null", "-"), work,
                "play-" + protocol.usageName() + "-" + node.name());
        return new CountingPlayer(protocol, node, proxy, run);
    }

    PlayProtocol protocol() {
        return protocol;
    }

    MediaNodeProcess node() {
        return node;
    }

    CountingProxy proxy() {
        return proxy;
    }

    /** Bytes the player received from the node so far, over all its connections. */
    long bytes() {
        return proxy.bytesToPlayer();
    }

    boolean alive() {
        return ffmpeg.process().isAlive();
    }

    String stderr() {
        return ffmpeg.stderr();
    }

    /** How long it played: from its start to {@link #stop()} (or now). */
    Duration played() {
        return Duration.ofNanos((stoppedNanos == 0 ? System.nanoTime() : stoppedNanos) - startedNanos);
    }

    /**
     * Stops the player as a viewer closes it (SIGTERM: ffmpeg closes its connections), then waits for the proxy to
     * see every connection closed, so {@link #bytes()} is final.
     */
    CountingPlayer stop() throws InterruptedException {
        if (stoppedNanos == 0) {
            stoppedNanos = System.nanoTime();
        }
        ffmpeg.process().destroy();
        if (!ffmpeg.process().waitFor(10, TimeUnit.SECONDS)) {
            ffmpeg.kill();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (proxy.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        proxy.close();
        return this;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    @Override
    public String toString() {
        return protocol.usageName() + " player on " + node.name() + ": " + bytes() + " bytes in " + played().toMillis() + " ms";
    }

    /**
     * Whether a new play of {@code url} starts: an HTTP-FLV or HLS request answered 200 with a body (the FLV header,
     * or a playlist), an RTMP play that ffprobe can read. A refusal (403, {@code NetStream.Play.Failed}) is false.
     */
    static boolean plays(PlayProtocol protocol, String url, Duration timeout, Path work) throws Exception {
        if (protocol == PlayProtocol.RTMP) {
            Ffmpeg.Run probe = Ffmpeg.start(List.of("ffprobe", "-v", "error", "-rw_timeout",
                    Long.toString(timeout.toNanos() / 1000), "-show_streams", url), work,
                    "rtmp-play-check");
            if (!probe.process().waitFor(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS)) {
                probe.kill();
                return false;
            }
            return probe.process().exitValue() == 0;
        }
        try {
            HttpResponse<InputStream> response = request(url, timeout);
            try (InputStream body = response.body()) {
                // An FLV header and its first tag size, or the start of a playlist.
                return response.statusCode() == 200 && body.readNBytes(13).length == 13;
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The status of a play request over HTTP, read from its head only (a live FLV body never ends); -1 when no answer
     * came within {@code timeout} (a node holds back refusals to an address that failed often).
     */
    static int httpPlayStatus(String url, Duration timeout) {
        try {
            HttpResponse<InputStream> response = request(url, timeout);
            response.body().close();
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static HttpResponse<InputStream> request(String url, Duration timeout) throws IOException {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
