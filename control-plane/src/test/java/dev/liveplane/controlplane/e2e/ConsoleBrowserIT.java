package dev.liveplane.controlplane.e2e;

import static dev.liveplane.controlplane.e2e.Probes.httpStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.TestDatabase;
import dev.liveplane.sdk.Liveplane;
import dev.liveplane.sdk.generated.model.NodeTokenRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The web console in Debian's Chromium against the local stack as {@code bin/liveplane up} runs it (the packaged
 * control plane serving the console over plain HTTP, with its embedded S3, one provisioned media node, unverified
 * domains served), driven by {@code console-ui/e2e/console.e2e.mjs} (playwright-core): sign-up, domains, OBS's
 * fields, an ffmpeg push, the live list, a playing preview, forbid and resume, markup shown as text, axe and the
 * Chinese walk over every page. The script's output is this test's failure message; its screenshots and figures
 * are kept in {@code target/console-e2e/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {

    private static final String OPERATOR_TOKEN = "lpo_console-e2e-" + UUID.randomUUID();
    private static final String LOOPBACK = "127.0.0.1";
    private static final Path CONSOLE_UI = Path.of("..", "console-ui").toAbsolutePath().normalize();
    private static final Path ARTIFACTS = Path.of("target", "console-e2e").toAbsolutePath();

    private final List<JavaProcess> processes = new ArrayList<>();
    private Path work;
    private int apiPort;
    private int rtmpPort;
    private int httpPort;

    @BeforeAll
    void startTheLocalStack() throws Exception {
        assertThat(Path.of(System.getProperty("liveplane.chromium", "/usr/bin/chromium"))).as(
                "Debian's chromium (apt-get install chromium; .ci/run installs it)").isExecutable();
        assertThat(CONSOLE_UI.resolve("node_modules/playwright-core")).as("console-ui's npm install").isDirectory();
        work = Files.createDirectories(Path.of("target", "console-e2e-stack", UUID.randomUUID().toString()));
        apiPort = JavaProcess.freePort();
        rtmpPort = JavaProcess.freePort();
        httpPort = JavaProcess.freePort();
        startControlPlane();
        startNode(Liveplane.builder().endpoint(api()).accessToken(OPERATOR_TOKEN).build().fleet()
                .createNodeToken(new NodeTokenRequest().description("console e2e").ttlSeconds(3600L)).getToken());
    }

    @AfterAll
    void stopTheLocalStack() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop();
        }
    }

    @Test
    void theConsoleWorksInARealBrowser() throws Exception {
        // Only this run's log, screenshots and figures: a failed step's screenshot of an earlier run must not linger.
        deleteTree(ARTIFACTS);
        Files.createDirectories(ARTIFACTS);
        Path output = ARTIFACTS.resolve("console.e2e.log");
        ProcessBuilder builder = new ProcessBuilder("node", "e2e/console.e2e.mjs").directory(CONSOLE_UI.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(Map.of("CONSOLE_URL", api().toString().replaceAll("/$", ""),
                "OPERATOR_TOKEN", OPERATOR_TOKEN, "ARTIFACTS", ARTIFACTS.toString(),
                "CHROMIUM", System.getProperty("liveplane.chromium", "/usr/bin/chromium")));
        Process script = builder.start();
        boolean finished = script.waitFor(6, TimeUnit.MINUTES);
        if (!finished) {
            script.destroyForcibly().waitFor();
        }
        String log = Files.readString(output);
        assertThat(finished).as("the browser suite finished within 6 minutes:\n" + log).isTrue();
        assertThat(script.exitValue()).as("the browser suite:\n" + log + controlPlaneLogTail()).isZero();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private String controlPlaneLogTail() {
        String log = processes.isEmpty() ? "" : processes.get(0).log();
        return "\n--- control plane log (end) ---\n" + log.substring(Math.max(0, log.length() - 4000));
    }

    private void startControlPlane() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(apiPort));
        env.put("MICRONAUT_SERVER_HOST", LOOPBACK);
        env.put("LIVEPLANE_EMBEDDED_DNS_PORT", Integer.toString(JavaProcess.freePort()));
        env.put("LIVEPLANE_OPERATOR_TOKEN", OPERATOR_TOKEN);
        env.put("LIVEPLANE_FLEET_SERVE_UNVERIFIED_DOMAINS", "true");
        env.put("LIVEPLANE_FLEET_HEARTBEAT_INTERVAL", "1s");
        // What bin/liveplane sets: URLs naming the local node, the embedded bucket, a cookie for plain HTTP.
        env.put("LIVEPLANE_URLS_LOCAL_NODE_RTMP", LOOPBACK + ":" + rtmpPort);
        env.put("LIVEPLANE_URLS_LOCAL_NODE_HTTP", LOOPBACK + ":" + httpPort);
        env.put("LIVEPLANE_EMBEDDED_S3", "true");
        env.put("LIVEPLANE_S3_PORT", Integer.toString(JavaProcess.freePort()));
        env.put("LIVEPLANE_CONSOLE_SECURE_COOKIE", "false");
        // Sign-ups and log-ins of one run all come from 127.0.0.1.
        env.put("LIVEPLANE_RATE_LIMITS_SIGNUPS_PER_ADDRESS", "100");
        env.putAll(TestDatabase.processEnvironment(TestDatabase.separate("console")));
        JavaProcess process = new JavaProcess("control-plane", JavaProcess.jar("control-plane", "control-plane.jar"),
                List.of(), env, work.resolve("control-plane")).start();
        processes.add(process);
        process.awaitReady(() -> httpStatus(api() + "v1/domains") == 401, Duration.ofSeconds(90));
    }

    private void startNode(String bootstrapToken) throws IOException, InterruptedException {
        int admin = JavaProcess.freePort();
        JavaProcess process = new JavaProcess("node", JavaProcess.jar("media-node", "media-node.jar"),
                List.of("--control-plane", api().toString(), "--state-dir",
                        work.resolve("node-state").toAbsolutePath().toString(), "--bind", LOOPBACK,
                        "--advertise-address", LOOPBACK, "--rtmp-port", Integer.toString(rtmpPort), "--http-port",
                        Integer.toString(httpPort), "--admin-port", Integer.toString(admin)),
                Map.of("LIVEPLANE_BOOTSTRAP_TOKEN", bootstrapToken), work.resolve("node")).start();
        processes.add(process);
        process.awaitReady(() -> httpStatus("http://" + LOOPBACK + ":" + admin + "/healthz") == 200,
                Duration.ofSeconds(30));
    }

    private URI api() {
        return URI.create("http://" + LOOPBACK + ":" + apiPort + "/");
    }
}
