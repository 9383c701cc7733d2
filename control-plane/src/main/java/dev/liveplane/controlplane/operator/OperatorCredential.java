package dev.liveplane.controlplane.operator;

import dev.liveplane.controlplane.secret.PlatformSecrets;
import dev.liveplane.controlplane.web.BearerCredentials;
import dev.liveplane.controlplane.web.Caller;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** Recognises the platform operator's token, comparing digests in constant time. */
@Singleton
final class OperatorCredential implements BearerCredentials {

    private static final String NO_TENANT = "-";

    private final byte[] expectedDigest;

    OperatorCredential(PlatformSecrets secrets) {
        this.expectedDigest = sha256(secrets.operatorToken());
    }

    @Override
    public Optional<Caller> authenticate(String token) {
        // Digests first: equal lengths, so the comparison's time says nothing about the token's length either.
        return MessageDigest.isEqual(expectedDigest, sha256(token))
                ? Optional.of(new Caller(Caller.Kind.OPERATOR, NO_TENANT))
                : Optional.empty();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
