package dev.liveplane.controlplane.callback;

import dev.liveplane.controlplane.secret.SecretBox;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes webhook signing secrets, and seals and opens them and the webhook URLs (which may carry credentials) with
 * the master key, bound to their domain so a sealed value copied to another domain's row does not open.
 */
@Singleton
final class CallbackSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_BYTES = 24;

    private final SecretBox box;

    CallbackSecrets(SecretBox box) {
        this.box = box;
    }

    /** {@code lpw_} and 32 base64url characters: the prefix tells a leaked value's kind at a glance. */
    static String newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return "lpw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    String seal(String domainId, String secret) {
        return box.seal(secret, associatedData(domainId));
    }

    String open(String domainId, String sealed) {
        return box.open(sealed, associatedData(domainId));
    }

    String sealUrl(String domainId, String url) {
        return box.seal(url, urlAssociatedData(domainId));
    }

    String openUrl(String domainId, String sealed) {
        return box.open(sealed, urlAssociatedData(domainId));
    }

    private static String urlAssociatedData(String domainId) {
        return "domain-callback-url:" + domainId;
    }

    private static String associatedData(String domainId) {
        return "domain-callback-secret:" + domainId;
    }
}
