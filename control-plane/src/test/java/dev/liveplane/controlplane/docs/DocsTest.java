package dev.liveplane.controlplane.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A reader without a credential gets the OpenAPI document and the reference page, and the page needs no CDN. */
@MicronautTest
class DocsTest extends ApiTestBase {

    // A script or stylesheet the browser would fetch from another site.
    private static final Pattern REMOTE_ASSET = Pattern.compile(
            "<(?:script|link)\\b[^>]*\\b(?:src|href)\\s*=\\s*[\"']?(?:https?:)?//", Pattern.CASE_INSENSITIVE);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theSpecIsServedAsCommittedWithoutACredential() throws Exception {
        HttpResponse<byte[]> response = get("/openapi.yaml", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/yaml");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        assertThat(response.body()).isEqualTo(Files.readAllBytes(Path.of("../api/openapi.yaml")));
    }

    @Test
    void theReferencePageNamesTheOperationsAndLoadsNothingFromElsewhere() throws Exception {
        HttpResponse<byte[]> response = get("/docs", null);
        String html = new String(response.body(), StandardCharsets.UTF_8);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                policy -> assertThat(policy).startsWith("default-src 'none';").contains("connect-src 'self'"));
        assertThat(html).contains("<title>Liveplane API reference</title>", "Add a push or pull domain",
                "Mint signed URLs for one stream", "Cut the stream's publisher");
        assertThat(REMOTE_ASSET.matcher(html).find()).as("a remote script or stylesheet").isFalse();
    }

    @Test
    void anUnchangedPageIsRevalidatedWith304() throws Exception {
        String etag = get("/docs", null).headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> again = get("/docs", etag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    private HttpResponse<byte[]> get(String path, String ifNoneMatch) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURI() + path)).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
