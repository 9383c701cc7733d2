package dev.liveplane.controlplane.domain;

import dev.liveplane.controlplane.dns.DnsProvider;
import dev.liveplane.controlplane.config.ConfigChange;
import dev.liveplane.controlplane.config.ConfigVersion;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns a domain into nothing, in the caller's transaction: first the pull domains bound to it, then the domain,
 * each ending its streams (listeners of {@link DomainRemoved}) before its row and platform CNAME record go, and the
 * config version bumped once so the nodes cut what ran under it.
 */
@Singleton
final class DomainRemoval {

    private final DomainRepository domains;
    private final DnsProvider dns;
    private final ConfigVersion configVersion;
    private final ApplicationEventPublisher<DomainRemoved> removed;
    private final TransactionOperations<Connection> transactions;

    DomainRemoval(DomainRepository domains, DnsProvider dns, ConfigVersion configVersion,
            ApplicationEventPublisher<DomainRemoved> removed, TransactionOperations<Connection> transactions) {
        this.domains = domains;
        this.dns = dns;
        this.configVersion = configVersion;
        this.removed = removed;
        this.transactions = transactions;
    }

    /**
     * Removes the domain {@code id} as {@link #remove} does if, locked, it still passes {@code still}; answers what
     * was removed, nothing when it is gone or no longer passes (verified meanwhile, say).
     */
    List<DomainRow> removeIf(String id, Predicate<DomainRow> still) {
        return transactions.executeWrite(status -> domains.findByIdForUpdate(id).filter(still)
                .map(this::remove).orElse(List.of()));
    }

    /**
     * Removes {@code row} and the pull domains bound to it; answers every removed row. The DNS calls come last, so a
     * provider failure rolls the rows back.
     */
    List<DomainRow> remove(DomainRow row) {
        return transactions.executeWrite(status -> {
            List<DomainRow> gone = new ArrayList<>();
            if (row.isPush()) {
                gone.addAll(domains.findByPushDomain(row.name()));
            }
            gone.add(row);
            for (DomainRow each : gone) {
                removed.publishEvent(new DomainRemoved(each.tenantId(), each.id(), each.name(), each.isPush(),
                        DomainRemoved.DELETED));
                domains.delete(each);
            }
            // The domains' forbids and stream keys, deleted with them, are logged by the listeners that delete them.
            configVersion.bump(gone.stream().map(each -> ConfigChange.domain(each.id(), each.name())).toList());
            for (DomainRow each : gone) {
                dns.deleteRecords(each.cname());
            }
            return gone;
        });
    }
}
