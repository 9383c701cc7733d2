package dev.liveplane.controlplane.recording;

import dev.liveplane.controlplane.domain.DomainService;
import dev.liveplane.controlplane.domain.TenantDomain;
import dev.liveplane.controlplane.web.ProblemException;
import jakarta.inject.Singleton;

/**
 * Reads a live stream's latest thumbnail, which nodes keep at {@code {domain}/{app}/{stream}/thumbnails/latest.jpg}
 * beside the timed ones. Another tenant's domain, a pull domain and a stream with no thumbnail are all 404.
 */
@Singleton
final class Thumbnails {

    private final DomainService domains;
    private final ObjectStore store;

    Thumbnails(DomainService domains, ObjectStore store) {
        this.domains = domains;
        this.store = store;
    }

    ObjectStore.StoredObject latest(String tenantId, String domainName, String app, String stream) {
        TenantDomain domain = domains.domain(tenantId, domainName);
        if (!domain.push() || !store.configured() || app.contains("/") || stream.contains("/")) {
            throw noThumbnail(domainName, app, stream);
        }
        return store.get(domain.name() + "/" + app + "/" + stream + "/thumbnails/latest.jpg")
                .orElseThrow(() -> noThumbnail(domain.name(), app, stream));
    }

    private static ProblemException noThumbnail(String domain, String app, String stream) {
        return ProblemException.notFound("A thumbnail of " + domain + "/" + app + "/" + stream);
    }
}
