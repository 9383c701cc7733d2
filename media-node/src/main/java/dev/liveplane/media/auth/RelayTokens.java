package dev.liveplane.media.auth;

import dev.liveplane.media.server.stream.StreamKey;
import dev.liveplane.media.server.stream.StreamRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks the token one node of the fleet presents to pull a stream from the node it is published on:
 * {@code {expiry epoch seconds}.{hex HMAC-SHA256(secret, "relay\n" + pushDomain/app/stream + "\n" + expiry)}}, under
 * the secret every node of the fleet holds (the snapshot's {@code hlsSessionSecret}). Short-lived, bound to one
 * stream, nothing stored.
 */
public final class RelayTokens {

    /** The query parameter a relay pull carries its token in. */
    public static final String PARAMETER = StreamRequest.RELAY_PARAMETER;
    /** Names the id of the push domain the pulling edge authorized its players under. */
    public static final String DOMAIN_ID_PARAMETER = StreamRequest.RELAY_DOMAIN_ID_PARAMETER;
    /** Long enough for one connection attempt; a reconnect issues a fresh token. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    /** How far apart two nodes' clocks may be for one's tokens to pass at the other. */
    private static final long MAX_CLOCK_SKEW_SECONDS = 60;

    private static final Pattern TOKEN = Pattern.compile("[0-9]{1,12}\\.[0-9a-f]{64}");

    private final SecretKeySpec secret;
    private final Clock clock;

    public RelayTokens(byte[] secret, Clock clock) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the relay secret needs at least 16 bytes");
        }
        this.secret = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.clock = clock;
    }

    /** A token admitting a pull of {@code pushStream} (push domain, app, stream) until {@link #LIFETIME} from now. */
    public String issue(StreamKey pushStream) {
        String expiry = Long.toString(clock.instant().plus(LIFETIME).getEpochSecond());
        return expiry + "." + mac(pushStream, expiry);
    }

    /** Why {@code token} does not admit a pull of {@code pushStream}, or null when it does. */
    public String refusal(String token, StreamKey pushStream) {
        if (token == null) {
            return "relay pull without " + PARAMETER;
        }
        if (!TOKEN.matcher(token).matches()) {
            return "malformed " + PARAMETER;
        }
        String expiry = token.substring(0, token.indexOf('.'));
        byte[] presented = token.substring(expiry.length() + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = mac(pushStream, expiry).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, presented)) {
            return PARAMETER + " was not issued for " + pushStream;
        }
        long now = clock.instant().getEpochSecond();
        if (Long.parseLong(expiry) < now) {
            return PARAMETER + " expired";
        }
        // Every node issues tokens for LIFETIME; a later expiry is a node's clock far off, or a leaked secret.
        if (Long.parseLong(expiry) > now + LIFETIME.toSeconds() + MAX_CLOCK_SKEW_SECONDS) {
            return PARAMETER + " expires at " + expiry + ", further ahead than any node issues, now " + now;
        }
        return null;
    }

    private String mac(StreamKey pushStream, String expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return HexFormat.of().formatHex(mac.doFinal(("relay\n" + pushStream + "\n" + expiry)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
