package dev.liveplane.controlplane.signing;

import dev.liveplane.controlplane.secret.SecretBox;
import dev.liveplane.api.signing.SigningScheme;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * Creates a new domain's signing settings (scheme {@code A}, 1800 s, fresh random keys) and seals and opens its
 * keys with the master key, bound to the domain so a key copied to another row does not open.
 */
@Singleton
public final class SigningKeys {

    static final Duration DEFAULT_VALIDITY = Duration.ofSeconds(1800);
    private static final int KEY_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SigningRepository settings;
    private final SecretBox box;

    SigningKeys(SigningRepository settings, SecretBox box) {
        this.settings = settings;
        this.box = box;
    }

    /** Stores the defaults for a domain being created, inside the caller's transaction. */
    public void initialize(String domainId) {
        settings.save(new SigningRow(domainId, SigningScheme.A.name(), DEFAULT_VALIDITY.toSeconds(),
                seal(domainId, newKey()), seal(domainId, newKey())));
    }

    /** A random key: 24 bytes as 32 base64url characters, which every scheme's key format accepts. */
    static String newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    String seal(String domainId, String key) {
        return key == null ? null : box.seal(key, associatedData(domainId));
    }

    String open(String domainId, String sealed) {
        return sealed == null ? null : box.open(sealed, associatedData(domainId));
    }

    private static String associatedData(String domainId) {
        return "domain-signing-key:" + domainId;
    }
}
