package dev.liveplane.controlplane.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.PublicDns;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack as {@code bin/liveplane} runs it (an H2 file database, generated secrets) leaves nothing readable
 * by other users: the database and secrets directories are 0700 and every file in them 0600, after the service
 * started and served a request.
 */
class LocalFilesArePrivateTest {

    @TempDir
    Path home;

    @Test
    void theEmbeddedDatabaseAndTheSecretsAreTheOwnersOnly() throws Exception {
        Path db = home.resolve(".liveplane/db");
        Path secrets = home.resolve(".liveplane/secrets");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "datasources.default.url", "jdbc:h2:file:" + db.resolve("liveplane")
                        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
                "datasources.default.username", "sa", "datasources.default.password", "",
                "micronaut.server.port", "-1", "liveplane.dns.embedded-port", "0",
                "liveplane.dns.resolver", PublicDns.resolver(),
                "liveplane.secrets.directory", secrets.toString()))) {
            signUp(server.getURI());

            assertThat(mode(db)).isEqualTo("rwx------");
            assertThat(mode(secrets)).isEqualTo("rwx------");
            assertThat(files(db)).isNotEmpty().allSatisfy(file -> assertThat(mode(file)).as(file.toString())
                    .isEqualTo("rw-------"));
            assertThat(files(secrets)).isNotEmpty().allSatisfy(file -> assertThat(mode(file)).as(file.toString())
                    .isEqualTo("rw-------"));
        }
    }

    private static void signUp(URI base) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                base.resolve("/v1/auth/signup")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"me@example.org\",\"password\":\"a long password\","
                        + "\"tenantName\":\"Private\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile).toList();
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
