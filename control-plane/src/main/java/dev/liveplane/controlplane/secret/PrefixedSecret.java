package dev.liveplane.controlplane.secret;

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
 * A bearer credential's text, {@code {prefix}_{id}_{secret}} (API keys {@code lpk}, node bootstrap tokens
 * {@code lpb}): the id finds the row, the secret (32 random bytes, base64url) proves the holder. The id holds no
 * underscore, so the first one after the prefix ends it; the prefix tells a reader (and a secret scanner) what leaked.
 */
public record PrefixedSecret(String prefix, String id, String secret) {

    private static final Pattern FORMAT = Pattern.compile("([a-z]{3})_([0-9a-z]{26})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    public static PrefixedSecret generate(String prefix, String id) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new PrefixedSecret(prefix, id, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The credential in {@code text}, if it has the shape and the given prefix. */
    public static Optional<PrefixedSecret> parse(String prefix, String text) {
        Matcher m = FORMAT.matcher(text);
        return m.matches() && m.group(1).equals(prefix)
                ? Optional.of(new PrefixedSecret(prefix, m.group(2), m.group(3))) : Optional.empty();
    }

    /**
     * SHA-256 of the secret, hex. A fast hash is right here, unlike for passwords: the secret is 256 random bits,
     * so there is no dictionary to try and brute force is out of reach whatever the hash costs, and every call
     * checks one.
     */
    public String secretHash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Whether {@code storedHash} is this secret's, compared in constant time. */
    public boolean matches(String storedHash) {
        return MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                secretHash().getBytes(StandardCharsets.US_ASCII));
    }

    /** The whole credential, as the holder sends it. */
    public String text() {
        return prefix + "_" + id + "_" + secret;
    }

    @Override
    public String toString() {
        return "PrefixedSecret[" + prefix + "_" + id + "]";
    }
}
