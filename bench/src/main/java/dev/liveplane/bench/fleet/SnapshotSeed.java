package dev.liveplane.bench.fleet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes many tenants, each with verified push and pull domains and their signing keys, straight into the control
 * plane's database: the rows the API would leave (keys sealed as the control plane's {@code SecretBox} seals them,
 * AES-256-GCM under the master key with the row's associated data), in multi-row inserts, so 100,000 domains take
 * seconds, not the hours of 100,000 API calls with DNS verification.
 */
@Command(name = "snapshot-seed", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Seeds tenants and verified domains for the config snapshot's size and propagation at scale.")
public final class SnapshotSeed implements Callable<Integer> {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ROWS_PER_INSERT = 1_000;

    @Option(names = "--jdbc-url", required = true, paramLabel = "<url>", description = "The control plane's database.")
    String jdbcUrl;

    @Option(names = "--master-key", defaultValue = "${env:LIVEPLANE_MASTER_KEY}", paramLabel = "<base64>",
            description = "The control plane's master key (default: $LIVEPLANE_MASTER_KEY).")
    String masterKey;

    @Option(names = "--tenants", defaultValue = "10000", paramLabel = "<n>",
            description = "(default: ${DEFAULT-VALUE})")
    int tenants;

    @Option(names = "--domains", defaultValue = "100000", paramLabel = "<n>",
            description = "Domains in all, spread evenly: each tenant's first half push, the rest pull domains of its "
                    + "first push domain (default: ${DEFAULT-VALUE}).")
    int domains;

    @Override
    public Integer call() throws Exception {
        SecretKeySpec key = new SecretKeySpec(Base64.getDecoder().decode(masterKey), "AES");
        int perTenant = Math.max(1, domains / tenants);
        long started = System.nanoTime();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "root", "")) {
            connection.setAutoCommit(false);
            Rows tenantRows = new Rows(connection, "INSERT INTO tenants (id, name, slug, created_at) VALUES ", 4);
            Rows domainRows = new Rows(connection, "INSERT INTO domains (id, tenant_id, name, type, push_domain,"
                    + " enabled, cname, cname_status, challenge_token, referer_allow, referer_deny, ip_allow, ip_deny,"
                    + " created_at, verified_at, last_checked_at) VALUES ", 16);
            Rows signingRows = new Rows(connection, "INSERT INTO domain_signing (domain_id, scheme, validity_seconds,"
                    + " primary_key_sealed, secondary_key_sealed) VALUES ", 5);
            for (int t = 0; t < tenants; t++) {
                String tenantId = String.format(Locale.ROOT, "seedt%08d", t);
                String slug = "seed" + t;
                tenantRows.add(tenantId, "Seed " + t, slug, now);
                String firstPush = null;
                for (int d = 0; d < perTenant; d++) {
                    boolean push = d < (perTenant + 1) / 2;
                    String domainId = String.format(Locale.ROOT, "seedd%08d%04d", t, d);
                    String name = (push ? "push" : "play") + d + ".t" + t + ".seed.example.com";
                    firstPush = firstPush == null ? name : firstPush;
                    domainRows.add(domainId, tenantId, name, push ? "push" : "pull", push ? null : firstPush, true,
                            name + "." + slug + ".lv.liveplane.test", "OK", "seed-" + domainId, "", "", "", "", now,
                            now, now);
                    signingRows.add(domainId, "A", 1800L, seal(key, domainId), seal(key, domainId));
                }
                // Parents before children: a pull domain's push_domain is a foreign key to an earlier row.
                if (tenantRows.size() >= ROWS_PER_INSERT || domainRows.size() >= ROWS_PER_INSERT) {
                    tenantRows.flush();
                    domainRows.flush();
                    signingRows.flush();
                    connection.commit();
                }
            }
            tenantRows.flush();
            domainRows.flush();
            signingRows.flush();
            // Rows written past the control plane's change log: a new version, and the log's floor raised to it, so
            // a node holding an older version is sent to the whole snapshot (409) rather than a delta without them.
            try (Statement bump = connection.createStatement()) {
                bump.executeUpdate("UPDATE config_version SET version = version + 1, changes_from = version"
                        + " WHERE id = 1");
            }
            connection.commit();
        }
        System.out.printf(Locale.ROOT, "SEED tenants=%d domains=%d seconds=%.1f%n", tenants, tenants * perTenant,
                (System.nanoTime() - started) / 1e9);
        return 0;
    }

    /** A fresh signing key sealed for {@code domainId}, in the control plane's format (nonce || ciphertext || tag). */
    private static String seal(SecretKeySpec key, String domainId) throws GeneralSecurityException {
        byte[] plain = new byte[24];
        RANDOM.nextBytes(plain);
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(("domain-signing-key:" + domainId).getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(Base64.getUrlEncoder().withoutPadding().encodeToString(plain)
                .getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce)
                .put(sealed).array());
    }

    /** Rows of one table gathered into a multi-row INSERT. */
    private static final class Rows {
        private final Connection connection;
        private final String insert;
        private final int columns;
        private final List<Object[]> pending = new ArrayList<>();

        Rows(Connection connection, String insert, int columns) {
            this.connection = connection;
            this.insert = insert;
            this.columns = columns;
        }

        void add(Object... values) {
            pending.add(values);
        }

        int size() {
            return pending.size();
        }

        void flush() throws SQLException {
            if (pending.isEmpty()) {
                return;
            }
            String row = "(" + "?,".repeat(columns - 1) + "?)";
            StringBuilder sql = new StringBuilder(insert);
            for (int i = 0; i < pending.size(); i++) {
                sql.append(i == 0 ? "" : ",").append(row);
            }
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                int p = 1;
                for (Object[] values : pending) {
                    for (Object value : values) {
                        statement.setObject(p++, value);
                    }
                }
                statement.executeUpdate();
            }
            pending.clear();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SnapshotSeed()).execute(args));
    }
}
