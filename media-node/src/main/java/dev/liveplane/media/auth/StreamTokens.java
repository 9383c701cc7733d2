package dev.liveplane.media.auth;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.StreamRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks the tokens the node signs itself with one secret (the snapshot's {@code hlsSessionSecret}, which
 * every node of a fleet holds): short, self-expiring HMACs bound to one stream, so nothing is stored per viewer.
 *
 * <ul>
 *   <li><b>HLS sessions</b>: the child playlist and every segment URL a signed playlist request leads to carry one
 *       ({@value #SESSION_PARAMETER}), so refreshes and segment fetches need no signature of their own and keep
 *       working after the signed URL expires, while segments cannot be fetched without one. Bound to the stream as the
 *       viewer addressed it and to the registration of its domains (a name taken by another tenant voids it):
 *       {@code {hex expiry}.{base64url HMAC-SHA256(secret, stream|registration|expiry), 16 bytes}.{registration}}
 *       ({@code .{registration}} and {@code |registration} absent on a standalone node). The registration rides in
 *       clear so that a CDN's edge, which holds the secret but not the snapshot, can check the MAC too
 *       ({@code terraform/modules/cdn/hls_token_check.js}, the vectors in {@code vectors/hls-session-tokens.json});
 *       the node also compares it with the registration the domains have now.</li>
 *   <li><b>Relay pulls</b>: one node pulling a stream from the node it is published on ({@value #RELAY_PARAMETER}):
 *       {@code {expiry epoch seconds}.{hex HMAC-SHA256(secret, "relay\n" + pushDomain/app/stream + "\n" + expiry)}},
 *       valid {@link #RELAY_LIFETIME}.</li>
 * </ul>
 */
public final class StreamTokens {

    /** The query parameter the playlists' URIs carry. */
    public static final String SESSION_PARAMETER = StreamRequest.HLS_SESSION_PARAMETER;
    /** The query parameter a relay pull carries its token in. */
    public static final String RELAY_PARAMETER = StreamRequest.RELAY_PARAMETER;
    /** Names the id of the push domain the pulling edge authorized its players under. */
    public static final String RELAY_DOMAIN_ID_PARAMETER = StreamRequest.RELAY_DOMAIN_ID_PARAMETER;
    /** How long an HLS session lasts unless configured otherwise. */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    /** Long enough for one connection attempt; a reconnect issues a fresh token. */
    public static final Duration RELAY_LIFETIME = Duration.ofSeconds(60);
    /** How far apart two nodes' clocks may be for one's relay tokens to pass at the other. */
    private static final long MAX_CLOCK_SKEW_SECONDS = 60;

    private static final Pattern SESSION =
            Pattern.compile("([0-9a-f]{1,12})\\.([A-Za-z0-9_-]{22})(?:\\.([A-Za-z0-9_~-]{1,160}))?");
    /** What a registration in a session token may hold: domain ids joined by '~', no character a URL must encode. */
    private static final Pattern REGISTRATION = Pattern.compile("[A-Za-z0-9_~-]{1,160}");
    private static final Pattern RELAY = Pattern.compile("[0-9]{1,12}\\.[0-9a-f]{64}");
    private static final int SESSION_MAC_BYTES = 16;

    private final SecretKeySpec secret;
    private final Duration sessionLifetime;
    private final Clock clock;

    /** @param sessionLifetime how long an HLS session token admits its viewer */
    public StreamTokens(byte[] secret, Duration sessionLifetime, Clock clock) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the HLS session secret needs at least 16 bytes");
        }
        this.secret = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.sessionLifetime = sessionLifetime;
        this.clock = clock;
    }

    /** Tokens with HLS sessions of {@link #SESSION_LIFETIME}. */
    public StreamTokens(byte[] secret, Clock clock) {
        this(secret, SESSION_LIFETIME, clock);
    }

    public String issueSession(StreamKey addressed) {
        return issueSession(addressed, null);
    }

    /**
     * A session for {@code addressed} under {@code registration}, the ids of the domains it was authorized under
     * (null on a standalone node): once the name is registered again, by anyone, the token admits nothing.
     */
    public String issueSession(StreamKey addressed, String registration) {
        if (registration != null && !REGISTRATION.matcher(registration).matches()) {
            throw new IllegalArgumentException("registration '" + registration + "' is not " + REGISTRATION);
        }
        String expiry = Long.toHexString(clock.instant().plus(sessionLifetime).getEpochSecond());
        String token = expiry + "." + base64(sessionMac(addressed, registration, expiry));
        return registration == null ? token : token + "." + registration;
    }

    /**
     * The registration an HLS session is bound to: the ids of the domain a play addressed and of its push domain,
     * joined by '~'; null when neither has one (a standalone node).
     */
    public static String registration(String domainId, String pushDomainId) {
        return domainId == null && pushDomainId == null ? null : domainId + "~" + pushDomainId;
    }

    /** Why the session does not admit a viewer of {@code addressed}, or null when it does. */
    public String sessionRefusal(String token, StreamKey addressed) {
        return sessionRefusal(token, addressed, null);
    }

    /** Why the session does not admit a viewer of {@code addressed} under {@code registration}, or null. */
    public String sessionRefusal(String token, StreamKey addressed, String registration) {
        if (token == null) {
            return "HLS request without " + SESSION_PARAMETER;
        }
        Matcher parts = SESSION.matcher(token);
        if (!parts.matches()) {
            return "malformed " + SESSION_PARAMETER;
        }
        String expiry = parts.group(1);
        if (!Objects.equals(parts.group(3), registration)) {
            return SESSION_PARAMETER + " was issued under another registration of the domains than " + addressed
                    + " has now";
        }
        // Compared as text: decoding would accept the variants of the last character that differ only in its
        // unused low bits, so a "tampered" token could still pass.
        if (!sameText(parts.group(2), base64(sessionMac(addressed, registration, expiry)))) {
            return SESSION_PARAMETER + " was not issued for " + addressed;
        }
        if (Long.parseLong(expiry, 16) < clock.instant().getEpochSecond()) {
            return SESSION_PARAMETER + " expired";
        }
        return null;
    }

    /** A token admitting a pull of {@code pushStream} (push domain, app, stream) until {@link #RELAY_LIFETIME}. */
    public String issueRelay(StreamKey pushStream) {
        String expiry = Long.toString(clock.instant().plus(RELAY_LIFETIME).getEpochSecond());
        return expiry + "." + relayMac(pushStream, expiry);
    }

    /** Why {@code token} does not admit a pull of {@code pushStream}, or null when it does. */
    public String relayRefusal(String token, StreamKey pushStream) {
        if (token == null) {
            return "relay pull without " + RELAY_PARAMETER;
        }
        if (!RELAY.matcher(token).matches()) {
            return "malformed " + RELAY_PARAMETER;
        }
        String expiry = token.substring(0, token.indexOf('.'));
        if (!sameText(token.substring(expiry.length() + 1), relayMac(pushStream, expiry))) {
            return RELAY_PARAMETER + " was not issued for " + pushStream;
        }
        long now = clock.instant().getEpochSecond();
        if (Long.parseLong(expiry) < now) {
            return RELAY_PARAMETER + " expired";
        }
        // Every node issues tokens for RELAY_LIFETIME; a later expiry is a node's clock far off, or a leaked secret.
        if (Long.parseLong(expiry) > now + RELAY_LIFETIME.toSeconds() + MAX_CLOCK_SKEW_SECONDS) {
            return RELAY_PARAMETER + " expires at " + expiry + ", further ahead than any node issues, now " + now;
        }
        return null;
    }

    private byte[] sessionMac(StreamKey addressed, String registration, String expiry) {
        // The identity, not the spelling: a playlist asked for as live/Cam lists segments a player may ask as live/cam.
        String signed = registration == null ? addressed.identity() + "|" + expiry
                : addressed.identity() + "|" + registration + "|" + expiry;
        byte[] truncated = new byte[SESSION_MAC_BYTES];
        System.arraycopy(mac(signed), 0, truncated, 0, SESSION_MAC_BYTES);
        return truncated;
    }

    private String relayMac(StreamKey pushStream, String expiry) {
        return HexFormat.of().formatHex(mac("relay\n" + pushStream.identity() + "\n" + expiry));
    }

    private byte[] mac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** Constant-time comparison of two ASCII texts. */
    private static boolean sameText(String presented, String expected) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    private static String base64(byte[] mac) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }
}
