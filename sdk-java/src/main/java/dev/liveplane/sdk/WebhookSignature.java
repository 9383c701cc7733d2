package dev.liveplane.sdk;

import dev.liveplane.api.webhook.WebhookSignature.Verdict;
import dev.liveplane.sdk.exception.WebhookSignatureException;
import dev.liveplane.sdk.exception.WebhookSignatureException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Checks the {@code Liveplane-Signature} header of a webhook against its raw body:
 * {@code t={unix seconds},v1={hex HMAC-SHA256(secret, t + "." + body)}}, with several {@code v1} values while the
 * secret rotates. The scheme itself is the {@code api} module's, the one the control plane signs with.
 */
public final class WebhookSignature {

    /** The header the signature arrives in. */
    public static final String HEADER = dev.liveplane.api.webhook.WebhookSignature.HEADER;

    /** How far {@code t} may be from now unless told otherwise: long enough for clock skew, short for replays. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    /** As {@link #verify(String, String, byte[], Duration, Clock)}, with 5 minutes' tolerance and the system clock. */
    public static void verify(String secret, String signatureHeader, byte[] body) throws WebhookSignatureException {
        verify(secret, signatureHeader, body, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /**
     * Returns normally when one of the header's {@code v1} values is the signature of {@code body} (the bytes as
     * received, before any JSON parsing) with {@code secret}, and {@code t} is within {@code tolerance} of the clock's
     * now, either side; otherwise throws, saying which check failed.
     */
    public static void verify(String secret, String signatureHeader, byte[] body, Duration tolerance, Clock clock)
            throws WebhookSignatureException {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(clock, "clock");
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("no webhook secret: it is the callbacks' secret (callbacks().get)");
        }
        if (tolerance == null || tolerance.isNegative()) {
            throw new IllegalArgumentException("the tolerance must be zero or more");
        }
        Verdict verdict = dev.liveplane.api.webhook.WebhookSignature.verify(secret, signatureHeader, body, tolerance,
                clock.instant().getEpochSecond());
        switch (verdict.outcome()) {
            case VALID -> {
            }
            case MALFORMED_HEADER -> throw new WebhookSignatureException(Reason.MALFORMED_HEADER, verdict.detail());
            case NO_SIGNATURE -> throw new WebhookSignatureException(Reason.NO_SIGNATURE, verdict.detail());
            case SIGNATURE_MISMATCH -> throw new WebhookSignatureException(Reason.SIGNATURE_MISMATCH, verdict.detail()
                    + ": check the secret (callbacks().get) and that the body is the raw bytes");
            case TIMESTAMP_OUTSIDE_TOLERANCE -> throw new WebhookSignatureException(
                    Reason.TIMESTAMP_OUTSIDE_TOLERANCE,
                    verdict.detail() + ": a replayed webhook, or a clock that is off");
        }
    }
}
