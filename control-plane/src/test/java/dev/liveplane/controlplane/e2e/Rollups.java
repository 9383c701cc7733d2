package dev.liveplane.controlplane.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The control plane's counted usage as stored, read over JDBC from its database: what ingestion made of the nodes'
 * records before any report or charge, per protocol (so a test can hold each protocol's players to it, and see relay
 * bytes counted apart). Only on MariaDB/MySQL: the embedded H2 file is the control plane's alone while it runs.
 */
final class Rollups {

    private final Map<String, String> database;

    Rollups(Map<String, String> database) {
        this.database = database;
    }

    /** Whether the database can be read beside the running control plane. */
    boolean readable() {
        return !database.get("datasources.default.url").startsWith("jdbc:h2:");
    }

    /**
     * Waits until the billed protocols' bytes of {@code domain} reach {@code expected} less {@code tolerance} and then
     * stay the same for {@code quiet}; those bytes per protocol.
     */
    Map<String, Long> settle(String tenantId, String domain, long expected, long tolerance, Duration within,
            Duration quiet) throws Exception {
        Probes.awaitTrue("ingestion counted the " + expected + " bytes the players received on " + domain, within,
                () -> billed(bytesByProtocol(tenantId, domain)) >= expected - tolerance);
        Map<String, Long> last = bytesByProtocol(tenantId, domain);
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(quiet.toMillis());
            Map<String, Long> again = bytesByProtocol(tenantId, domain);
            if (again.equals(last)) {
                return again;
            }
            last = again;
        }
        throw new AssertionError("the counted usage of " + domain + " kept changing: " + last);
    }

    /** The bytes of the billed protocols (viewer egress: RTMP, HTTP-FLV, HLS) among {@code byProtocol}. */
    static long billed(Map<String, Long> byProtocol) {
        return Stream.of(PlayProtocol.values()).mapToLong(p -> byProtocol.getOrDefault(p.usageName(), 0L)).sum();
    }

    /** Whether ingestion's per-node table is there (the usage ingestion piece is in this build). */
    boolean counting() {
        try (Connection connection = connect();
                ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), null, "usage_node_5m",
                        null)) {
            return tables.next();
        } catch (SQLException e) {
            throw new IllegalStateException("reading the tables", e);
        }
    }

    /** Bytes counted for {@code domain} of the tenant, per protocol, summed over nodes and 5-minute buckets. */
    Map<String, Long> bytesByProtocol(String tenantId, String domain) {
        Map<String, Long> bytes = new TreeMap<>();
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement("SELECT protocol, SUM(bytes) FROM usage_node_5m"
                        + " WHERE tenant_id = ? AND domain = ? GROUP BY protocol")) {
            query.setString(1, tenantId);
            query.setString(2, domain);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    bytes.put(rows.getString(1), rows.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading usage_node_5m", e);
        }
        return bytes;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.get("datasources.default.url"),
                database.get("datasources.default.username"), database.get("datasources.default.password"));
    }
}
