package dev.liveplane.controlplane.config;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/**
 * The single row of {@code config_version}: the version, and {@code changesFrom}, the oldest version from which
 * {@code config_changes} holds every change (a delta can start there or later).
 */
@MappedEntity("config_version")
public record ConfigVersionRow(@Id Integer id, long version, long changesFrom) {
}
