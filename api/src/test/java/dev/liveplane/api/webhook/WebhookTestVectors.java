package dev.liveplane.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the published {@code webhook-test-vectors.json}; shared with other modules' tests through the test-jar. */
public record WebhookTestVectors(Duration tolerance, List<SignCase> sign, List<VerifyCase> verify) {

    public static final String RESOURCE = "/dev/liveplane/api/webhook/webhook-test-vectors.json";

    /** The header a sender must produce for {@code body} with {@code secret} at {@code timestamp}. */
    public record SignCase(String name, String secret, long timestamp, String body, String expected) {

        public byte[] bodyBytes() {
            return body.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The outcome a receiver must reach for {@code header} and {@code body} at {@code now}. */
    public record VerifyCase(String name, String secret, String header, String body, long now,
            WebhookSignature.Outcome expected) {

        public byte[] bodyBytes() {
            return body.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static WebhookTestVectors load() {
        try (InputStream in = WebhookTestVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<SignCase> sign = new ArrayList<>();
            root.get("sign").forEach(c -> sign.add(new SignCase(c.get("name").asText(), c.get("secret").asText(),
                    c.get("timestamp").asLong(), c.get("body").asText(), c.get("expected").asText())));
            List<VerifyCase> verify = new ArrayList<>();
            root.get("verify").forEach(c -> verify.add(new VerifyCase(c.get("name").asText(),
                    c.get("secret").asText(), c.get("header").asText(), c.get("body").asText(), c.get("now").asLong(),
                    WebhookSignature.Outcome.valueOf(c.get("expected").asText()))));
            return new WebhookTestVectors(Duration.ofSeconds(root.get("toleranceSeconds").asLong()),
                    List.copyOf(sign), List.copyOf(verify));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
