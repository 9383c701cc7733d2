package dev.liveplane.api.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Checks requests against one domain's {@link SigningPolicy}. A request carrying a {@code token} is checked as an
 * ES256 playback token when the domain has JWT keys; otherwise it must carry the domain's scheme's signature.
 * Thread-safe; build one per policy and keep it, since it remembers tokens it has verified.
 */
public final class UrlVerifier {

    /** The clock skew allowed when none is configured. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    private final SigningPolicy policy;
    private final long skewSeconds;
    private final PlaybackTokenVerifier tokens;

    public UrlVerifier(SigningPolicy policy, Duration clockSkew) {
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clock skew must not be negative");
        }
        this.policy = policy;
        this.skewSeconds = clockSkew.toSeconds();
        this.tokens = new PlaybackTokenVerifier(policy.jwtKeys());
    }

    public UrlVerifier(SigningPolicy policy) {
        this(policy, DEFAULT_CLOCK_SKEW);
    }

    public SigningPolicy policy() {
        return policy;
    }

    public Verdict verify(StreamAccess access, Instant now) {
        return verify(access, now.getEpochSecond());
    }

    public Verdict verify(StreamAccess access, long nowEpochSeconds) {
        String token = access.query().get(PlaybackTokenVerifier.PARAMETER);
        if (policy.scheme() == SigningScheme.JWT || (token != null && !policy.jwtKeys().isEmpty())) {
            return tokens.verify(access, token, nowEpochSeconds, skewSeconds, policy.validity().toSeconds());
        }
        Map<String, String> query = access.query();
        return switch (policy.scheme()) {
            case A -> AuthKeySignature.TYPE_A.verify(policy, access.uri(), query.get(AuthKeySignature.PARAMETER),
                    nowEpochSeconds, skewSeconds);
            case HMAC -> AuthKeySignature.TYPE_HMAC.verify(policy, access.uri(), query.get(AuthKeySignature.PARAMETER),
                    nowEpochSeconds, skewSeconds);
            case TX -> TxSecretSignature.INSTANCE.verify(policy, access.stream(), query.get(TxSecretSignature.SECRET),
                    query.get(TxSecretSignature.TIME), nowEpochSeconds, skewSeconds);
            case JWT -> throw new AssertionError("handled above");
        };
    }
}
