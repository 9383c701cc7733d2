package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.ConfigDelta;
import dev.liveplane.api.node.model.ConfigSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.zip.GZIPOutputStream;

/**
 * Measures what following the config costs a node at scale, on a generated snapshot shaped like the bench's seed
 * (bench/.../SnapshotSeed: tenants with push domains and pull domains of their first push domain): reading a whole
 * snapshot, and applying a one-stream forbid and a 100-domain change as deltas, with and without reusing the
 * unchanged domains' converted form, then writing the snapshot file (as one String, and streamed). Not a test: run
 * by hand (media-node/README.md).
 *
 * <pre>
 * # the test classpath, as surefire recorded it in any report after a test run of the module
 * grep -o 'name="surefire.test.class.path" value="[^"]*"' target/surefire-reports/TEST-*NodeJsonTest.xml \
 *     | sed 's/.*value="//; s/"$//' &gt; /tmp/cp.txt
 * java -Xmx2g -cp "$(cat /tmp/cp.txt)" dev.liveplane.media.fleet.SnapshotScaleFigures [domains] [tenants] [rounds]
 * </pre>
 */
public final class SnapshotScaleFigures {

    private static final String SECRET = "ZmxlZXQtaGxzLXNlc3Npb24tc2VjcmV0LTAxMjM0NTY3ODk=";

    private SnapshotScaleFigures() {
    }

    public static void main(String[] args) throws Exception {
        int domains = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int tenants = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        ConfigSnapshotReader reader = new ConfigSnapshotReader(Clock.systemUTC());
        String json = snapshot(domains, tenants);
        System.out.printf(Locale.ROOT, "snapshot: %d domains, %d tenants, %d bytes, %d gzipped%n", domains, tenants,
                json.length(), gzipped(json));
        Path dir = Files.createTempDirectory("scale-figures");
        StateDir state = new StateDir(dir);
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            ConfigSnapshot wire = ConfigSnapshotReader.readWire(json, ConfigSnapshot.class);
            long t1 = System.nanoTime();
            HeldSnapshot held = reader.held(wire, null);
            long t2 = System.nanoTime();
            String forbid = delta(1, "", "{\"domain\": \"push-0-0.example.com\", \"app\": \"live\", \"stream\": \"spam"
                    + round + "\"}");
            Figures one = applyDelta(reader, held, forbid, state);
            StringJoiner changed = new StringJoiner(",");
            for (int i = 0; i < 100; i++) {
                changed.add(domain(i * (domains / 100), tenants, domains, "rotated-" + round));
            }
            Figures hundred = applyDelta(reader, held, delta(1, changed.toString(), ""), state);
            System.out.printf(Locale.ROOT, "round %d: whole read_ms=%d convert_ms=%d | forbid delta %s | 100-domain"
                    + " delta %s%n", round, ms(t1 - t0), ms(t2 - t1), one, hundred);
        }
        Runtime runtime = Runtime.getRuntime();
        HeldSnapshot kept = reader.held(ConfigSnapshotReader.readWire(json, ConfigSnapshot.class), null);
        System.gc();
        Thread.sleep(500);
        long withHeld = runtime.totalMemory() - runtime.freeMemory();
        System.out.printf(Locale.ROOT, "heap in use holding one snapshot (wire model and enforced form): %d MB"
                + " (version %d)%n", withHeld >> 20, kept.version());
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /**
     * What one delta cost: read and apply, convert with and without reuse, write out as a String and save that with
     * fsync (as the node did), or save it streamed to the file (as it does: {@link SnapshotSaver}), with the heap each
     * way of saving allocates.
     */
    private record Figures(long applyMs, long convertReusingMs, long convertAllMs, long writeMs, long saveMs,
            long streamedMs, long stringAllocMb, long streamedAllocMb, int bytes) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "bytes=%d apply_ms=%d convert_ms=%d (all domains anew: %d)"
                    + " write_ms=%d save_ms=%d (alloc %d MB) streamed_save_ms=%d (alloc %d MB)", bytes, applyMs,
                    convertReusingMs, convertAllMs, writeMs, saveMs, stringAllocMb, streamedMs, streamedAllocMb);
        }
    }

    private static Figures applyDelta(ConfigSnapshotReader reader, HeldSnapshot held, String json, StateDir state)
            throws Exception {
        long t0 = System.nanoTime();
        ConfigDelta delta = ConfigDeltas.read(json);
        ConfigSnapshot next = ConfigDeltas.apply(held, delta);
        long t1 = System.nanoTime();
        HeldSnapshot applied = reader.held(next, held);
        long t2 = System.nanoTime();
        reader.held(next, null);
        long t3 = System.nanoTime();
        long a0 = allocated();
        String file = NodeJson.write(applied.wire());
        long t4 = System.nanoTime();
        state.saveSnapshot(file);
        long t5 = System.nanoTime();
        long a1 = allocated();
        state.saveSnapshot(out -> NodeJson.write(applied.wire(), out));
        long t6 = System.nanoTime();
        long a2 = allocated();
        return new Figures(ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(t5 - t4), ms(t6 - t5),
                (a1 - a0) >> 20, (a2 - a1) >> 20, json.length());
    }

    /** Bytes this thread has allocated so far (HotSpot's count). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static String delta(long from, String domains, String forbidden) {
        return """
                {"fromVersion": %d, "version": %d, "generatedAt": "%s", "domains": [%s], "removedDomainIds": [],
                 "forbiddenStreams": [%s], "removedForbiddenStreams": [], "streamKeys": [], "removedStreamKeyIds": []}
                """.formatted(from, from + 1, Instant.now(), domains, forbidden);
    }

    static String snapshot(int domains, int tenants) {
        StringJoiner list = new StringJoiner(",\n");
        for (int i = 0; i < domains; i++) {
            list.add(domain(i, tenants, domains, "k"));
        }
        return """
                {"version": 1, "generatedAt": "%s", "hlsSessionSecret": "%s", "domains": [%s],
                 "forbiddenStreams": [], "suspendedTenants": [], "streamKeys": []}
                """.formatted(Instant.now(), SECRET, list);
    }

    /** The {@code i}th domain: each tenant's first half push domains, the rest pull domains of its first one. */
    private static String domain(int i, int tenants, int domains, String keySeed) {
        int perTenant = Math.max(1, domains / tenants);
        int tenant = i / perTenant;
        int d = i % perTenant;
        boolean push = d < (perTenant + 1) / 2;
        String name = (push ? "push-" : "play-") + tenant + "-" + d + ".example.com";
        String bound = push ? "" : "\"pushDomain\": \"push-" + tenant + "-0.example.com\", ";
        return """
                {"id": "01JEB2D0M4N6P8R0T2%08d", "name": "%s", "tenantId": "01JEB2Q4W6Y8A0C2E4%08d",
                 "type": "%s", %s"enabled": true, "scheme": "A", "validitySeconds": 1800,
                 "primaryKey": "%s-primary-%08d-0123456789abcdef", "secondaryKey": "%s-secondary-%08d-0123456789ab",
                 "jwtKeys": [], "refererAllow": [], "refererDeny": [], "ipAllow": [], "ipDeny": []}"""
                .formatted(i, name, tenant, push ? "push" : "pull", bound, keySeed, i, keySeed, i);
    }

    private static long gzipped(String json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return out.size();
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
