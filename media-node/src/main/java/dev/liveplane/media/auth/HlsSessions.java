package dev.liveplane.media.auth;

import dev.liveplane.media.server.stream.StreamKey;
import dev.liveplane.media.server.stream.StreamRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks the short tokens an HLS viewer carries after its signed playlist request: the child playlist and
 * every segment URL hold one, so refreshes and segment fetches need no signature of their own and keep working after
 * the signed URL expires, while segments cannot be fetched without one. A token is bound to the stream as the viewer
 * addressed it and to the registration of its domains (so a name taken by another tenant voids it), and carries its
 * own expiry, signed with the node's secret: nothing is stored per viewer.
 */
public final class HlsSessions {

    /** The query parameter the playlists' URIs carry. */
    public static final String PARAMETER = StreamRequest.HLS_SESSION_PARAMETER;

    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{1,12}\\.[A-Za-z0-9_-]{22}");
    private static final int MAC_BYTES = 16;

    private final SecretKeySpec secret;
    private final Duration lifetime;
    private final Clock clock;
    private final RelayTokens relayTokens;

    public HlsSessions(byte[] secret, Duration lifetime, Clock clock) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the HLS session secret needs at least 16 bytes");
        }
        this.secret = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.lifetime = lifetime;
        this.clock = clock;
        this.relayTokens = new RelayTokens(secret, clock);
    }

    /** Relay tokens under the same secret, which every node of a fleet shares through the snapshot. */
    public RelayTokens relayTokens() {
        return relayTokens;
    }

    public String issue(StreamKey addressed) {
        return issue(addressed, null);
    }

    /**
     * A token for {@code addressed} under {@code registration}, the ids of the domains it was authorized under (null
     * on a standalone node): once the name is registered again, by anyone, the token admits nothing.
     */
    public String issue(StreamKey addressed, String registration) {
        String expiry = Long.toHexString(clock.instant().plus(lifetime).getEpochSecond());
        return expiry + "." + encode(mac(addressed, registration, expiry));
    }

    /** Why the token does not admit a viewer of {@code addressed}, or null when it does. */
    public String refusal(String token, StreamKey addressed) {
        return refusal(token, addressed, null);
    }

    /** Why the token does not admit a viewer of {@code addressed} under {@code registration}, or null. */
    public String refusal(String token, StreamKey addressed, String registration) {
        if (token == null) {
            return "HLS request without " + PARAMETER;
        }
        if (!TOKEN.matcher(token).matches()) {
            return "malformed " + PARAMETER;
        }
        String expiry = token.substring(0, token.indexOf('.'));
        // Compared as text: decoding would accept the variants of the last character that differ only in its
        // unused low bits, so a "tampered" token could still pass.
        byte[] presented = token.substring(expiry.length() + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = encode(mac(addressed, registration, expiry)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, presented)) {
            return PARAMETER + " was not issued for " + addressed;
        }
        if (Long.parseLong(expiry, 16) < clock.instant().getEpochSecond()) {
            return PARAMETER + " expired";
        }
        return null;
    }

    private static String encode(byte[] mac) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    private byte[] mac(StreamKey addressed, String registration, String expiry) {
        String signed = registration == null ? addressed + "|" + expiry
                : addressed + "|" + registration + "|" + expiry;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            byte[] full = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
            byte[] truncated = new byte[MAC_BYTES];
            System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
