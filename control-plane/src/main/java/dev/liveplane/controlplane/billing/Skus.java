package dev.liveplane.controlplane.billing;

import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import dev.liveplane.controlplane.web.Slice;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

/** The SKU catalog: the operator adds and changes SKUs; tenants see the active ones. */
@Singleton
public class Skus {

    private final SkuRepository skus;

    Skus(SkuRepository skus) {
        this.skus = skus;
    }

    public Sku create(String name, long sizeBytes, int validityDays, long price, boolean active) {
        return Sku.of(skus.save(new SkuRow(Ids.next(), name, sizeBytes, validityDays, price, active, Times.now())));
    }

    /** Changes the fields given; 404 for an unknown SKU. Packages already bought keep what they were bought with. */
    @Transactional
    public Sku update(String id, SkuChange change) {
        SkuRow row = skus.findById(id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "No SKU " + id));
        SkuRow updated = new SkuRow(row.id(), or(change.name(), row.name()), or(change.sizeBytes(), row.sizeBytes()),
                or(change.validityDays(), row.validityDays()), or(change.price(), row.price()),
                or(change.active(), row.active()), row.createdAt());
        return Sku.of(skus.update(updated));
    }

    public Slice<Sku> list(int size, String afterId) {
        return Slice.of(skus.findPage(afterId, size + 1), size, SkuRow::id).map(Sku::of);
    }

    public Slice<Sku> listActive(int size, String afterId) {
        return Slice.of(skus.findActivePage(afterId, size + 1), size, SkuRow::id).map(Sku::of);
    }

    private static <T> T or(T given, T current) {
        return given == null ? current : given;
    }
}
