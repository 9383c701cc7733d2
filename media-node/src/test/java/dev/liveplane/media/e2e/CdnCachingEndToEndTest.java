package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.UrlSigner;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.DomainsFile;
import dev.liveplane.media.auth.FailureThrottle;
import dev.liveplane.media.auth.SignedUrlAuthorizer;
import dev.liveplane.media.auth.StreamTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * HLS through a CDN in miniature: Debian's nginx as a caching proxy in front of two media nodes sharing one HLS session
 * secret, with the CloudFront Function ({@code terraform/modules/cdn/hls_token_check.js}) deciding every request at
 * the edge (nginx {@code auth_request} to {@code src/test/js/edge-auth-server.mjs}). Signed HLS viewers of a stream on
 * each node cost the nodes one fetch per segment, measured in nginx's log ({@code $upstream_cache_status},
 * {@code $upstream_status}); unsigned, forged and expired session requests are refused at the edge, never reaching a
 * node. {@code bench/cdn.sh} runs it with 200 viewers ({@code -Dcdn.viewers=200}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CdnCachingEndToEndTest {

    private static final String PLAY = "play.example.com";
    private static final String SECRET = "cdn-e2e-hls-session-secret-0123";
    private static final int VIEWERS = Integer.getInteger("cdn.viewers", 20);
    private static final int SEGMENTS = Integer.getInteger("cdn.segments", 3);
    private static final Pattern URI_LINE = Pattern.compile("(?m)^([^#\\s].*)$");
    private static final Pattern LOG_LINE = Pattern.compile(
            "^\\S+ GET (\\S+) (\\d{3}) cache=(\\S+) upstream=(.+) upstream_status=(.+)$");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // nginx's logs stay for a failure's post-mortem
    static Path dir;

    private final List<LocalNode> nodes = new ArrayList<>();
    private final List<Ffmpeg.Run> publishers = new ArrayList<>();
    private final Map<String, LocalNode> streams = new TreeMap<>(); // stream name -> the node it is published on
    private Process edge;
    private Process nginx;
    private Path prefix;
    private int proxyPort;
    private SigningPolicy pushPolicy;
    private SigningPolicy playPolicy;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startNodesEdgeAndProxy() throws Exception {
        assertThat(Path.of("/usr/sbin/nginx")).as("nginx (apt-get install nginx-light)").exists();
        DomainsFile file = DomainsFile.parse("""
                domains:
                  - {name: push.example.com, type: push, scheme: A, primaryKey: cdnPushKey, validitySeconds: 1800}
                  - {name: %s, type: pull, pushDomain: push.example.com, scheme: A, primaryKey: cdnPlayKey,
                     validitySeconds: 1800}
                """.formatted(PLAY), "test");
        pushPolicy = file.snapshot().find("push.example.com").orElseThrow().verifier().policy();
        playPolicy = file.snapshot().find(PLAY).orElseThrow().verifier().policy();
        Clock clock = Clock.systemUTC();
        for (int i = 0; i < 2; i++) {
            // The unsigned probes below come from 127.0.0.1 like everything else here; the throttle has its own test.
            FailureThrottle lenient = new FailureThrottle(10_000, Duration.ofMinutes(1), Duration.ofMillis(250),
                    Duration.ofSeconds(8), clock);
            nodes.add(LocalNode.start(new SignedUrlAuthorizer(file::snapshot,
                    new StreamTokens(SECRET.getBytes(StandardCharsets.UTF_8), clock), lenient, clock)));
        }
        // What the CDN's key value store holds: the secret's bytes in base64.
        Path secretFile = Files.writeString(dir.resolve("hls-session-secret"),
                Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)));
        edge = new ProcessBuilder("node", Path.of("src/test/js/edge-auth-server.mjs").toString(),
                secretFile.toString()).redirectErrorStream(true).start();
        String listening = String.valueOf(new BufferedReader(new InputStreamReader(edge.getInputStream(),
                StandardCharsets.US_ASCII)).readLine());
        assertThat(listening).as("edge-auth-server.mjs says where it listens").startsWith("listening ");
        int edgePort = Integer.parseInt(listening.substring("listening ".length()).trim());
        startNginx(edgePort);
        // Standalone nodes do not relay: publish each stream on the node nginx's hash sends its requests to.
        for (LocalNode node : nodes) {
            String name = streamRoutedTo(node);
            streams.put(name, node);
            publishers.add(Ffmpeg.publish(UrlSigner.primary(pushPolicy).signUntil(
                    node.rtmp("live", name) + "?vhost=push.example.com", Instant.now().plusSeconds(600)),
                    120, "320x240", dir, "aac"));
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (Ffmpeg.Run publisher : publishers) {
            publisher.kill();
        }
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        if (edge != null) {
            edge.destroy();
            edge.waitFor(10, TimeUnit.SECONDS);
        }
        for (LocalNode node : nodes) {
            node.close();
        }
    }

    @Test
    void viewersThroughTheProxyCostTheNodesOneFetchPerSegment() throws Exception {
        for (String name : streams.keySet()) {
            LocalNode.awaitBody(playUrl(name), body -> body.contains("#EXT-X-STREAM-INF"), Duration.ofSeconds(30));
        }
        long linesBefore = accessLog().size();
        ExecutorService pool = Executors.newFixedThreadPool(VIEWERS);
        List<Future<List<String>>> viewers = new ArrayList<>();
        AtomicLong segmentBytes = new AtomicLong();
        long started = System.nanoTime();
        try {
            List<String> names = List.copyOf(streams.keySet());
            for (int i = 0; i < VIEWERS; i++) {
                String name = names.get(i % names.size());
                viewers.add(pool.submit(() -> watch(name, segmentBytes)));
            }
            Set<String> watched = new LinkedHashSet<>();
            for (Future<List<String>> viewer : viewers) {
                watched.addAll(viewer.get(90, TimeUnit.SECONDS));
            }
            double seconds = (System.nanoTime() - started) / 1e9;

            List<String> log = accessLog(linesBefore + (long) VIEWERS * SEGMENTS);
            Map<String, List<Matcher>> bySegment = new TreeMap<>();
            int segmentRequests = 0;
            int playlistRequests = 0;
            for (String line : log.subList((int) linesBefore, log.size())) {
                Matcher m = LOG_LINE.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                if (m.group(1).endsWith(".ts")) {
                    segmentRequests++;
                    bySegment.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m);
                } else {
                    playlistRequests++;
                }
            }
            assertThat(bySegment.keySet()).containsAll(watched.stream().map(u -> URI.create(u).getPath()).toList());
            int fetches = 0;
            for (Map.Entry<String, List<Matcher>> segment : bySegment.entrySet()) {
                List<String> upstream = segment.getValue().stream().map(m -> m.group(5)).filter(s -> !s.equals("-"))
                        .toList();
                assertThat(upstream).as("node answers for " + segment.getKey()).containsExactly("200");
                assertThat(segment.getValue()).allSatisfy(m -> assertThat(m.group(2)).isEqualTo("200"));
                fetches += upstream.size();
            }
            System.out.printf(Locale.ROOT, "cdn viewers=%d streams=%d seconds=%.1f segment_requests=%d "
                    + "distinct_segments=%d node_segment_fetches=%d hit_ratio=%.4f segment_mib=%.1f "
                    + "playlist_requests=%d (all to nodes: per-viewer playlists)%n", VIEWERS, streams.size(), seconds,
                    segmentRequests, bySegment.size(), fetches, 1 - (double) fetches / segmentRequests,
                    segmentBytes.get() / 1048576.0, playlistRequests);
            assertThat(fetches).isEqualTo(bySegment.size());
            assertThat(segmentRequests).isGreaterThanOrEqualTo(VIEWERS * SEGMENTS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unsignedForgedAndExpiredRequestsAreRefusedAtTheEdge() throws Exception {
        String name = streams.keySet().iterator().next();
        String master = LocalNode.awaitBody(playUrl(name), body -> body.contains("#EXT-X-STREAM-INF"),
                Duration.ofSeconds(30));
        URI child = URI.create(playUrl(name)).resolve(firstUri(master));
        String media = LocalNode.awaitBody(child.toString(), body -> body.contains("#EXTINF"), Duration.ofSeconds(30));
        URI segment = child.resolve(firstUri(media));
        assertThat(get(segment.toString()).statusCode()).isEqualTo(200);

        String path = segment.getRawPath();
        String token = segment.getRawQuery().replaceFirst(".*lp_session=", "");
        String forged = token.substring(0, token.indexOf('.') + 1) + (token.charAt(token.indexOf('.') + 1) == 'A'
                ? 'B' : 'A') + token.substring(token.indexOf('.') + 2);
        Instant longAgo = Instant.now().minus(Duration.ofHours(13));
        String expired = new StreamTokens(SECRET.getBytes(StandardCharsets.UTF_8), Clock.fixed(longAgo,
                ZoneOffset.UTC)).issueSession(new StreamKey(PLAY, "live", name));
        String otherStream = new StreamTokens(SECRET.getBytes(StandardCharsets.UTF_8), Clock.systemUTC())
                .issueSession(new StreamKey(PLAY, "live", name + "-other"));
        long linesBefore = accessLog().size();
        Map<String, String> refused = Map.of(
                "unsigned segment", path + "?vhost=" + PLAY,
                "forged segment", path + "?vhost=" + PLAY + "&lp_session=" + forged,
                "expired segment", path + "?vhost=" + PLAY + "&lp_session=" + expired,
                "another stream's session", path + "?vhost=" + PLAY + "&lp_session=" + otherStream,
                "forged child playlist", child.getRawPath() + "?vhost=" + PLAY + "&lp_session=" + forged,
                "expired child playlist", child.getRawPath() + "?vhost=" + PLAY + "&lp_session=" + expired);
        for (Map.Entry<String, String> request : refused.entrySet()) {
            assertThat(get(proxy(request.getValue())).statusCode()).as(request.getKey()).isEqualTo(403);
        }
        List<String> log = accessLog(linesBefore + refused.size());
        for (String line : log.subList((int) linesBefore, log.size())) {
            Matcher m = LOG_LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            assertThat(m.group(4)).as("refused before the cache and the nodes: " + line).isEqualTo("-");
        }
        // A first playlist request carries the tenant's signature, which only the node checks: unsigned, it is the
        // node that refuses it, through the proxy.
        assertThat(get(proxy("/live/" + name + ".m3u8?vhost=" + PLAY)).statusCode()).isEqualTo(403);
    }

    /** One HLS player: opens the signed playlist, then fetches {@link #SEGMENTS} segments from the live edge on. */
    private List<String> watch(String name, AtomicLong bytes) throws Exception {
        URI master = URI.create(playUrl(name));
        URI child = master.resolve(firstUri(body(master.toString())));
        List<String> fetched = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean first = true;
        while (fetched.size() < SEGMENTS) {
            assertThat(System.nanoTime()).as(name + ": segments within 60 s").isLessThan(deadline);
            List<String> uris = uris(body(child.toString()));
            // A player starts at the live edge: the newest segment, then each one that follows.
            List<String> fresh = first ? uris.subList(uris.size() - 1, uris.size()) : uris;
            first = false;
            for (String uri : fresh) {
                if (seen.add(uri) && fetched.size() < SEGMENTS) {
                    String url = child.resolve(uri).toString();
                    HttpResponse<byte[]> segment = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(segment.statusCode()).as(url).isEqualTo(200);
                    assertThat(segment.body()[0]).isEqualTo((byte) 0x47); // MPEG-TS sync byte
                    bytes.addAndGet(segment.body().length);
                    fetched.add(url);
                }
            }
            Thread.sleep(500);
        }
        return fetched;
    }

    /** The first stream name whose requests nginx's hash sends to {@code node} (the log names the one it tried). */
    private String streamRoutedTo(LocalNode node) throws Exception {
        for (int i = 0; i < 64; i++) {
            String name = "cdn-" + i;
            long before = accessLog().size();
            // Unsigned: the edge lets a first playlist request through, the node refuses it (no 404, so no retry).
            assertThat(get(proxy("/live/" + name + ".m3u8?vhost=" + PLAY)).statusCode()).isEqualTo(403);
            Matcher m = LOG_LINE.matcher(accessLog(before + 1).get((int) before));
            assertThat(m.matches()).isTrue();
            if (m.group(4).equals("127.0.0.1:" + node.node.httpPort()) && !streams.containsKey(name)) {
                return name;
            }
        }
        throw new AssertionError("no stream name of 64 is routed to port " + node.node.httpPort());
    }

    private void startNginx(int edgePort) throws Exception {
        prefix = Files.createDirectories(dir.resolve("nginx"));
        for (String temp : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            Files.createDirectories(prefix.resolve("tmp").resolve(temp));
        }
        proxyPort = freePort();
        StringBuilder upstreams = new StringBuilder();
        for (LocalNode node : nodes) {
            upstreams.append("server 127.0.0.1:").append(node.node.httpPort()).append(";\n        ");
        }
        String conf;
        try (InputStream in = getClass().getResourceAsStream("/cdn/nginx.conf")) {
            conf = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        conf = conf.replace("@PREFIX@", prefix.toString()).replace("@PORT@", String.valueOf(proxyPort))
                .replace("@EDGE_PORT@", String.valueOf(edgePort)).replace("@UPSTREAMS@", upstreams.toString().trim());
        Path confFile = Files.writeString(prefix.resolve("nginx.conf"), conf);
        nginx = new ProcessBuilder("/usr/sbin/nginx", "-p", prefix.toString(), "-e", prefix.resolve("error.log")
                .toString(), "-c", confFile.toString(),
                // workers as this user (root's default, nobody, could not write the cache in a private temp dir)
                "-g", "daemon off; user " + System.getProperty("user.name") + ";")
                .redirectErrorStream(true).redirectOutput(prefix.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (var socket = new java.net.Socket("127.0.0.1", proxyPort)) {
                return;
            } catch (IOException notYet) {
                assertThat(nginx.isAlive()).as("nginx: " + Files.readString(prefix.resolve("nginx.out"))).isTrue();
                assertThat(System.nanoTime()).as("nginx listening within 10 s").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    private List<String> accessLog() throws IOException {
        Path log = prefix.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /**
     * nginx's log once it has at least {@code lines} lines and then stops growing: it writes a request's line after
     * the response has gone, so a client can read its answer before the line is there.
     */
    private List<String> accessLog(long lines) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> log = accessLog();
        while (true) {
            Thread.sleep(100);
            List<String> now = accessLog();
            if ((now.size() >= lines && now.size() == log.size()) || System.nanoTime() > deadline) {
                return now;
            }
            log = now;
        }
    }

    private String playUrl(String name) {
        return UrlSigner.primary(playPolicy).signUntil(proxy("/live/" + name + ".m3u8?vhost=" + PLAY),
                Instant.now().plusSeconds(600));
    }

    private String proxy(String target) {
        return "http://127.0.0.1:" + proxyPort + target;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String body(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static List<String> uris(String playlist) {
        List<String> uris = new ArrayList<>();
        Matcher m = URI_LINE.matcher(playlist);
        while (m.find()) {
            uris.add(m.group(1));
        }
        return uris;
    }

    private static String firstUri(String playlist) {
        return uris(playlist).get(0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
