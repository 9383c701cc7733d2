package dev.liveplane.controlplane.recording;

import dev.liveplane.controlplane.secret.PlatformSecrets;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the control plane's own playlist URLs ({@code /v1/recordings/{id}/playlist.m3u8},
 * {@code /v1/recording-sessions/{id}/playlist.m3u8}), which players open with no credential: {@code signature} is an
 * HMAC-SHA256 over the path and {@code expires} under a key derived from the master key for this one purpose, so a
 * URL works for that path until then and cannot be made or stretched without the key.
 */
@Singleton
final class PlaylistUrls {

    private static final String PURPOSE = "liveplane recording playlist url\n";

    private final SecretKeySpec key;

    PlaylistUrls(PlatformSecrets secrets) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(secrets.masterKey(), "HmacSHA256"));
            this.key = new SecretKeySpec(derive.doFinal(PURPOSE.getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    /** {@code path?expires=..&signature=..}, working until {@code expires}. */
    String signed(String path, Instant expires) {
        long seconds = expires.getEpochSecond();
        return path + "?expires=" + seconds + "&signature=" + signature(path, seconds);
    }

    /** Refuses with 403 a URL past its {@code expires} or whose signature is not this path's. */
    void check(String path, long expires, String signature) {
        byte[] expected = signature(path, expires).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
        // Compared whole and in constant time before the expiry, so the answer's timing tells nothing of the key.
        boolean genuine = MessageDigest.isEqual(expected, given);
        if (!genuine || Instant.now().getEpochSecond() > expires) {
            throw new ProblemException(ProblemType.FORBIDDEN, "This playlist URL has expired or is not one the API "
                    + "signed; ask GET /v1/recordings/{id} or /v1/recording-sessions/{id} for a fresh one");
        }
    }

    private String signature(String path, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((path + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
