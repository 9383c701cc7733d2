package dev.liveplane.media.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.stream.StreamKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * HLS session and relay tokens admit the stream they were issued for in any case: names that differ only in case are
 * one stream (StreamKey), so a playlist asked for as {@code live/Cam} serves segments asked for as {@code live/cam}.
 */
class StreamKeyTokensTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final StreamKey ASKED = new StreamKey("play.example.com", "live", "Cam");
    private static final StreamKey SEGMENT = new StreamKey("play.example.com", "live", "cam");

    @Test
    void anHlsSessionAdmitsItsStreamInAnyCaseAndNoOtherStream() {
        StreamTokens sessions = new StreamTokens(SECRET, Duration.ofMinutes(5), CLOCK);

        String token = sessions.issueSession(ASKED, "dom-1");

        assertThat(sessions.sessionRefusal(token, SEGMENT, "dom-1")).isNull();
        assertThat(sessions.sessionRefusal(token, new StreamKey("play.example.com", "live", "cam2"), "dom-1")).isNotNull();
    }

    @Test
    void aRelayTokenAdmitsItsStreamInAnyCaseAndNoOtherStream() {
        StreamTokens tokens = new StreamTokens(SECRET, CLOCK);

        String token = tokens.issueRelay(ASKED);

        assertThat(tokens.relayRefusal(token, SEGMENT)).isNull();
        assertThat(tokens.relayRefusal(token, new StreamKey("play.example.com", "live", "cam2"))).isNotNull();
    }
}
