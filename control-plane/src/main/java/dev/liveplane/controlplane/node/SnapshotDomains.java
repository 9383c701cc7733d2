package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.DomainType;
import dev.liveplane.api.node.model.SigningScheme;
import dev.liveplane.api.node.model.SnapshotDomain;
import dev.liveplane.controlplane.domain.ServedDomain;
import dev.liveplane.controlplane.signing.SigningKeys;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns served domains with their signing rows and JWT keys into the snapshot's domains, opening each domain's sealed
 * keys: for every domain of a snapshot, and for only the changed ones of a delta.
 */
@Singleton
final class SnapshotDomains {

    private final SigningKeys keys;

    SnapshotDomains(SigningKeys keys) {
        this.keys = keys;
    }

    List<SnapshotDomain> of(List<ServedDomain> served, List<SnapshotRows.Signing> signingRows,
            List<SnapshotRows.JwtKey> jwtKeyRows) {
        Map<String, SnapshotRows.Signing> signing = signingRows.stream()
                .collect(Collectors.toMap(SnapshotRows.Signing::domainId, Function.identity()));
        Map<String, List<String>> jwtKeys = new HashMap<>();
        for (SnapshotRows.JwtKey key : jwtKeyRows) {
            jwtKeys.computeIfAbsent(key.domainId(), id -> new ArrayList<>()).add(key.jwk());
        }
        List<SnapshotDomain> domains = new ArrayList<>(served.size());
        for (ServedDomain domain : served) {
            SnapshotRows.Signing settings = signing.get(domain.id());
            if (settings == null) {
                // Created with its settings in one transaction, so only a row deleted under this read lacks them.
                continue;
            }
            domains.add(new SnapshotDomain().id(domain.id()).name(domain.name()).tenantId(domain.tenantId())
                    .type(DomainType.fromValue(domain.type())).enabled(domain.enabled())
                    .scheme(SigningScheme.fromValue(settings.scheme())).validitySeconds(settings.validitySeconds())
                    .jwtKeys(jwtKeys.getOrDefault(domain.id(), List.of())).refererAllow(domain.refererAllow())
                    .refererDeny(domain.refererDeny()).ipAllow(domain.ipAllow()).ipDeny(domain.ipDeny())
                    .pushDomain(domain.pushDomain())
                    .primaryKey(keys.open(domain.id(), settings.primaryKeySealed()))
                    .secondaryKey(keys.open(domain.id(), settings.secondaryKeySealed())));
        }
        return domains;
    }
}
