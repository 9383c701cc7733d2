package dev.liveplane.bench.usage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The peer usage ingestion is measured against: the same rows as {@link UsageIngestLoad} sends, inserted straight
 * into a copy of {@code usage_records} with multi-row INSERTs of {@code --batch} rows, one commit per batch, from
 * {@code --concurrency} connections. No HTTP, no JSON, no idempotency, no rollup marks: the most MariaDB takes of these
 * rows on this machine. Prints one {@code RAW} line.
 */
@CommandLine.Command(name = "raw-insert-peer", mixinStandardHelpOptions = true)
public final class RawInsertPeer implements Callable<Integer> {

    @Option(names = "--jdbc-url", required = true)
    String jdbcUrl;
    @Option(names = "--concurrency", defaultValue = "3")
    int concurrency;
    @Option(names = "--batch", defaultValue = "1000")
    int batch;
    @Option(names = "--seconds", defaultValue = "30")
    int seconds;
    @Option(names = "--warmup-seconds", defaultValue = "5")
    int warmupSeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RawInsertPeer()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "root", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS raw_peer");
            statement.execute("CREATE TABLE raw_peer (bucket_start DATETIME NOT NULL, node_id VARCHAR(32) NOT NULL,"
                    + " record_id VARBINARY(256) NOT NULL, tenant_id VARCHAR(32) NOT NULL, domain VARCHAR(253)"
                    + " NOT NULL, app VARCHAR(64) NOT NULL, stream VARCHAR(128) NOT NULL, protocol VARCHAR(8)"
                    + " NOT NULL, bytes BIGINT NOT NULL, viewer_seconds BIGINT NOT NULL, peak_viewers INT NOT NULL,"
                    + " intake_id BIGINT NOT NULL, PRIMARY KEY (bucket_start, node_id, record_id))");
        }
        long now = Instant.now().getEpochSecond();
        LocalDateTime bucket = LocalDateTime.ofEpochSecond(now - now % 300, 0, ZoneOffset.UTC);
        String sql = "INSERT INTO raw_peer VALUES " + String.join(", ",
                Collections.nCopies(batch, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        AtomicLong rows = new AtomicLong();
        long measureFrom = System.nanoTime() + Duration.ofSeconds(warmupSeconds).toNanos();
        long end = measureFrom + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            int sender = t;
            Thread thread = new Thread(() -> insert(sql, sender, bucket, measureFrom, end, rows));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.printf("RAW rows_per_s=%.0f batch=%d concurrency=%d window_s=%d%n", rows.get() / (double) seconds,
                batch, concurrency, seconds);
        return 0;
    }

    private void insert(String sql, int sender, LocalDateTime bucket, long measureFrom, long end, AtomicLong rows) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "root", "")) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                long n = 0;
                while (System.nanoTime() < end) {
                    int p = 1;
                    for (int i = 0; i < batch; i++, n++) {
                        int domain = (int) (n % 20);
                        insert.setObject(p++, bucket);
                        insert.setString(p++, "node-" + sender);
                        insert.setBytes(p++, ("u-" + sender + "-" + n).getBytes());
                        insert.setString(p++, "01BENCHTENANT" + domain % 4);
                        insert.setString(p++, "play" + domain + ".bench.example");
                        insert.setString(p++, "live");
                        insert.setString(p++, "s" + (n / 20) % 50);
                        insert.setString(p++, "http_flv");
                        insert.setLong(p++, 1000 + n % 5000);
                        insert.setLong(p++, n % 300);
                        insert.setInt(p++, (int) (n % 50));
                        insert.setLong(p++, sender);
                    }
                    insert.executeUpdate();
                    connection.commit();
                    if (System.nanoTime() >= measureFrom) {
                        rows.addAndGet(batch);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
