package dev.liveplane.api.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook body into its {@code Liveplane-Signature} header and checks a header against a body:
 * {@code t={unix seconds},v1={hex HMAC-SHA256(secret, t + "." + body)}}, the shape Stripe and Mux use, so a receiver
 * can tell both who sent a request and that it is fresh. JDK crypto only (the SDK runs without Bouncy Castle).
 */
public final class WebhookSignature {

    /** The header the signature travels in. */
    public static final String HEADER = "Liveplane-Signature";

    private static final String HMAC = "HmacSHA256";

    private WebhookSignature() {
    }

    /** What a check of a header found. */
    public enum Outcome {
        VALID, MALFORMED_HEADER, NO_SIGNATURE, SIGNATURE_MISMATCH, TIMESTAMP_OUTSIDE_TOLERANCE
    }

    /** A check's outcome and, unless valid, why in words for the receiver's log. */
    public record Verdict(Outcome outcome, String detail) {

        public boolean valid() {
            return outcome == Outcome.VALID;
        }
    }

    /** The header value for {@code body} (the exact bytes sent) signed with {@code secret} at {@code unixSeconds}. */
    public static String header(String secret, long unixSeconds, byte[] body) {
        String timestamp = Long.toString(unixSeconds);
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(signature(secret, timestamp, body));
    }

    /**
     * Checks {@code header} against {@code body} (the bytes as received, before any JSON parsing): valid when one of
     * its {@code v1} values (several while a secret rotates) is the body's signature with {@code secret} and {@code t}
     * is within {@code tolerance} of {@code nowUnixSeconds}, either side.
     */
    public static Verdict verify(String secret, String header, byte[] body, Duration tolerance, long nowUnixSeconds) {
        Parsed parsed = Parsed.of(header);
        if (parsed.refusal != null) {
            return parsed.refusal;
        }
        byte[] expected = signature(secret, parsed.timestamp, body);
        boolean matched = false;
        for (byte[] candidate : parsed.signatures) {
            // Every value is compared, in constant time each, so the time taken says nothing about any of them.
            matched |= MessageDigest.isEqual(expected, candidate);
        }
        if (!matched) {
            return new Verdict(Outcome.SIGNATURE_MISMATCH, "no v1 signature in " + HEADER + " matches the body");
        }
        long age = nowUnixSeconds - Long.parseLong(parsed.timestamp);
        if (Math.abs(age) > tolerance.toSeconds()) {
            return new Verdict(Outcome.TIMESTAMP_OUTSIDE_TOLERANCE, HEADER + " was signed " + age
                    + " s from now, beyond the tolerance of " + tolerance.toSeconds() + " s");
        }
        return new Verdict(Outcome.VALID, "");
    }

    private static byte[] signature(String secret, String timestamp, byte[] body) {
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

    /** The parts of a header: the timestamp's text and the decoded {@code v1} values, or why there are none. */
    private record Parsed(String timestamp, List<byte[]> signatures, Verdict refusal) {

        static Parsed of(String value) {
            if (value == null || value.isBlank()) {
                return malformed("no " + HEADER + " header");
            }
            String timestamp = null;
            List<byte[]> signatures = new ArrayList<>();
            for (String element : value.split(",")) {
                int equals = element.indexOf('=');
                if (equals < 0) {
                    return malformed(HEADER + " element without '=': " + excerpt(element));
                }
                String key = element.substring(0, equals).strip();
                String item = element.substring(equals + 1).strip();
                if (key.equals("t")) {
                    if (timestamp != null) {
                        return malformed(HEADER + " has more than one t");
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
                return malformed(HEADER + " has no t={unix seconds}: " + excerpt(value));
            }
            if (signatures.isEmpty()) {
                return new Parsed(null, null, new Verdict(Outcome.NO_SIGNATURE, HEADER + " has no hex v1 signature: "
                        + excerpt(value)));
            }
            return new Parsed(timestamp, signatures, null);
        }

        private static Parsed malformed(String detail) {
            return new Parsed(null, null, new Verdict(Outcome.MALFORMED_HEADER, detail));
        }

        private static String excerpt(String text) {
            return text.length() <= 100 ? text : text.substring(0, 100) + "...";
        }
    }
}
