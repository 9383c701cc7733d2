package dev.liveplane.media.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.stream.StreamKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Relay tokens: the golden format both ways, and every way a token must fail. */
class RelayTokensTest {

    private static final byte[] SECRET = "relay-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000);
    private static final StreamKey STREAM = new StreamKey("push.example.com", "live", "demo");
    /** HMAC-SHA256(secret, "relay\npush.example.com/live/demo\n1700000060"), computed outside Java. */
    private static final String GOLDEN =
            "1700000060.8eb9c705c39e4029834b66678a087ea78e527f1aeb01481a0984e9d2de103e95";

    private static StreamTokens at(Instant now) {
        return new StreamTokens(SECRET, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void issuesTheGoldenTokenAndAcceptsIt() {
        assertThat(at(NOW).issueRelay(STREAM)).isEqualTo(GOLDEN);
        assertThat(at(NOW).relayRefusal(GOLDEN, STREAM)).isNull();
        assertThat(at(NOW.plusSeconds(60)).relayRefusal(GOLDEN, STREAM)).isNull();
    }

    @Test
    void refusesExpiredMissingMalformedForgedAndOtherStreamsTokens() {
        assertThat(at(NOW.plusSeconds(61)).relayRefusal(GOLDEN, STREAM)).contains("expired");
        assertThat(at(NOW).relayRefusal(null, STREAM)).contains("without lp_relay");
        assertThat(at(NOW).relayRefusal("1700000060.xyz", STREAM)).contains("malformed");
        assertThat(at(NOW).relayRefusal(GOLDEN.toUpperCase(), STREAM)).contains("malformed");
        String forged = GOLDEN.substring(0, GOLDEN.length() - 1) + "4";
        assertThat(at(NOW).relayRefusal(forged, STREAM)).contains("not issued");
        String extended = "1800000060" + GOLDEN.substring(GOLDEN.indexOf('.'));
        assertThat(at(NOW).relayRefusal(extended, STREAM)).contains("not issued");
        assertThat(at(NOW).relayRefusal(GOLDEN, new StreamKey("push.example.com", "live", "other")))
                .contains("not issued");
        StreamTokens otherFleet = new StreamTokens("another-secret-0123456789".getBytes(StandardCharsets.UTF_8),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(otherFleet.relayRefusal(GOLDEN, STREAM)).contains("not issued");
    }

    @Test
    void aTokenDatedFurtherAheadThanAnyNodeIssuesIsRefused() {
        String fromAClockAMinuteAhead = at(NOW.plusSeconds(60)).issueRelay(STREAM);
        assertThat(at(NOW).relayRefusal(fromAClockAMinuteAhead, STREAM)).isNull();
        String forADay = at(NOW.plus(Duration.ofDays(1))).issueRelay(STREAM);
        assertThat(at(NOW).relayRefusal(forADay, STREAM)).contains("further ahead than any node issues");
    }

    @Test
    void theHlsSessionSecretSignsRelayTokensToo() {
        StreamTokens sessions = new StreamTokens(SECRET, Duration.ofHours(12), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(sessions.issueRelay(STREAM)).isEqualTo(GOLDEN);
    }
}
