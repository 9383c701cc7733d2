package dev.liveplane.api.streamkey;

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
 * A persistent stream key's text, {@code lpsk_{id}_{secret}}: what a broadcaster pastes into OBS's "Stream Key" and
 * what the media node reads as the stream name of {@code rtmp://{push domain}/{app}/{key}}. The id (the control
 * plane's, 26 lower-case base32 characters) finds the key; the secret (32 random bytes, base64url) proves it. Every
 * character is one an RTMP stream name may hold ({@code [A-Za-z0-9_-]}), so the key needs no encoding in a URL. The
 * control plane stores and the config snapshot carries only {@link #secretHash()}.
 */
public record StreamKeyCredential(String id, String secret) {

    /** Tells a reader, and a secret scanner, what leaked. */
    public static final String PREFIX = "lpsk";
    private static final Pattern FORMAT = Pattern.compile(PREFIX + "_([0-9a-z]{26})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new key for the key id {@code id}. */
    public static StreamKeyCredential generate(String id) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new StreamKeyCredential(id, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The key {@code text} is, if it has the shape of one. */
    public static Optional<StreamKeyCredential> parse(String text) {
        Matcher m = FORMAT.matcher(text);
        return m.matches() ? Optional.of(new StreamKeyCredential(m.group(1), m.group(2))) : Optional.empty();
    }

    /** Whether {@code text} looks like a stream key at all: such a stream name is a key, never a stream's own name. */
    public static boolean looksLikeOne(String text) {
        return text.startsWith(PREFIX + "_");
    }

    /**
     * {@code text} fit for a log: a stream key loses its secret ({@code lpsk_{id}_***}), anything else is unchanged.
     * A stream key is good until revoked, so unlike a signed URL it must never reach a log whole.
     */
    public static String redact(String text) {
        if (!looksLikeOne(text)) {
            return text;
        }
        return parse(text).map(key -> PREFIX + "_" + key.id() + "_***").orElse(PREFIX + "_***");
    }

    /**
     * SHA-256 of the secret, hex. A fast hash is right here, as for API keys: the secret is 256 random bits, so there
     * is no dictionary to try and brute force is out of reach whatever the hash costs.
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

    /** The whole key, as the broadcaster sends it. */
    public String text() {
        return PREFIX + "_" + id + "_" + secret;
    }

    @Override
    public String toString() {
        return "StreamKeyCredential[" + PREFIX + "_" + id + "]";
    }
}
