package dev.liveplane.controlplane.domain;

import dev.liveplane.controlplane.secret.PlatformSecrets;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a tenant and a domain name into the value its ownership TXT record must hold: an HMAC under the platform's
 * master key, so the same tenant always gets the same value for a name (it can publish it before the name is free)
 * and no one else can compute it.
 */
@Singleton
final class ChallengeTokens {

    private static final String PURPOSE = "liveplane domain ownership challenge\n";

    private final SecretKeySpec key;

    ChallengeTokens(PlatformSecrets secrets) {
        this.key = new SecretKeySpec(secrets.masterKey(), "HmacSHA256");
    }

    String of(String tenantId, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((PURPOSE + tenantId + "\n" + name).getBytes(StandardCharsets.UTF_8));
            return "lp-" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 24));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
