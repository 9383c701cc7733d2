package dev.liveplane.controlplane.console;

import dev.liveplane.controlplane.secret.PlatformSecrets;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a console session's id into the CSRF token bound to it: HMAC-SHA256 under the platform's session key, so it
 * needs no storage, differs per session, and nobody without the key can make one for a session they only know the id
 * of. It is as secret as the page that holds it in memory; the cookie itself never reaches a script.
 */
@Singleton
final class CsrfTokens {

    private static final String ALGORITHM = "HmacSHA256";
    // Domain separation: the same key signs session tokens, which must never double as CSRF tokens or back.
    private static final String PURPOSE = "liveplane console csrf v1\n";

    private final SecretKeySpec key;

    CsrfTokens(PlatformSecrets secrets) {
        this.key = new SecretKeySpec(secrets.jwtSecret(), ALGORITHM);
    }

    String forSession(String sessionId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] tag = mac.doFinal((PURPOSE + sessionId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
