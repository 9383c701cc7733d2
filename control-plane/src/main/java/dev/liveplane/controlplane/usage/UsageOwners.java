package dev.liveplane.controlplane.usage;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tenant owns each domain registration a usage record names, so a record billed to another tenant than the
 * registration's is set aside: a node bills the tenant its snapshot names, and this keeps a node that got it wrong
 * (or lies) from charging someone else. A registration id belongs to one tenant for good, so answers are cached; an id
 * the database does not know (a domain deleted since the node metered it, or a node older than domain ids) is not
 * checked, and the record is billed as the node saw it.
 */
@Singleton
final class UsageOwners {

    private static final int CHUNK = 500;
    /** Cached for an id no domain has: ids are never reused, and a node learns an id only after its row commits. */
    private static final String UNKNOWN = "";
    /** Registrations remembered; past this the cache starts over (each miss costs one query per group). */
    private static final int CACHED = 100_000;

    private final TransactionOperations<Connection> transactions;
    private final Map<String, String> tenantOf = new ConcurrentHashMap<>();

    UsageOwners(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** Why {@code record} may not be counted for its tenant, or null when it may. */
    String problem(MeteredUsage record, Map<String, String> owners) {
        String owner = owners.get(record.domainId());
        if (owner == null || owner.equals(record.tenantId())) {
            return null;
        }
        return "tenantId: domain " + record.domain() + " (" + record.domainId() + ") belongs to another tenant";
    }

    /** The owning tenant of each of {@code domainIds} that exists. */
    Map<String, String> owners(Collection<String> domainIds) {
        Map<String, String> owners = new HashMap<>();
        List<String> missing = domainIds.stream().filter(id -> !id.isEmpty()).distinct().filter(id -> {
            String tenant = tenantOf.get(id);
            if (tenant != null && !tenant.equals(UNKNOWN)) {
                owners.put(id, tenant);
            }
            return tenant == null;
        }).toList();
        if (missing.isEmpty()) {
            return owners;
        }
        if (tenantOf.size() > CACHED) {
            tenantOf.clear();
        }
        transactions.executeRead(status -> {
            for (int from = 0; from < missing.size(); from += CHUNK) {
                List<String> chunk = missing.subList(from, Math.min(missing.size(), from + CHUNK));
                read(status.getConnection(), chunk, owners);
            }
            return null;
        });
        missing.stream().filter(id -> !owners.containsKey(id)).forEach(id -> tenantOf.put(id, UNKNOWN));
        return owners;
    }

    private void read(Connection connection, List<String> ids, Map<String, String> owners) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, tenant_id FROM domains WHERE id IN ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                select.setString(i + 1, ids.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    owners.put(rows.getString(1), rows.getString(2));
                    tenantOf.put(rows.getString(1), rows.getString(2));
                }
            }
        }
    }
}
