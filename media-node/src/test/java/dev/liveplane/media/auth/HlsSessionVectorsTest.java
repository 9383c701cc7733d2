package dev.liveplane.media.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liveplane.api.stream.StreamKey;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published HLS session vectors ({@code vectors/hls-session-tokens.json}) against the node's verifier; the CDN
 * edge's function passes the same file under Node.js ({@code src/test/js/hls-token-check.test.mjs}).
 */
class HlsSessionVectorsTest {

    static Stream<Arguments> vectors() throws IOException {
        try (InputStream in = HlsSessionVectorsTest.class.getResourceAsStream("/vectors/hls-session-tokens.json")) {
            List<Arguments> all = new ArrayList<>();
            for (JsonNode vector : new ObjectMapper().readTree(in).get("vectors")) {
                all.add(Arguments.of(vector.get("name").asText(), vector));
            }
            return all.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void nodeDecidesAsPublished(String name, JsonNode vector) {
        Instant now = Instant.ofEpochSecond(vector.get("now").asLong());
        StreamKey stream = new StreamKey(vector.get("domain").asText(), vector.get("app").asText(),
                vector.get("stream").asText());
        String registration = vector.get("registration").isNull() ? null : vector.get("registration").asText();
        String token = vector.get("token").isNull() ? null : vector.get("token").asText();
        StreamTokens tokens = new StreamTokens(secret(vector), Clock.fixed(now, ZoneOffset.UTC));

        assertThat(verdict(tokens.sessionRefusal(token, stream, registration))).isEqualTo(vector.get("node").asText());
        if (vector.get("node").asText().equals("ok")) {
            // ... and issues exactly that token when its lifetime ends at the token's expiry
            long expiry = Long.parseLong(token.substring(0, token.indexOf('.')), 16);
            StreamTokens issuer = new StreamTokens(secret(vector), Duration.ofSeconds(expiry - now.getEpochSecond()),
                    Clock.fixed(now, ZoneOffset.UTC));
            assertThat(issuer.issueSession(stream, registration)).isEqualTo(token);
        }
    }

    private static byte[] secret(JsonNode vector) {
        return Base64.getDecoder().decode(vector.get("secretBase64").asText());
    }

    /** The vectors' vocabulary for a refusal {@link StreamTokens#sessionRefusal} words for people. */
    private static String verdict(String refusal) {
        if (refusal == null) {
            return "ok";
        }
        if (refusal.startsWith("HLS request without")) {
            return "missing";
        }
        if (refusal.startsWith("malformed")) {
            return "malformed";
        }
        if (refusal.endsWith("expired")) {
            return "expired";
        }
        if (refusal.contains("another registration")) {
            return "registration";
        }
        return refusal.contains("was not issued for") ? "forged" : refusal;
    }
}
