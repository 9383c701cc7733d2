package dev.liveplane.media.e2e;

import dev.liveplane.media.MediaNodeMain;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A media node in its own JVM, standalone or under a control plane (this test run's classpath, the node's production
 * logging), so a test can give it JVM limits (direct memory) the test JVM does not share, or kill it with SIGKILL;
 * its ports are ephemeral and read from its log.
 */
final class NodeProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile(
            "event=node_started rtmp=(\\d+) http=(\\d+) admin=(?:\\S*:)?(\\d+)");

    private final Process process;
    private final Path log;
    final int rtmpPort;
    final int httpPort;
    final int adminPort;

    private NodeProcess(Process process, Path log, int rtmpPort, int httpPort, int adminPort) {
        this.process = process;
        this.log = log;
        this.rtmpPort = rtmpPort;
        this.httpPort = httpPort;
        this.adminPort = adminPort;
    }

    /** Starts {@code media-node --standalone} on loopback with the given JVM options and waits for its listeners. */
    static NodeProcess start(Path workDir, List<String> jvmOptions) throws IOException, InterruptedException {
        return start(workDir, jvmOptions, List.of("--standalone"));
    }

    /**
     * Starts {@code media-node --control-plane URL} (registered with the fake's bootstrap token, its state in
     * {@code workDir/state}, kept across restarts) with {@code nodeOptions}, and waits for its listeners.
     */
    static NodeProcess underControlPlane(Path workDir, URI controlPlane, List<String> nodeOptions)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of("--control-plane", controlPlane.toString(),
                "--bootstrap-token", FakeControlPlane.BOOTSTRAP_TOKEN, "--drain-grace", "0"));
        options.addAll(nodeOptions);
        return start(workDir, List.of(), options);
    }

    /**
     * As {@link #underControlPlane}, and waits until the node heartbeats on snapshot {@code version} of the fake:
     * registered, and enforcing (and recording) what that snapshot says.
     */
    static NodeProcess onSnapshot(Path workDir, FakeControlPlane controlPlane, long version, List<String> nodeOptions)
            throws IOException, InterruptedException {
        int before = controlPlane.heartbeats.size();
        NodeProcess node = underControlPlane(workDir, controlPlane.uri(), nodeOptions);
        FleetTestBase.await("a heartbeat on snapshot " + version, () -> controlPlane.heartbeats.stream().skip(before)
                .anyMatch(h -> h.path("configVersion").asLong() == version), Duration.ofSeconds(30));
        return node;
    }

    private static NodeProcess start(Path workDir, List<String> jvmOptions, List<String> nodeOptions)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-Dlogback.configurationFile=" + productionLogging(), "-cp",
                System.getProperty("java.class.path"), MediaNodeMain.class.getName()));
        cmd.addAll(nodeOptions);
        cmd.addAll(List.of("--bind", "127.0.0.1", "--rtmp-port", "0", "--http-port", "0", "--admin-port", "0",
                "--state-dir", workDir.resolve("state").toString()));
        Path log = Files.createTempFile(workDir, "node", ".log");
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            Matcher started = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (started.find()) {
                return new NodeProcess(process, log, Integer.parseInt(started.group(1)),
                        Integer.parseInt(started.group(2)), Integer.parseInt(started.group(3)));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly().waitFor();
        throw new AssertionError("the node process did not start:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Path productionLogging() {
        try {
            // The main logback.xml (INFO, key=value lines), not the quiet test one that the classpath prefers.
            return Path.of(MediaNodeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve("logback.xml");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    String rtmp(String app, String stream) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/" + app + "/" + stream;
    }

    String admin(String path) {
        return "http://127.0.0.1:" + adminPort + path;
    }

    /** Everything the node has logged so far. */
    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no last flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
