package dev.liveplane.api.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the published {@code url-layout-test-vectors.json}; shared with other modules' tests through the test-jar. */
public record UrlLayoutTestVectors(List<Case> cases) {

    public static final String RESOURCE = "/dev/liveplane/api/signing/url-layout-test-vectors.json";

    /**
     * One stream's URLs on its policy's domain, signed with the primary key and these fields; {@code push} or
     * {@code play} is null by the domain's kind.
     */
    public record Case(String name, SigningTestVectors.Policy policy, String app, String stream, long timestamp,
            String rand, String uid, SignedUrlLayout.Push push, SignedUrlLayout.Play play) {

        /** Signs as the vector did: the policy's primary key, the case's fixed timestamp, rand and uid. */
        public String sign(String url) {
            return UrlSigner.primary(policy.policy()).sign(url, timestamp, rand, uid);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static UrlLayoutTestVectors load() {
        SigningTestVectors signing = SigningTestVectors.load();
        try (InputStream in = UrlLayoutTestVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            List<Case> cases = new ArrayList<>();
            new ObjectMapper().readTree(in).get("cases").forEach(c -> cases.add(new Case(c.get("name").asText(),
                    signing.policies().get(c.get("policy").asText()), c.get("app").asText(),
                    c.get("stream").asText(), c.get("timestamp").asLong(), c.get("rand").asText(),
                    c.get("uid").asText(), push(c.get("push")), play(c.get("play")))));
            return new UrlLayoutTestVectors(List.copyOf(cases));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SignedUrlLayout.Push push(JsonNode push) {
        return push == null ? null : new SignedUrlLayout.Push(push.get("url").asText(), push.get("server").asText(),
                push.get("streamKey").asText());
    }

    private static SignedUrlLayout.Play play(JsonNode play) {
        return play == null ? null : new SignedUrlLayout.Play(play.get("rtmp").asText(), play.get("flv").asText(),
                play.get("hls").asText());
    }
}
