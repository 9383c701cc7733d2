package dev.liveplane.controlplane.callback;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Hands Flyway the migrations that need the application's beans (the master key), as Micronaut Flyway looks them
 * up: a {@code JavaMigration[]} named after the datasource. They run in version order with the SQL ones.
 */
@Factory
final class CallbackMigrations {

    @Singleton
    @Named("default")
    JavaMigration[] javaMigrations(CallbackSecrets secrets) {
        return new JavaMigration[] {new V4__Seal_callback_url_credentials(secrets)};
    }
}
