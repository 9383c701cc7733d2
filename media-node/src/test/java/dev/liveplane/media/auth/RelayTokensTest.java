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

    private static RelayTokens at(Instant now) {
        return new RelayTokens(SECRET, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void issuesTheGoldenTokenAndAcceptsIt() {
        assertThat(at(NOW).issue(STREAM)).isEqualTo(GOLDEN);
        assertThat(at(NOW).refusal(GOLDEN, STREAM)).isNull();
        assertThat(at(NOW.plusSeconds(60)).refusal(GOLDEN, STREAM)).isNull();
    }

    @Test
    void refusesExpiredMissingMalformedForgedAndOtherStreamsTokens() {
        assertThat(at(NOW.plusSeconds(61)).refusal(GOLDEN, STREAM)).contains("expired");
        assertThat(at(NOW).refusal(null, STREAM)).contains("without lp_relay");
        assertThat(at(NOW).refusal("1700000060.xyz", STREAM)).contains("malformed");
        assertThat(at(NOW).refusal(GOLDEN.toUpperCase(), STREAM)).contains("malformed");
        String forged = GOLDEN.substring(0, GOLDEN.length() - 1) + "4";
        assertThat(at(NOW).refusal(forged, STREAM)).contains("not issued");
        String extended = "1800000060" + GOLDEN.substring(GOLDEN.indexOf('.'));
        assertThat(at(NOW).refusal(extended, STREAM)).contains("not issued");
        assertThat(at(NOW).refusal(GOLDEN, new StreamKey("push.example.com", "live", "other"))).contains("not issued");
        RelayTokens otherFleet = new RelayTokens("another-secret-0123456789".getBytes(StandardCharsets.UTF_8),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(otherFleet.refusal(GOLDEN, STREAM)).contains("not issued");
    }

    @Test
    void aTokenDatedFurtherAheadThanAnyNodeIssuesIsRefused() {
        String fromAClockAMinuteAhead = at(NOW.plusSeconds(60)).issue(STREAM);
        assertThat(at(NOW).refusal(fromAClockAMinuteAhead, STREAM)).isNull();
        String forADay = at(NOW.plus(Duration.ofDays(1))).issue(STREAM);
        assertThat(at(NOW).refusal(forADay, STREAM)).contains("further ahead than any node issues");
    }

    @Test
    void theHlsSessionSecretSignsRelayTokensToo() {
        HlsSessions sessions = new HlsSessions(SECRET, Duration.ofHours(12), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(sessions.relayTokens().issue(STREAM)).isEqualTo(GOLDEN);
    }
}
