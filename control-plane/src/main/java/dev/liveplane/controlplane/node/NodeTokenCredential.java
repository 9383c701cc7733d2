package dev.liveplane.controlplane.node;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a bootstrap token, {@code lpb_{id}_{secret}}: the id finds the row, the secret (32 random bytes,
 * base64url) proves the holder. The id holds no underscore, so the first one after the prefix ends it.
 */
record NodeTokenCredential(String id, String secret) {

    private static final String PREFIX = "lpb_";
    private static final Pattern FORMAT = Pattern.compile("lpb_([0-9a-z]{26})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    static NodeTokenCredential generate(String id) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new NodeTokenCredential(id, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    static Optional<NodeTokenCredential> parse(String text) {
        Matcher m = FORMAT.matcher(text);
        return m.matches() ? Optional.of(new NodeTokenCredential(m.group(1), m.group(2))) : Optional.empty();
    }

    /** SHA-256 of the secret, hex: 256 random bits need no slow hash (see the API keys' reasoning). */
    String secretHash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Whether {@code storedHash} is this secret's, compared in constant time. */
    boolean matches(String storedHash) {
        return MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                secretHash().getBytes(StandardCharsets.US_ASCII));
    }

    String text() {
        return PREFIX + id + "_" + secret;
    }

    @Override
    public String toString() {
        return "NodeTokenCredential[id=" + id + "]";
    }
}
