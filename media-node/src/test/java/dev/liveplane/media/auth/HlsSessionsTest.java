package dev.liveplane.media.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.stream.StreamKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HlsSessionsTest {

    private static final byte[] SECRET = "a-secret-of-24-characters".getBytes(StandardCharsets.UTF_8);
    private static final StreamKey DEMO = new StreamKey("play.example.com", "live", "demo");

    @Test
    void tokenAdmitsItsStreamUntilItExpires() {
        Instant issued = Instant.ofEpochSecond(1_700_000_000L);
        String token = new StreamTokens(SECRET, Duration.ofHours(1), Clock.fixed(issued, ZoneOffset.UTC))
                .issueSession(DEMO);

        assertThat(at(issued.plusSeconds(3600)).sessionRefusal(token, DEMO)).isNull();
        assertThat(at(issued.plusSeconds(3601)).sessionRefusal(token, DEMO)).isEqualTo("lp_session expired");
    }

    @Test
    void tokenIsBoundToTheRegistrationOfItsDomains() {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        String token = at(now).issueSession(DEMO, "play-1~push-1");

        assertThat(token).endsWith(".play-1~push-1"); // in clear, for a CDN's edge; the MAC covers it
        assertThat(at(now).sessionRefusal(token, DEMO, "play-1~push-1")).isNull();
        // The name deleted and registered again (by another tenant, or the same): A's players are out.
        assertThat(at(now).sessionRefusal(token, DEMO, "play-2~push-2")).contains("another registration");
        assertThat(at(now).sessionRefusal(token, DEMO, "play-1~push-2")).contains("another registration");
        assertThat(at(now).sessionRefusal(token, DEMO)).contains("another registration");
        assertThat(at(now).sessionRefusal(at(now).issueSession(DEMO), DEMO, "play-1~push-1"))
                .contains("another registration");
        // The registration in clear rewritten to the new one: the MAC was not made over it.
        String rewritten = token.substring(0, token.lastIndexOf('.') + 1) + "play-2~push-2";
        assertThat(at(now).sessionRefusal(rewritten, DEMO, "play-2~push-2")).contains("was not issued for");
    }

    @Test
    void tokenIsBoundToStreamAndSecret() {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        String token = at(now).issueSession(DEMO);

        assertThat(at(now).sessionRefusal(token, new StreamKey("play.example.com", "live", "other")))
                .contains("was not issued for");
        assertThat(new StreamTokens("another-secret-24-chars!!".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1),
                Clock.fixed(now, ZoneOffset.UTC)).sessionRefusal(token, DEMO)).contains("was not issued for");
        String longerLife = Long.toHexString(now.getEpochSecond() + 999_999) + token.substring(token.indexOf('.'));
        assertThat(at(now).sessionRefusal(longerLife, DEMO)).contains("was not issued for");
        assertThat(at(now).sessionRefusal("garbage", DEMO)).isEqualTo("malformed lp_session");
        // 16 bytes fill 22 base64 characters with 4 bits to spare: the last character has variants that decode
        // to the same bytes. Only the exact text passes.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1)); // no registration: the MAC ends the token
        String sameBytes = token.substring(0, token.length() - 1) + alphabet.charAt(last ^ 1);
        assertThat(at(now).sessionRefusal(sameBytes, DEMO)).contains("was not issued for");
        assertThat(at(now).sessionRefusal(null, DEMO)).contains("without lp_session");
    }

    private static StreamTokens at(Instant now) {
        return new StreamTokens(SECRET, Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC));
    }
}
