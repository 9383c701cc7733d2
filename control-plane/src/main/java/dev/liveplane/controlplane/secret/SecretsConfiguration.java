package dev.liveplane.controlplane.secret;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The platform's own secrets as configured ({@code LIVEPLANE_OPERATOR_TOKEN}, {@code LIVEPLANE_MASTER_KEY},
 * {@code LIVEPLANE_JWT_SECRET}, {@code LIVEPLANE_NODE_CREDENTIAL_SECRET}, {@code LIVEPLANE_HLS_SESSION_SECRET}), and
 * whether missing ones may be generated into {@code directory} (the local stack) or must stop the service
 * (production).
 */
@ConfigurationProperties("liveplane.secrets")
public record SecretsConfiguration(
        @Nullable String operatorToken,
        @Nullable String masterKey,
        @Nullable String jwtSecret,
        @Nullable String nodeCredentialSecret,
        @Nullable String hlsSessionSecret,
        @Bindable(defaultValue = "true") boolean generateMissing,
        @Bindable(defaultValue = ".liveplane/secrets") String directory) {
}
