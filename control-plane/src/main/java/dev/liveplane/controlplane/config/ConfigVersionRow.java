package dev.liveplane.controlplane.config;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** The single row of {@code config_version}. */
@MappedEntity("config_version")
public record ConfigVersionRow(@Id Integer id, long version) {
}
