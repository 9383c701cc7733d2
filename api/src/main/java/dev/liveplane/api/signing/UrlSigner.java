package dev.liveplane.api.signing;

import java.time.Instant;
import java.util.UUID;

/**
 * Signs push and play URLs with a shared key ({@code A}, {@code TX}, {@code HMAC}). The signature is appended after
 * any parameters the URL already has. {@code JWT} domains are signed by the tenant with
 * {@link PlaybackTokenSigner}.
 */
public final class UrlSigner {

    private final SigningScheme scheme;
    private final String key;
    private final long validitySeconds;

    /** Signs with the policy's primary key. */
    public static UrlSigner primary(SigningPolicy policy) {
        return new UrlSigner(policy, policy.primaryKey());
    }

    /** Signs with the policy's secondary key, the one to hand out while the primary is being replaced. */
    public static UrlSigner secondary(SigningPolicy policy) {
        if (policy.secondaryKey() == null) {
            throw new IllegalStateException("the domain has no secondary key");
        }
        return new UrlSigner(policy, policy.secondaryKey());
    }

    private UrlSigner(SigningPolicy policy, String key) {
        if (policy.scheme() == SigningScheme.JWT) {
            throw new IllegalArgumentException("JWT domains have no shared key: tokens are signed offline by the "
                    + "tenant (PlaybackTokenSigner)");
        }
        this.scheme = policy.scheme();
        this.key = key;
        this.validitySeconds = policy.validity().toSeconds();
    }

    /**
     * Signs a URL so that it stops working at {@code expiresAt}, with a random {@code rand}. For {@code A} and
     * {@code HMAC} the timestamp is {@code expiresAt} minus the validity period, because verifiers accept a URL
     * until timestamp + validity.
     */
    public String signUntil(String url, Instant expiresAt) {
        long expiry = expiresAt.getEpochSecond();
        return switch (scheme) {
            case A, HMAC -> sign(url, expiry - validitySeconds, UUID.randomUUID().toString().replace("-", ""), "0");
            default -> sign(url, expiry, "0", "0");
        };
    }

    /**
     * Signs a URL with explicit fields: for {@code A} and {@code HMAC} {@code timestamp} is the {@code ts} field,
     * for {@code TX} it is the expiry ({@code txTime}) and {@code rand} and {@code uid} are unused.
     */
    public String sign(String url, long timestamp, String rand, String uid) {
        StreamUrl parsed = StreamUrl.parse(url);
        String parameters = switch (scheme) {
            case A, HMAC -> {
                AuthKeySignature shape = scheme == SigningScheme.A ? AuthKeySignature.TYPE_A
                        : AuthKeySignature.TYPE_HMAC;
                yield AuthKeySignature.PARAMETER + "=" + shape.sign(key, parsed.path(), timestamp, rand, uid);
            }
            case TX -> TxSecretSignature.INSTANCE.sign(key, parsed.stream(), timestamp);
            case JWT -> throw new AssertionError("refused in the constructor");
        };
        return parsed.withParameters(parameters).toString();
    }
}
