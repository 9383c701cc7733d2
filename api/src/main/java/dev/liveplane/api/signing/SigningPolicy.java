package dev.liveplane.api.signing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one domain's URLs are signed and checked: the scheme, a primary and an optional secondary key (both verify,
 * so keys rotate without cutting anyone off), the validity period, and the ES256 public keys that playback tokens
 * may be signed with.
 */
public record SigningPolicy(SigningScheme scheme, String primaryKey, String secondaryKey, Duration validity,
        List<JwtPublicKey> jwtKeys) {

    /** At most this many JWT keys per domain: enough to rotate, few enough to try quickly. */
    public static final int MAX_JWT_KEYS = 5;

    public SigningPolicy {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("the validity period must be positive");
        }
        jwtKeys = jwtKeys == null ? List.of() : List.copyOf(jwtKeys);
        if (jwtKeys.size() > MAX_JWT_KEYS) {
            throw new IllegalArgumentException("at most " + MAX_JWT_KEYS + " JWT keys per domain");
        }
        if (scheme == SigningScheme.JWT) {
            if (jwtKeys.isEmpty()) {
                throw new IllegalArgumentException("the JWT scheme needs at least one public key");
            }
        } else if (primaryKey == null || primaryKey.isEmpty()) {
            throw new IllegalArgumentException("the " + scheme + " scheme needs a primary key");
        }
        if (secondaryKey != null && secondaryKey.isEmpty()) {
            secondaryKey = null;
        }
    }

    /** The keys a signature may have been made with: primary first. */
    List<String> sharedKeys() {
        if (primaryKey == null) {
            return List.of();
        }
        return secondaryKey == null ? List.of(primaryKey) : List.of(primaryKey, secondaryKey);
    }

    @Override
    public String toString() {
        // Keys never reach a log through this record.
        return "SigningPolicy[scheme=" + scheme + ", validity=" + validity + ", secondaryKey="
                + (secondaryKey != null) + ", jwtKeys=" + jwtKeys.stream().map(JwtPublicKey::keyId).toList() + "]";
    }
}
