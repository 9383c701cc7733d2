package dev.liveplane.controlplane.web.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.TestDatabase;
import dev.liveplane.controlplane.secret.SecretBox;
import dev.liveplane.controlplane.web.input.RequestSpec.BodyOperation;
import dev.liveplane.controlplane.web.input.RequestSpec.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The database, as Flyway left it, holds every request string the spec allows: each stored string's column is at
 * least its {@code maxLength} (the sealed length for encrypted ones, every item for joined lists), read from the
 * live schema's metadata. Every bounded request string is either mapped to its column here or said not to be stored,
 * so a new property of the spec fails this test until someone decides where it goes.
 */
@MicronautTest
class SchemaFitsSpecTest extends ApiTestBase {

    private static final Map<String, Stored> STORED = new LinkedHashMap<>();

    static {
        plain("SignUpRequest.email", "users", "email");
        notStored("SignUpRequest.password", "only its Argon2id hash is stored");
        plain("SignUpRequest.tenantName", "tenants", "name");
        notStored("LoginRequest.email", "looked up, never written");
        notStored("LoginRequest.password", "checked against the hash, never written");
        // The console's log-in stores the user's email as it is in users (normalized, at most that column's length).
        notStored("ConsoleLogin.email", "looked up; the session row copies the stored user's email");
        notStored("ConsoleLogin.password", "checked against the hash, never written");
        notStored("ConsoleLogin.operatorToken", "compared with the operator credential, never written");
        plain("ApiKeyRequest.name", "api_keys", "name");
        plain("DomainRequest.name", "domains", "name");
        plain("DomainRequest.pushDomain", "domains", "push_domain");
        joined("DomainUpdate.refererAllow[0]", "domains", "referer_allow");
        joined("DomainUpdate.refererDeny[0]", "domains", "referer_deny");
        joined("DomainUpdate.ipAllow[0]", "domains", "ip_allow");
        joined("DomainUpdate.ipDeny[0]", "domains", "ip_deny");
        sealed("DomainAuthUpdate.primaryKey", "domain_signing", "primary_key_sealed");
        sealed("DomainAuthUpdate.secondaryKey", "domain_signing", "secondary_key_sealed");
        plain("JwtKeyRequest.jwk", "domain_jwt_keys", "jwk");
        notStored("SignedUrlRequest.app", "signed into the URL");
        notStored("SignedUrlRequest.stream", "signed into the URL");
        plain("ForbidRequest.reason", "forbidden_streams", "reason");
        plain("StreamKeyRequest.app", "stream_keys", "app");
        plain("StreamKeyRequest.stream", "stream_keys", "stream");
        plain("StreamKeyRequest.description", "stream_keys", "description");
        // Sealed, since it may carry credentials; its masked display form (url) is cut to the column.
        sealed("CallbacksUpdate.url", "domain_callbacks", "url_sealed");
        sealed("CallbacksUpdate.secret", "domain_callbacks", "secret_sealed");
        plain("BalanceAdjustmentRequest.reason", "ledger_entries", "reason");
        plain("SkuRequest.name", "skus", "name");
        plain("SkuUpdate.name", "skus", "name");
        notStored("PackagePurchase.skuId", "looked up among the SKUs; only a found SKU's id is written");
        plain("NodeTokenRequest.description", "node_tokens", "description");
        plain("NodeRegistration.address", "nodes", "address");
        plain("NodeRegistration.region", "nodes", "region");
        plain("NodeRegistration.version", "nodes", "version");
        notStored("NodeRegistration.nodeId", "looked up among the nodes, never written: ids are the control plane's");
        plain("NodeHeartbeat.published[0].domain", "online_streams", "domain");
        plain("NodeHeartbeat.published[0].app", "online_streams", "app");
        plain("NodeHeartbeat.published[0].stream", "online_streams", "stream");
        plain("NodeHeartbeat.streams[0].domain", "stream_viewers", "domain");
        plain("NodeHeartbeat.streams[0].app", "stream_viewers", "app");
        plain("NodeHeartbeat.streams[0].stream", "stream_viewers", "stream");
        plain("StreamEventBatch.events[0].id", "stream_event_ids", "event_id");
        plain("StreamEventBatch.events[0].domain", "online_streams", "domain");
        plain("StreamEventBatch.events[0].app", "online_streams", "app");
        plain("StreamEventBatch.events[0].stream", "online_streams", "stream");
        notStored("StreamEventBatch.events[0].domainId", "compared with the name's current domain id, never written");
        plain("StreamEventBatch.events[0].clientAddress", "online_streams", "client_address");
        notStored("StreamEventBatch.events[0].reason", "goes into the webhook body (a TEXT column)");
        // usage_records.record_id holds the id's UTF-8 bytes: 64 characters need up to 256.
        plain("UsageRecordBatch.records[0].id", "usage_records", "record_id");
        plain("UsageRecordBatch.records[0].tenantId", "usage_records", "tenant_id");
        notStored("UsageRecordBatch.records[0].domainId", "the snapshot's id of the domain, for the node's own logs");
        plain("UsageRecordBatch.records[0].domain", "usage_records", "domain");
        plain("UsageRecordBatch.records[0].app", "usage_records", "app");
        plain("UsageRecordBatch.records[0].stream", "usage_records", "stream");
        plain("RecordingRuleUpdate.keyTemplate", "recording_rules", "key_template");
        plain("RecordingReportBatch.reports[0].id", "recording_reports", "report_id");
        plain("RecordingReportBatch.reports[0].tenantId", "recordings", "tenant_id");
        plain("RecordingReportBatch.reports[0].domainId", "recordings", "domain_id");
        plain("RecordingReportBatch.reports[0].domain", "recordings", "domain");
        plain("RecordingReportBatch.reports[0].app", "recordings", "app");
        plain("RecordingReportBatch.reports[0].stream", "recordings", "stream");
        plain("RecordingReportBatch.reports[0].sessionId", "recording_sessions", "id");
        plain("RecordingReportBatch.reports[0].key", "recordings", "object_key");
        notStored("RecordingReportBatch.reports[0].reason", "goes into the record_failed webhook body (a TEXT column)");
    }

    private final RequestSpec spec = RequestSpec.load();

    @Inject
    SecretBox box;

    @Test
    void everyStoredRequestStringFitsItsColumn() throws SQLException {
        List<String> unmapped = new ArrayList<>();
        List<String> tooShort = new ArrayList<>();
        try (Connection connection = connect()) {
            for (BodyOperation operation : spec.operations()) {
                for (Property property : operation.properties()) {
                    if (!"string".equals(property.type()) || property.isEnum() || property.maxLength() == null) {
                        continue;
                    }
                    String key = operation.schema() + "." + property.path();
                    Stored stored = STORED.get(key);
                    if (stored == null) {
                        unmapped.add(key);
                    } else if (stored.table() != null) {
                        int needed = needed(stored, property, operation);
                        int size = columnSize(connection, stored.table(), stored.column());
                        if (size < needed) {
                            tooShort.add(key + " needs " + needed + ", " + stored.table() + "." + stored.column()
                                    + " holds " + size);
                        }
                    }
                }
            }
        }
        assertThat(unmapped).as("bounded request strings with no column decided here").isEmpty();
        assertThat(tooShort).as("columns shorter than the spec's limits").isEmpty();
        assertThat(new TreeSet<>(STORED.keySet())).as("mapped properties the spec no longer has")
                .isSubsetOf(specKeys());
    }

    private int needed(Stored stored, Property property, BodyOperation operation) {
        int length = property.maxLength();
        return switch (stored.kind()) {
            case PLAIN -> length;
            case SEALED -> box.seal("x".repeat(length), "associated data").length();
            case JOINED -> maxItems(operation, property) * (length + 1);
        };
    }

    /** A joined list's maxItems, from the array property that holds the item. */
    private int maxItems(BodyOperation operation, Property item) {
        String list = item.path().substring(0, item.path().length() - "[0]".length());
        return operation.properties().stream().filter(p -> p.path().equals(list)).findFirst()
                .map(p -> (Integer) p.schema().get("maxItems")).orElseThrow();
    }

    private TreeSet<String> specKeys() {
        TreeSet<String> keys = new TreeSet<>();
        spec.operations().forEach(o -> o.properties().forEach(p -> keys.add(o.schema() + "." + p.path())));
        return keys;
    }

    private static int columnSize(Connection connection, String table, String column) throws SQLException {
        try (ResultSet columns = connection.getMetaData().getColumns(connection.getCatalog(), null, table, column)) {
            assertThat(columns.next()).as(table + "." + column + " exists").isTrue();
            return columns.getInt("COLUMN_SIZE");
        }
    }

    private static Connection connect() throws SQLException {
        return TestDatabase.connect();
    }

    private static void plain(String property, String table, String column) {
        STORED.put(property, new Stored(Kind.PLAIN, table, column));
    }

    private static void sealed(String property, String table, String column) {
        STORED.put(property, new Stored(Kind.SEALED, table, column));
    }

    private static void joined(String property, String table, String column) {
        STORED.put(property, new Stored(Kind.JOINED, table, column));
    }

    private static void notStored(String property, String why) {
        STORED.put(property, new Stored(Kind.PLAIN, null, why));
    }

    /** How a request string is kept: as is, sealed with the master key, or joined with its list's other items. */
    private enum Kind { PLAIN, SEALED, JOINED }

    /** Where a request string is kept; a null table means it is not stored, and {@code column} says why. */
    private record Stored(Kind kind, String table, String column) {
    }
}
