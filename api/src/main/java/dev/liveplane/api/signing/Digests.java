package dev.liveplane.api.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** MD5 and HMAC-SHA256 over UTF-8 text, hex in and out, and the constant-time comparison every scheme uses. */
final class Digests {

    static final HexFormat HEX = HexFormat.of();

    // MessageDigest.getInstance costs as much as hashing a short URL; one instance per thread is reused.
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> algorithm("MD5"));

    private Digests() {
    }

    static byte[] md5(String text) {
        MessageDigest md5 = MD5.get();
        md5.reset();
        return md5.digest(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmacSha256(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** Parses lower- or upper-case hex of exactly {@code length} characters, or returns null. */
    static byte[] parseHex(String hex, int length) {
        if (hex.length() != length) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return null;
            }
        }
        return HEX.parseHex(hex);
    }

    /** Time independent of where the arrays differ. */
    static boolean equal(byte[] expected, byte[] presented) {
        return MessageDigest.isEqual(expected, presented);
    }

    private static MessageDigest algorithm(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name + " is part of every Java runtime", e);
        }
    }
}
