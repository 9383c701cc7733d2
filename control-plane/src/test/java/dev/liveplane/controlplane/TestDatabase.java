package dev.liveplane.controlplane;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;

/**
 * The one place that decides which real database the tests use, once per test run: MariaDB on 127.0.0.1:3306
 * (database {@code liveplane_cp_test}, recreated empty) when it answers; else a Testcontainers MySQL 8 when a
 * Docker engine exists; else the embedded H2 in MySQL mode. {@code -Dliveplane.test.db=mariadb|mysql|h2} forces
 * one, e.g. to check that the migrations also run on H2.
 */
public final class TestDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);
    private static final String MARIADB_SERVER = "jdbc:mariadb://127.0.0.1:3306/";
    /** {@code LIVEPLANE_TEST_DATABASE} lets two checkouts test side by side on one server. */
    private static final String DATABASE = System.getenv().getOrDefault("LIVEPLANE_TEST_DATABASE",
            "liveplane_cp_test");

    private static Map<String, String> properties;

    private TestDatabase() {
    }

    /** The datasource properties of the chosen database. */
    public static synchronized Map<String, String> properties() {
        if (properties == null) {
            properties = choose(System.getProperty("liveplane.test.db", ""));
        }
        return properties;
    }

    /** A connection of its own to the chosen database, outside any application transaction. */
    public static Connection connect() throws SQLException {
        Map<String, String> database = properties();
        return DriverManager.getConnection(database.get("datasources.default.url"),
                database.get("datasources.default.username"), database.get("datasources.default.password"));
    }

    /**
     * The datasource properties of an empty database of its own, named after the shared one with {@code suffix}: for a
     * test whose control plane process has secrets of its own (another master key), which could not open the rows the
     * other tests' control planes sealed. Only MariaDB needs it: an in-memory H2 is never shared between processes.
     */
    public static synchronized Map<String, String> separate(String suffix) {
        Map<String, String> shared = properties();
        if (!shared.get("datasources.default.url").startsWith(MARIADB_SERVER)) {
            return shared;
        }
        recreateMariaDb(DATABASE + "_" + suffix);
        return datasource(MARIADB_SERVER + DATABASE + "_" + suffix, "root", "");
    }

    /**
     * How a packaged control plane process is pointed at {@code datasource} (from {@link #separate}): its
     * {@code LIVEPLANE_DB_*} variables; none for an in-memory H2, which a process cannot share, so it uses its own.
     */
    public static Map<String, String> processEnvironment(Map<String, String> datasource) {
        String url = datasource.get("datasources.default.url");
        if (url.startsWith("jdbc:h2:mem:")) {
            return Map.of();
        }
        return Map.of("LIVEPLANE_DB_URL", url, "LIVEPLANE_DB_USER", datasource.get("datasources.default.username"),
                "LIVEPLANE_DB_PASSWORD", datasource.get("datasources.default.password"));
    }

    /**
     * Frees every scheduled job's lock row (ShedLock's {@code shedlock}, V10) before a test's control plane starts: a
     * context closed while a job ran may not have released its row, which would hold that job off for the next test
     * class until the lock lapses. A fresh deployment starts with none either. Nothing to do before the first
     * migration.
     */
    public static void releaseSchedulerLocks(Map<String, String> datasource) {
        try (Connection connection = DriverManager.getConnection(datasource.get("datasources.default.url"),
                datasource.get("datasources.default.username"), datasource.get("datasources.default.password"));
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM shedlock");
        } catch (SQLException e) {
            LOG.debug("no scheduler locks to release: {}", e.getMessage());
        }
    }

    private static Map<String, String> choose(String forced) {
        if (forced.equals("mariadb") || (forced.isEmpty() && mariaDbAnswers())) {
            recreateMariaDb(DATABASE);
            LOG.info("test database=mariadb url={}{}", MARIADB_SERVER, DATABASE);
            return datasource(MARIADB_SERVER + DATABASE, "root", "");
        }
        if (forced.equals("mysql") || (forced.isEmpty() && dockerAvailable())) {
            MySQLContainer<?> mysql = new MySQLContainer<>("mysql:8.0").withDatabaseName(DATABASE);
            mysql.start();
            LOG.info("test database=testcontainers-mysql url={}", mysql.getJdbcUrl());
            return datasource(mysql.getJdbcUrl(), mysql.getUsername(), mysql.getPassword());
        }
        String url = "jdbc:h2:mem:" + DATABASE + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE"
                + ";DB_CLOSE_DELAY=-1";
        LOG.info("test database=h2 url={}", url);
        return datasource(url, "sa", "");
    }

    private static Map<String, String> datasource(String url, String user, String password) {
        return Map.of("datasources.default.url", url, "datasources.default.username", user,
                "datasources.default.password", password);
    }

    private static boolean mariaDbAnswers() {
        try (Connection connection = DriverManager.getConnection(MARIADB_SERVER, "root", "")) {
            return connection.isValid(2);
        } catch (SQLException e) {
            LOG.info("no MariaDB at {}: {}", MARIADB_SERVER, e.getMessage());
            return false;
        }
    }

    /** Starts each run from an empty database, so the migrations are exercised and no old rows interfere. */
    private static void recreateMariaDb(String database) {
        try (Connection connection = DriverManager.getConnection(MARIADB_SERVER, "root", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("CREATE DATABASE IF NOT EXISTS " + database
                    + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + database + " on " + MARIADB_SERVER, e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
