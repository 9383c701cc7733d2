package dev.liveplane.sdk;

import dev.liveplane.sdk.exception.WebhookSignatureException;
import dev.liveplane.sdk.exception.WebhookSignatureException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the {@code Liveplane-Signature} header of a webhook against its raw body:
 * {@code t={unix seconds},v1={hex HMAC-SHA256(secret, t + "." + body)}}, with several {@code v1} values while the
 * secret rotates.
 */
public final class WebhookSignature {

    /** The header the signature arrives in. */
    public static final String HEADER = "Liveplane-Signature";

    /** How far {@code t} may be from now unless told otherwise: long enough for clock skew, short for replays. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String HMAC = "HmacSHA256";

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
        Header header = Header.parse(signatureHeader);

        byte[] expected = hmac(secret, header.timestamp(), body);
        boolean matched = false;
        for (byte[] candidate : header.signatures()) {
            // Every value is compared, in constant time each, so the time taken says nothing about any of them.
            matched |= MessageDigest.isEqual(expected, candidate);
        }
        if (!matched) {
            throw new WebhookSignatureException(Reason.SIGNATURE_MISMATCH, "no v1 signature in " + HEADER
                    + " matches the body: check the secret (callbacks().get) and that the body is the raw bytes");
        }

        long age = clock.instant().getEpochSecond() - Long.parseLong(header.timestamp());
        if (Math.abs(age) > tolerance.toSeconds()) {
            throw new WebhookSignatureException(Reason.TIMESTAMP_OUTSIDE_TOLERANCE, HEADER + " was signed " + age
                    + " s from now, beyond the tolerance of " + tolerance.toSeconds()
                    + " s: a replayed webhook, or a clock that is off");
        }
    }

    private static byte[] hmac(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            // The timestamp as it was sent, not reformatted: it is part of what was signed.
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The parts of the header: the timestamp's text and the decoded {@code v1} values. */
    private record Header(String timestamp, List<byte[]> signatures) {

        static Header parse(String value) throws WebhookSignatureException {
            if (value == null || value.isBlank()) {
                throw malformed("no " + HEADER + " header");
            }
            String timestamp = null;
            List<byte[]> signatures = new ArrayList<>();
            for (String element : value.split(",")) {
                int equals = element.indexOf('=');
                if (equals < 0) {
                    throw malformed(HEADER + " element without '=': " + excerpt(element));
                }
                String key = element.substring(0, equals).strip();
                String item = element.substring(equals + 1).strip();
                if (key.equals("t")) {
                    if (timestamp != null) {
                        throw malformed(HEADER + " has more than one t");
                    }
                    timestamp = item;
                } else if (key.equals("v1")) {
                    try {
                        signatures.add(HexFormat.of().parseHex(item));
                    } catch (IllegalArgumentException notHex) {
                        // A value that is not hex matches nothing; the others may still match.
                    }
                }
                // Other keys are schemes a later version may add; this version checks v1 only.
            }
            if (timestamp == null || !timestamp.matches("[0-9]{1,18}")) {
                throw malformed(HEADER + " has no t={unix seconds}: " + excerpt(value));
            }
            if (signatures.isEmpty()) {
                throw new WebhookSignatureException(Reason.NO_SIGNATURE, HEADER + " has no hex v1 signature: "
                        + excerpt(value));
            }
            return new Header(timestamp, signatures);
        }

        private static WebhookSignatureException malformed(String message) {
            return new WebhookSignatureException(Reason.MALFORMED_HEADER, message);
        }

        private static String excerpt(String text) {
            return text.length() <= 100 ? text : text.substring(0, 100) + "...";
        }
    }
}
