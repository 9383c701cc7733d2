package dev.liveplane.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.sdk.exception.WebhookSignatureException;
import dev.liveplane.sdk.exception.WebhookSignatureException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Vectors computed apart from this code, with Python's hmac module (see each constant). */
class WebhookSignatureTest {

    private static final String SECRET = "whsec_3kTq9ZpLm2VxR8yB";
    private static final String OLD_SECRET = "whsec_oldSecret-0123456";
    private static final byte[] BODY = ("{\"event\":\"publish\",\"domain\":\"push.example.com\",\"app\":\"live\","
            + "\"stream\":\"demo\",\"at\":\"2025-03-01T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
    private static final String T = "1740823200";
    /** hmac.new(SECRET, b"1740823200." + BODY, sha256).hexdigest() */
    private static final String V1 = "66fc563ef0fda44914ef7eb08e29b331cf11c9104c12784ddd963c3808db0270";
    /** The same with OLD_SECRET. */
    private static final String V1_OLD = "1347a461bf6e4f42eb43d38d73c48e0279136814ab2989f89e6b18ec9d98d8b0";
    /** hmac.new(SECRET, b"1740823200." + '{"stream":"café"}'.encode("utf-8"), sha256).hexdigest() */
    private static final String V1_UTF8 = "c1e71254c30e8e1e0b6cf23ab60eba3bf146729bf752e630120327e0401f5502";

    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final Clock AT_T = clock(1740823200);

    @Test
    void acceptsTheSignatureOfTheBody() {
        assertThatCode(() -> WebhookSignature.verify(SECRET, "t=" + T + ",v1=" + V1, BODY, TOLERANCE, AT_T))
                .doesNotThrowAnyException();
    }

    @Test
    void signsTheRawBytesOfANonAsciiBody() {
        byte[] body = "{\"stream\":\"café\"}".getBytes(StandardCharsets.UTF_8);

        assertThatCode(() -> WebhookSignature.verify(SECRET, "t=" + T + ",v1=" + V1_UTF8, body, TOLERANCE, AT_T))
                .doesNotThrowAnyException();
    }

    @Test
    void whileTheSecretRotatesEitherValueMatches() {
        String header = "t=" + T + ",v1=" + V1_OLD + ",v1=" + V1;

        assertThatCode(() -> WebhookSignature.verify(SECRET, header, BODY, TOLERANCE, AT_T))
                .doesNotThrowAnyException();
        assertThatCode(() -> WebhookSignature.verify(OLD_SECRET, header, BODY, TOLERANCE, AT_T))
                .doesNotThrowAnyException();
    }

    @Test
    void toleratesSpacesUpperCaseHexAndSchemesItDoesNotKnow() {
        String header = " t=" + T + " , v0=abc, v1=" + V1.toUpperCase() + " ";

        assertThatCode(() -> WebhookSignature.verify(SECRET, header, BODY, TOLERANCE, AT_T))
                .doesNotThrowAnyException();
    }

    @Test
    void aChangedBodyIsRefused() {
        byte[] changed = new String(BODY, StandardCharsets.UTF_8).replace("demo", "dem0")
                .getBytes(StandardCharsets.UTF_8);

        assertRefused(SECRET, "t=" + T + ",v1=" + V1, changed, AT_T, Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void anotherSecretIsRefused() {
        assertRefused("whsec_someoneElse-9876", "t=" + T + ",v1=" + V1, BODY, AT_T, Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void aChangedTimestampIsRefused() {
        assertRefused(SECRET, "t=1740823201,v1=" + V1, BODY, clock(1740823201), Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void timestampsBeyondTheToleranceEitherSideAreRefused() {
        String header = "t=" + T + ",v1=" + V1;

        assertThatCode(() -> WebhookSignature.verify(SECRET, header, BODY, TOLERANCE, clock(1740823200 + 300)))
                .doesNotThrowAnyException();
        assertThatCode(() -> WebhookSignature.verify(SECRET, header, BODY, TOLERANCE, clock(1740823200 - 300)))
                .doesNotThrowAnyException();
        assertRefused(SECRET, header, BODY, clock(1740823200 + 301), Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
        assertRefused(SECRET, header, BODY, clock(1740823200 - 301), Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @Test
    void malformedHeadersAreRefused() {
        assertRefused(SECRET, null, BODY, AT_T, Reason.MALFORMED_HEADER);
        assertRefused(SECRET, "", BODY, AT_T, Reason.MALFORMED_HEADER);
        assertRefused(SECRET, "v1=" + V1, BODY, AT_T, Reason.MALFORMED_HEADER);
        assertRefused(SECRET, "t=soon,v1=" + V1, BODY, AT_T, Reason.MALFORMED_HEADER);
        assertRefused(SECRET, "t=" + T + ",t=" + T + ",v1=" + V1, BODY, AT_T, Reason.MALFORMED_HEADER);
        assertRefused(SECRET, "t=" + T + "," + V1, BODY, AT_T, Reason.MALFORMED_HEADER);
    }

    @Test
    void aHeaderWithoutAV1SignatureIsRefused() {
        assertRefused(SECRET, "t=" + T, BODY, AT_T, Reason.NO_SIGNATURE);
        assertRefused(SECRET, "t=" + T + ",v0=" + V1, BODY, AT_T, Reason.NO_SIGNATURE);
        assertRefused(SECRET, "t=" + T + ",v1=not-hex", BODY, AT_T, Reason.NO_SIGNATURE);
    }

    @Test
    void aMissingSecretIsTheCallersMistake() {
        assertThatThrownBy(() -> WebhookSignature.verify("", "t=" + T + ",v1=" + V1, BODY, TOLERANCE, AT_T))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(String secret, String header, byte[] body, Clock clock, Reason reason) {
        assertThatThrownBy(() -> WebhookSignature.verify(secret, header, body, TOLERANCE, clock))
                .isInstanceOfSatisfying(WebhookSignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static Clock clock(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }
}
