package dev.liveplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Starts each service installed from its tarball ({@link Tarballs#installedRoot}) with its own launcher and runtime,
 * its installed configuration template (production mode) and a few test overrides, on MariaDB at 127.0.0.1:3306: the
 * control plane answers its API, the node registers with a bootstrap token, a push through a signed URL plays
 * (ffprobe), and SIGTERM drains the node before it exits.
 */
class PackagedServicesIT {

    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
    private static final String PUSH_DOMAIN = "push.liveplane-it.net";
    private static final String PLAY_DOMAIN = "play.liveplane-it.net";
    private static final int DRAIN_GRACE_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatRuns() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).destroyForcibly();
        }
    }

    @Test
    void controlPlaneAndMediaNodeRunFromTheirTarballs() throws Exception {
        Path root = Tarballs.installedRoot();

        int apiPort = freePort();
        String api = "http://127.0.0.1:" + apiPort;
        String operatorToken = random(32);
        Map<String, String> cp = controlPlaneEnvironment(root, apiPort, operatorToken);

        long cpStart = System.nanoTime();
        Process controlPlane = start(root, "control-plane", cp);
        waitForStatus(controlPlane, root, "control-plane", api + "/v1/domains", 401, Duration.ofSeconds(180));
        log("control plane answers %d ms after its launcher started", millisSince(cpStart));
        assertRunsOwnRuntime(controlPlane, root, "control-plane");
        assertThat(get(api + "/openapi.yaml", null).statusCode()).isEqualTo(200);

        String bootstrapToken = post(api + "/admin/v1/node-tokens", operatorToken,
                "{\"description\":\"tarball test\",\"ttlSeconds\":3600}", 201).get("token").asText();
        String tenantToken = post(api + "/v1/auth/signup", null,
                "{\"email\":\"tarball@liveplane-it.net\",\"password\":\"a long password\",\"tenantName\":\"Tarball\"}",
                201).get("accessToken").asText();
        post(api + "/v1/domains", tenantToken, "{\"name\":\"" + PUSH_DOMAIN + "\",\"type\":\"push\"}", 201);
        post(api + "/v1/domains", tenantToken, "{\"name\":\"" + PLAY_DOMAIN + "\",\"type\":\"pull\",\"pushDomain\":\""
                + PUSH_DOMAIN + "\"}", 201);
        String stream = "{\"app\":\"live\",\"stream\":\"demo\"}";
        String pushUrl = post(api + "/v1/domains/" + PUSH_DOMAIN + "/signed-urls", tenantToken, stream, 200)
                .at("/push/url").asText();
        String playUrl = post(api + "/v1/domains/" + PLAY_DOMAIN + "/signed-urls", tenantToken, stream, 200)
                .at("/play/flv").asText();

        int rtmpPort = freePort();
        int httpPort = freePort();
        int adminPort = freePort();
        Path nodeState = Files.createDirectories(root.resolve("var/lib/liveplane/media-node"));
        Map<String, String> node = nodeEnvironment(root, api, bootstrapToken, nodeState, rtmpPort, httpPort,
                adminPort);

        long nodeStart = System.nanoTime();
        Process mediaNode = start(root, "media-node", node);
        String health = "http://127.0.0.1:" + adminPort + "/healthz";
        waitForStatus(mediaNode, root, "media-node", health, 200, Duration.ofSeconds(120));
        log("media node healthy %d ms after its launcher started", millisSince(nodeStart));
        assertRunsOwnRuntime(mediaNode, root, "media-node");
        assertThat(nodeState.resolve("admin-token")).exists();

        waitForSnapshot("http://127.0.0.1:" + adminPort + "/metrics", Duration.ofSeconds(30));

        // The URLs name the tenant's domains, which no DNS here resolves: send them to the node with the domain in
        // vhost=, as the local stack's URLs do (the signature covers the path only).
        long pushStart = System.nanoTime();
        Path ffmpegLog = root.resolve("ffmpeg.log");
        List<String> codecs = pushAndProbe(toNode(pushUrl, rtmpPort), toNode(playUrl, httpPort), ffmpegLog,
                Duration.ofSeconds(60));
        log("stream plays (%s) %d ms after the push started", codecs, millisSince(pushStart));
        assertThat(codecs).contains("h264", "aac");

        // SIGTERM, as systemctl stop sends it: the node drains (healthz 503) while the push runs, for its grace.
        long stopStart = System.nanoTime();
        mediaNode.destroy();
        waitForStatus(mediaNode, root, "media-node", health, 503, Duration.ofSeconds(5));
        assertThat(mediaNode.waitFor(DRAIN_GRACE_SECONDS + 45, TimeUnit.SECONDS)).isTrue();
        long stopMillis = millisSince(stopStart);
        log("media node stopped %d ms after SIGTERM (exit %d)", stopMillis, mediaNode.exitValue());
        assertThat(mediaNode.exitValue()).isEqualTo(143);
        assertThat(stopMillis).isGreaterThanOrEqualTo((DRAIN_GRACE_SECONDS - 1) * 1000L);
        // The template's flight recording and GC log work on the jlink runtime, in the unit's working directory.
        assertThat(nodeState.resolve("media-node.jfr")).isNotEmptyFile();
        assertThat(nodeState.resolve("gc.log")).isNotEmptyFile();

        stopStart = System.nanoTime();
        controlPlane.destroy();
        assertThat(controlPlane.waitFor(30, TimeUnit.SECONDS)).isTrue();
        log("control plane stopped %d ms after SIGTERM (exit %d)", millisSince(stopStart), controlPlane.exitValue());
        assertThat(controlPlane.exitValue()).isEqualTo(143);
    }

    /** The installed template with the test's overrides: loopback, ports, database, secrets, the embedded zone. */
    private static Map<String, String> controlPlaneEnvironment(Path root, int apiPort, String operatorToken) {
        Map<String, String> cp = Tarballs.environmentFile(root.resolve("etc/liveplane/control-plane.env"));
        cp.put("JAVA_OPTS", cp.get("JAVA_OPTS") + " -Xms384m -Xmx384m");
        cp.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
        cp.put("MICRONAUT_SERVER_PORT", String.valueOf(apiPort));
        cp.putAll(database(root));
        cp.put("LIVEPLANE_OPERATOR_TOKEN", operatorToken);
        cp.put("LIVEPLANE_MASTER_KEY", random(32));
        cp.put("LIVEPLANE_JWT_SECRET", random(48));
        cp.put("LIVEPLANE_NODE_CREDENTIAL_SECRET", random(48));
        cp.put("LIVEPLANE_HLS_SESSION_SECRET", random(32));
        // No Route53 here: the embedded zone on a free port. No public DNS either: unverified domains reach the node.
        cp.put("LIVEPLANE_DNS_PROVIDER", "embedded");
        cp.remove("LIVEPLANE_ROUTE53_ZONE_ID");
        cp.put("LIVEPLANE_EMBEDDED_DNS_PORT", "0");
        cp.put("LIVEPLANE_FLEET_SERVE_UNVERIFIED_DOMAINS", "true");
        return cp;
    }

    /** The installed template with the test's overrides: the control plane, loopback, ports, a short drain grace. */
    private static Map<String, String> nodeEnvironment(Path root, String api, String bootstrapToken, Path state,
            int rtmpPort, int httpPort, int adminPort) {
        Map<String, String> node = Tarballs.environmentFile(root.resolve("etc/liveplane/media-node.env"));
        node.put("JAVA_OPTS", node.get("JAVA_OPTS") + " -Xms128m -Xmx128m -XX:MaxDirectMemorySize=256m");
        node.put("LIVEPLANE_CONTROL_PLANE_URL", api);
        node.put("LIVEPLANE_BOOTSTRAP_TOKEN", bootstrapToken);
        node.put("LIVEPLANE_ADVERTISE_ADDRESS", "127.0.0.1");
        node.put("LIVEPLANE_BIND", "127.0.0.1");
        node.put("LIVEPLANE_RTMP_PORT", String.valueOf(rtmpPort));
        node.put("LIVEPLANE_HTTP_PORT", String.valueOf(httpPort));
        node.put("LIVEPLANE_ADMIN_PORT", String.valueOf(adminPort));
        node.put("LIVEPLANE_DRAIN_GRACE_SECONDS", String.valueOf(DRAIN_GRACE_SECONDS));
        // What systemd's StateDirectory= sets; the launcher passes it as --state-dir.
        node.put("STATE_DIRECTORY", state.toString());
        return node;
    }

    /** The test database: MariaDB's {@code LIVEPLANE_TEST_DATABASE}_tarball, recreated; H2 in the root without one. */
    private static Map<String, String> database(Path root) {
        String name = System.getenv().getOrDefault("LIVEPLANE_TEST_DATABASE", "liveplane_cp_test") + "_tarball";
        try (Connection connection = DriverManager.getConnection(MARIADB, "root", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            log("database %s%s", MARIADB, name);
            return Map.of("LIVEPLANE_DB_URL", MARIADB + name, "LIVEPLANE_DB_USER", "root", "LIVEPLANE_DB_PASSWORD", "");
        } catch (SQLException e) {
            log("no MariaDB at %s (%s): H2 in the root instead", MARIADB, e.getMessage());
            return Map.of("LIVEPLANE_DB_URL", "jdbc:h2:file:" + root.resolve("var/lib/liveplane/control-plane/db")
                    + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_ON_EXIT=FALSE",
                    "LIVEPLANE_DB_USER", "sa", "LIVEPLANE_DB_PASSWORD", "");
        }
    }

    /**
     * Starts the installed launcher as the unit would: its working directory the state directory, its environment
     * the env file's settings and a bare PATH (no JAVA_HOME, no java of the build's).
     */
    private Process start(Path root, String service, Map<String, String> environment) throws IOException {
        Path workingDirectory = Files.createDirectories(root.resolve("var/lib/liveplane/" + service));
        ProcessBuilder builder = new ProcessBuilder(root.resolve("opt/liveplane/" + service + "/bin/" + service)
                .toString())
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workingDirectory.resolve(service + ".log").toFile()));
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().putAll(environment);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** The launcher execs the tarball's java: the process is that binary, not the build's JDK. */
    private static void assertRunsOwnRuntime(Process process, Path root, String service) throws IOException {
        Path java = root.resolve("opt/liveplane/" + service + "-" + Tarballs.VERSION + "/runtime/bin/java");
        assertThat(Files.readSymbolicLink(Path.of("/proc/" + process.pid() + "/exe"))).isEqualTo(java);
    }

    private void waitForStatus(Process process, Path root, String service, String url, int status, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive() && status != 503) {
                throw new AssertionError(service + " exited (" + process.exitValue() + ") before " + url + " answered "
                        + status + "; its log:\n" + tail(root.resolve("var/lib/liveplane/" + service + "/" + service
                        + ".log")));
            }
            try {
                last = get(url, null).statusCode();
                if (last == status) {
                    return;
                }
            } catch (IOException e) {
                last = -1;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(url + " did not answer " + status + " within " + timeout + " (last " + last + ")");
    }

    /** Waits until the node runs on a config snapshot from the control plane (the domains added before it started). */
    private void waitForSnapshot(String metrics, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean synced = get(metrics, null).body().lines()
                    .filter(line -> line.startsWith("liveplane_fleet_config_version"))
                    .anyMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0);
            if (synced) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the node had no config snapshot within " + timeout);
    }

    /**
     * Pushes a test pattern to {@code push} with ffmpeg (again when it gave up) until ffprobe reads a video stream
     * from {@code play}; returns the codecs ffprobe saw.
     */
    private List<String> pushAndProbe(String push, String play, Path ffmpegLog, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Process ffmpeg = null;
        String output = "";
        while (System.nanoTime() < deadline) {
            if (ffmpeg == null || !ffmpeg.isAlive()) {
                ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi",
                        "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine", "-c:v", "libx264",
                        "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-c:a", "aac", "-t", "120", "-f",
                        "flv", push)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(ffmpegLog.toFile()))
                        .start();
                started.add(ffmpeg);
                Thread.sleep(1000);
            }
            Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-rw_timeout", "5000000", "-show_entries",
                    "stream=codec_name", "-of", "csv=p=0", play).redirectErrorStream(true).start();
            output = new String(probe.getInputStream().readAllBytes());
            if (probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0 && output.contains("h264")) {
                return output.lines().map(String::strip).toList();
            }
            probe.destroyForcibly();
            Thread.sleep(500);
        }
        throw new AssertionError(play + " did not play within " + timeout + ": " + output + "\nffmpeg: "
                + tail(ffmpegLog));
    }

    private static String toNode(String signedUrl, int port) {
        URI uri = URI.create(signedUrl);
        return uri.getScheme() + "://127.0.0.1:" + port + uri.getRawPath() + "?" + uri.getRawQuery() + "&vhost="
                + uri.getHost();
    }

    private HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode post(String url, String token, String body, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", url, response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String random(int bytes) {
        byte[] key = new byte[bytes];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static void log(String format, Object... args) {
        System.out.printf("PackagedServicesIT: " + format + "%n", args);
    }
}
