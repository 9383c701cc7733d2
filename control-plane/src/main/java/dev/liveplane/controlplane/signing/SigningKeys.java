package dev.liveplane.controlplane.signing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
    // About 200 bytes an entry: 2 MB at most, enough for every key of 5,000 busy domains.
    private static final int MAX_OPENED_KEYS = 10_000;

    private final SigningRepository settings;
    private final SecretBox box;
    /**
     * Opened keys by domain and sealed text. Minting needs both keys of a domain on every call, and opening them
     * (AES-GCM) was 14% of its sampled CPU. Never stale: each seal draws a fresh nonce, so a rotated or replaced
     * key is a new sealed text and a new entry, and callers still read the sealed text from the row each time.
     * Plain keys in memory add nothing an attacker could not get from the master key this process holds anyway.
     */
    private final Cache<Sealed, String> opened = Caffeine.newBuilder().maximumSize(MAX_OPENED_KEYS).build();

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

    /** Opens a key sealed for {@code domainId}; null stays null. */
    public String open(String domainId, String sealed) {
        return sealed == null ? null : opened.get(new Sealed(domainId, sealed),
                s -> box.open(s.text(), associatedData(s.domainId())));
    }

    private static String associatedData(String domainId) {
        return "domain-signing-key:" + domainId;
    }

    /** A sealed key and the domain it was sealed for: the same text under another domain must still fail to open. */
    private record Sealed(String domainId, String text) {
    }
}
