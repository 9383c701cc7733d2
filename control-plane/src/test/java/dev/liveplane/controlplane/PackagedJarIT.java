package dev.liveplane.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts {@code target/control-plane.jar} the way the local stack does ({@code java -jar}, configured by environment
 * only) against the test database, and drives it through a first tenant's steps: what the unit of delivery does,
 * which the in-process tests cannot see (a dependency missing from the fat jar, a resource not packaged).
 */
class PackagedJarIT {

    @TempDir
    Path workingDirectory;

    @Test
    void theJarStartsMigratesAndServesATenant() throws Exception {
        int port = freePort();
        Map<String, String> database = TestDatabase.properties();
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", jar().toString())
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workingDirectory.resolve("control-plane.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        env.put("LIVEPLANE_EMBEDDED_DNS_PORT", "0");
        // An in-memory H2 would be another database in another process; the jar then uses its own file default.
        env.putAll(TestDatabase.processEnvironment(database));
        Process process = builder.start();
        try {
            Api api = new Api(URI.create("http://127.0.0.1:" + port));
            awaitUp(api, process);

            Api.Tenant tenant = api.signUp("Packaged");
            String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                    .get("name").asText();
            assertThat(api.post("/v1/domains/" + push + "/signed-urls", tenant.token(),
                    Map.of("app", "live", "stream", "s")).expect(200).json().get("push").get("url").asText())
                    .startsWith("rtmp://" + push + "/live/s?auth_key=");
            String operatorToken = Files.readString(workingDirectory.resolve(".liveplane/secrets/operator-token"));
            api.get("/admin/v1/tenants", operatorToken).expect(200);
            assertThat(Files.readString(workingDirectory.resolve("control-plane.log")))
                    .contains("level=INFO logger=RequestLogFilter").contains("path=/v1/domains status=201");
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private void awaitUp(Api api, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("the jar is running; its log:\n%s", log()).isTrue();
            try {
                if (api.get("/nothing", null).status() == 404) {
                    return;
                }
            } catch (RuntimeException notYet) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError("the jar did not answer within 60 s; its log:\n" + log());
    }

    private String log() throws IOException {
        return Files.readString(workingDirectory.resolve("control-plane.log"));
    }

    private static Path jar() {
        Path jar = Path.of("target", "control-plane.jar").toAbsolutePath();
        assertThat(jar).as("run through mvn verify, which packages the jar first").exists();
        return jar;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
