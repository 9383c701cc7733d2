package dev.liveplane.media.e2e;

import static dev.liveplane.media.e2e.RelayFleet.PLAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.StreamTokens;
import dev.liveplane.media.fleet.FleetNode;
import dev.liveplane.media.server.relay.RelaySettings;
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
import java.util.TreeSet;
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
 * HLS through a CDN in miniature, with both nodes serving one stream: Debian's nginx as a caching proxy in front of
 * two fleet nodes under one fake control plane, the stream published on one (the origin) and relayed by the other
 * (the edge) as soon as a viewer asks it, and the CloudFront Function ({@code terraform/modules/cdn/hls_token_check.js})
 * deciding every request and its origin (nginx {@code auth_request} to {@code src/test/js/edge-auth-server.mjs}). As
 * in AWS, a player's first playlist request goes to either node (round robin, nothing of the stream in it); the node
 * answering names itself in the viewer's URIs ({@code /_n/{node}/...}) and the function sends those to that node's
 * own upstream, so each viewer's playlists and segments come from one node. Signed viewers, spread over both, all
 * play; the nodes pay one fetch per segment each, measured in nginx's log ({@code $upstream_cache_status},
 * {@code $upstream_status}); unsigned, forged and expired session requests are refused at the edge, never reaching a
 * node. {@code bench/cdn.sh} runs it with 200 viewers ({@code -Dcdn.viewers=200}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CdnCachingEndToEndTest {

    private static final String STREAM = "cdn";
    /** What the CDN's key value store holds under node-origin-suffix: node origins are {node}.{suffix}. */
    private static final String NODE_SUFFIX = "nodes.cdn.test";
    /** ... and under node-origin-port, the port of every node in AWS; here each node's upstream names its own. */
    private static final String NODE_PORT = "8081";
    private static final int VIEWERS = Integer.getInteger("cdn.viewers", 20);
    private static final int SEGMENTS = Integer.getInteger("cdn.segments", 3);
    private static final Pattern URI_LINE = Pattern.compile("(?m)^([^#\\s].*)$");
    private static final Pattern LOG_LINE = Pattern.compile(
            "^\\S+ GET (\\S+) (\\d{3}) cache=(\\S+) upstream=(.+) upstream_status=(.+)$");
    private static final Pattern NODE_PATH = Pattern.compile("^/_n/([a-z0-9-]+)/");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // nginx's logs stay for a failure's post-mortem
    static Path dir;

    private RelayFleet fleet;
    /** Node key (its id, lower case) -> the node. */
    private final Map<String, FleetNode> nodes = new TreeMap<>();
    private Process edge;
    private Process nginx;
    private Path prefix;
    private int proxyPort;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startNodesEdgeAndProxy() throws Exception {
        assertThat(Path.of("/usr/sbin/nginx")).as("nginx (apt-get install nginx-light)").exists();
        fleet = RelayFleet.start(dir, LocalNode.loopback(), RelaySettings.defaults());
        for (FleetNode node : List.of(fleet.origin, fleet.edge)) {
            nodes.put(node.agent().identity().orElseThrow().nodeId().toLowerCase(Locale.ROOT), node);
        }
        // What the CDN's key value store holds: the snapshot's hlsSessionSecret as it is.
        Path secretFile = Files.writeString(dir.resolve("hls-session-secret"), FleetTestBase.HLS_SECRET);
        edge = new ProcessBuilder("node", Path.of("src/test/js/edge-auth-server.mjs").toString(),
                secretFile.toString(), "0", NODE_SUFFIX, NODE_PORT).redirectErrorStream(true).start();
        String listening = String.valueOf(new BufferedReader(new InputStreamReader(edge.getInputStream(),
                StandardCharsets.US_ASCII)).readLine());
        assertThat(listening).as("edge-auth-server.mjs says where it listens").startsWith("listening ");
        int edgePort = Integer.parseInt(listening.substring("listening ".length()).trim());
        startNginx(edgePort);
        // Long enough for bench/cdn.sh's 200 viewers on a loaded machine.
        fleet.publishOnOrigin(STREAM, 150);
    }

    @AfterAll
    void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        if (edge != null) {
            edge.destroy();
            edge.waitFor(10, TimeUnit.SECONDS);
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void viewersSpreadOverBothNodesAllPlayAndCostEachNodeOneFetchPerSegment() throws Exception {
        awaitServedByBothNodes();
        long linesBefore = accessLog().size();
        ExecutorService pool = Executors.newFixedThreadPool(VIEWERS);
        List<Future<Viewer>> viewers = new ArrayList<>();
        AtomicLong segmentBytes = new AtomicLong();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < VIEWERS; i++) {
                viewers.add(pool.submit(() -> watch(segmentBytes)));
            }
            Set<String> watched = new LinkedHashSet<>();
            Map<String, Integer> viewersByNode = new TreeMap<>();
            for (Future<Viewer> viewer : viewers) {
                Viewer watching = viewer.get(90, TimeUnit.SECONDS);
                watched.addAll(watching.segments());
                viewersByNode.merge(watching.node(), 1, Integer::sum);
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
            Map<String, Integer> fetchesByNode = new TreeMap<>();
            for (Map.Entry<String, List<Matcher>> segment : bySegment.entrySet()) {
                String node = nodeOf(segment.getKey());
                List<Matcher> fetched = segment.getValue().stream().filter(m -> !m.group(5).equals("-")).toList();
                assertThat(fetched).as("node fetches of " + segment.getKey()).hasSize(1);
                assertThat(fetched.get(0).group(5)).as("node answer for " + segment.getKey()).isEqualTo("200");
                assertThat(fetched.get(0).group(4)).as("fetched from the node its path names: " + segment.getKey())
                        .isEqualTo("127.0.0.1:" + nodes.get(node).node().httpPort());
                assertThat(segment.getValue()).allSatisfy(m -> assertThat(m.group(2)).isEqualTo("200"));
                fetchesByNode.merge(node, 1, Integer::sum);
            }
            int fetches = fetchesByNode.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf(Locale.ROOT, "cdn viewers=%d nodes=%d (one stream: published on one, relayed by the "
                    + "other) viewers_per_node=%s seconds=%.1f segment_requests=%d distinct_segments=%d "
                    + "node_segment_fetches=%d per_node=%s hit_ratio=%.4f segment_mib=%.1f playlist_requests=%d "
                    + "(all to nodes: per-viewer playlists)%n", VIEWERS, nodes.size(), viewersByNode.values(),
                    seconds, segmentRequests, bySegment.size(), fetches, fetchesByNode.values(),
                    1 - (double) fetches / segmentRequests, segmentBytes.get() / 1048576.0, playlistRequests);
            assertThat(viewersByNode.keySet()).as("viewers on both nodes").isEqualTo(nodes.keySet());
            assertThat(fetchesByNode.keySet()).as("segments from both nodes").isEqualTo(nodes.keySet());
            assertThat(fetches).isEqualTo(bySegment.size());
            assertThat(segmentRequests).isGreaterThanOrEqualTo(VIEWERS * SEGMENTS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unsignedForgedAndExpiredRequestsAreRefusedAtTheEdge() throws Exception {
        String master = LocalNode.awaitBody(playUrl(), body -> body.contains("#EXT-X-STREAM-INF"),
                Duration.ofSeconds(30));
        URI child = URI.create(playUrl()).resolve(firstUri(master));
        String media = LocalNode.awaitBody(child.toString(), body -> body.contains("#EXTINF"), Duration.ofSeconds(30));
        URI segment = child.resolve(firstUri(media));
        assertThat(get(segment.toString()).statusCode()).isEqualTo(200);

        String path = segment.getRawPath();
        String token = segment.getRawQuery().replaceFirst(".*lp_session=", "");
        String[] parts = token.split("\\.");
        String registration = parts.length == 3 ? parts[2] : null;
        String forged = parts[0] + "." + (parts[1].charAt(0) == 'A' ? 'B' : 'A')
                + token.substring(parts[0].length() + 2);
        byte[] secret = Base64.getDecoder().decode(FleetTestBase.HLS_SECRET);
        Instant longAgo = Instant.now().minus(Duration.ofHours(13));
        String expired = new StreamTokens(secret, Clock.fixed(longAgo, ZoneOffset.UTC))
                .issueSession(new StreamKey(PLAY, "live", STREAM), registration);
        String otherStream = new StreamTokens(secret, Clock.systemUTC())
                .issueSession(new StreamKey(PLAY, "live", STREAM + "-other"), registration);
        String bare = path.replaceFirst("^/_n/[^/]+", "");
        long linesBefore = accessLog().size();
        Map<String, String> refused = Map.of(
                "unsigned segment", path + "?vhost=" + PLAY,
                "forged segment", path + "?vhost=" + PLAY + "&lp_session=" + forged,
                "expired segment", path + "?vhost=" + PLAY + "&lp_session=" + expired,
                "another stream's session", path + "?vhost=" + PLAY + "&lp_session=" + otherStream,
                "forged child playlist", child.getRawPath() + "?vhost=" + PLAY + "&lp_session=" + forged,
                "expired child playlist", child.getRawPath() + "?vhost=" + PLAY + "&lp_session=" + expired,
                "a node named by no DNS label", "/_n/127.0.0.1:80" + bare + "?vhost=" + PLAY + "&lp_session="
                        + token);
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
        assertThat(get(proxy("/live/" + STREAM + ".m3u8?vhost=" + PLAY)).statusCode()).isEqualTo(403);
    }

    /** What one player watched: from which node, and the segment URLs it fetched. */
    private record Viewer(String node, List<String> segments) {
    }

    /**
     * One HLS player: opens the signed playlist (through the default origin, any node), then fetches
     * {@link #SEGMENTS} segments from the live edge on, all under the node the master playlist named.
     */
    private Viewer watch(AtomicLong bytes) throws Exception {
        URI master = URI.create(playUrl());
        URI child = master.resolve(firstUri(body(master.toString())));
        String node = nodeOf(child.getRawPath());
        List<String> fetched = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean first = true;
        while (fetched.size() < SEGMENTS) {
            assertThat(System.nanoTime()).as(STREAM + ": segments within 60 s").isLessThan(deadline);
            List<String> uris = uris(body(child.toString()));
            // A player starts at the live edge: the newest segment, then each one that follows.
            List<String> fresh = first ? uris.subList(uris.size() - 1, uris.size()) : uris;
            first = false;
            for (String uri : fresh) {
                if (seen.add(uri) && fetched.size() < SEGMENTS) {
                    URI url = child.resolve(uri);
                    assertThat(nodeOf(url.getRawPath())).as(url.toString()).isEqualTo(node);
                    HttpResponse<byte[]> segment = http.send(HttpRequest.newBuilder(url).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(segment.statusCode()).as(url.toString()).isEqualTo(200);
                    assertThat(segment.body()[0]).isEqualTo((byte) 0x47); // MPEG-TS sync byte
                    bytes.addAndGet(segment.body().length);
                    fetched.add(url.toString());
                }
            }
            Thread.sleep(500);
        }
        return new Viewer(node, fetched);
    }

    /**
     * Opens the stream until each node has answered a viewer: the origin publishes it, the edge relays it from the
     * first viewer the default origin sends it (that answer waits for the relay's first segment).
     */
    private void awaitServedByBothNodes() throws Exception {
        Set<String> answered = new TreeSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!answered.equals(nodes.keySet())) {
            assertThat(System.nanoTime()).as("both nodes serving " + STREAM + ", so far " + answered)
                    .isLessThan(deadline);
            HttpResponse<String> master = get(playUrl());
            if (master.statusCode() == 200 && master.body().contains("#EXT-X-STREAM-INF")) {
                answered.add(nodeOf(firstUri(master.body())));
            } else {
                Thread.sleep(200);
            }
        }
    }

    /** The node a URI's path names ({@code /_n/{node}/...}); fails for one naming none. */
    private static String nodeOf(String path) {
        Matcher m = NODE_PATH.matcher(path);
        assertThat(m.find()).as("names its node: " + path).isTrue();
        return m.group(1);
    }

    private void startNginx(int edgePort) throws Exception {
        prefix = Files.createDirectories(dir.resolve("nginx"));
        for (String temp : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            Files.createDirectories(prefix.resolve("tmp").resolve(temp));
        }
        proxyPort = freePort();
        StringBuilder upstreams = new StringBuilder();
        StringBuilder nodeUpstreams = new StringBuilder();
        for (Map.Entry<String, FleetNode> node : nodes.entrySet()) {
            String server = "server 127.0.0.1:" + node.getValue().node().httpPort() + ";";
            upstreams.append(server).append("\n        ");
            nodeUpstreams.append("upstream ").append(node.getKey()).append('.').append(NODE_SUFFIX).append(" { ")
                    .append(server).append(" keepalive 16; }\n    ");
        }
        String conf;
        try (InputStream in = getClass().getResourceAsStream("/cdn/nginx.conf")) {
            conf = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        conf = conf.replace("@PREFIX@", prefix.toString()).replace("@PORT@", String.valueOf(proxyPort))
                .replace("@EDGE_PORT@", String.valueOf(edgePort)).replace("@UPSTREAMS@", upstreams.toString().trim())
                .replace("@NODE_UPSTREAMS@", nodeUpstreams.toString().trim());
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

    private String playUrl() {
        return RelayFleet.signedPlay(proxy("/live/" + STREAM + ".m3u8"));
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
