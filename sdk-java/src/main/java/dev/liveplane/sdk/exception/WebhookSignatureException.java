package dev.liveplane.sdk.exception;

/**
 * A webhook whose {@code Liveplane-Signature} does not prove it came from Liveplane, now: answer it with 400 and do
 * not act on it. Checked, so that a receiver cannot forget the case.
 */
public class WebhookSignatureException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the webhook was refused. */
    public enum Reason {
        /** No header, or not {@code t={unix seconds},v1={hex},...}. */
        MALFORMED_HEADER,
        /** The header carries no {@code v1} signature. */
        NO_SIGNATURE,
        /** No {@code v1} value is the HMAC of this body with this secret: a wrong secret, or a changed body. */
        SIGNATURE_MISMATCH,
        /** Correctly signed, but {@code t} is further from now than the tolerance: a replay, or a skewed clock. */
        TIMESTAMP_OUTSIDE_TOLERANCE
    }

    private final Reason reason;

    public WebhookSignatureException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
