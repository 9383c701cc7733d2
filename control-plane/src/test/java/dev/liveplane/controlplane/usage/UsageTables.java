package dev.liveplane.controlplane.usage;

import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a tenant's rows of the usage tables, as text in key order, for tests to compare. */
final class UsageTables {

    static final List<String> ROLLUPS = List.of("usage_stream_5m", "usage_stream_1h", "usage_stream_1d",
            "usage_domain_5m", "usage_domain_1h", "usage_domain_1d");

    private final TransactionOperations<Connection> transactions;

    UsageTables(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** Every rollup table's rows of the tenant, each row as "col=value ..." in key order. */
    Map<String, List<String>> rollups(String tenantId) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String table : ROLLUPS) {
            all.put(table, rows("SELECT * FROM " + table + " WHERE tenant_id = ? ORDER BY "
                    + (table.startsWith("usage_stream") ? "domain, bucket_start, app, stream, protocol"
                    : "domain, bucket_start"), tenantId));
        }
        return all;
    }

    List<String> rows(String sql, Object... parameters) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setObject(i + 1, parameters[i]);
                }
                List<String> rows = new ArrayList<>();
                try (ResultSet result = select.executeQuery()) {
                    ResultSetMetaData meta = result.getMetaData();
                    while (result.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int c = 1; c <= meta.getColumnCount(); c++) {
                            Object value = result.getObject(c);
                            // DATETIME columns hold UTC wall-clock times: shown as they are stored.
                            value = value instanceof Timestamp at ? at.toLocalDateTime() : value;
                            row.append(c > 1 ? " " : "").append(meta.getColumnLabel(c).toLowerCase()).append('=')
                                    .append(value);
                        }
                        rows.add(row.toString());
                    }
                }
                return rows;
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        });
    }

    long number(String sql, Object... parameters) {
        List<String> rows = rows(sql, parameters);
        String value = rows.get(0).substring(rows.get(0).indexOf('=') + 1);
        return value.equals("null") ? 0 : Long.parseLong(value);
    }
}
