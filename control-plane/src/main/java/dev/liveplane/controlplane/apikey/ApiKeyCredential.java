package dev.liveplane.controlplane.apikey;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of an API key, {@code lpk_{id}_{secret}}: the id finds the row, the secret (32 random bytes, base64url)
 * proves the holder. The id holds no underscore, so the first one after the prefix ends it.
 */
record ApiKeyCredential(String id, String secret) {

    private static final String PREFIX = "lpk_";
    private static final Pattern FORMAT = Pattern.compile("lpk_([0-9a-z]{26})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    static ApiKeyCredential generate(String id) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new ApiKeyCredential(id, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    static Optional<ApiKeyCredential> parse(String text) {
        Matcher m = FORMAT.matcher(text);
        return m.matches() ? Optional.of(new ApiKeyCredential(m.group(1), m.group(2))) : Optional.empty();
    }

    /**
     * SHA-256 of the secret, hex. A fast hash is right here, unlike for passwords: the secret is 256 random bits,
     * so there is no dictionary to try and brute force is out of reach whatever the hash costs, and every API call
     * checks one.
     */
    String secretHash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    String text() {
        return PREFIX + id + "_" + secret;
    }

    @Override
    public String toString() {
        return "ApiKeyCredential[id=" + id + "]";
    }
}
