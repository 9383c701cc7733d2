package dev.liveplane.controlplane.billing;

import io.micronaut.core.annotation.Nullable;

/** What a SKU update changes: each field left null stays as it is. */
public record SkuChange(@Nullable String name, @Nullable Long sizeBytes, @Nullable Integer validityDays,
        @Nullable Long price, @Nullable Boolean active) {
}
