package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.ConfigSnapshot;
import dev.liveplane.api.node.model.SnapshotDomain;
import dev.liveplane.api.node.model.SnapshotForbiddenStream;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.billing.Standing;
import dev.liveplane.controlplane.config.ConfigVersion;
import dev.liveplane.controlplane.domain.ServedDomain;
import dev.liveplane.controlplane.domain.ServedDomains;
import dev.liveplane.controlplane.recording.RecordingSnapshot;
import dev.liveplane.controlplane.secret.PlatformSecrets;
import dev.liveplane.controlplane.streamkey.StreamKeySnapshot;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Builds the nodes' config snapshot, serialized, from one consistent read of the version and everything it covers:
 * the served domains with their signing keys opened and JWT public keys, the streams forbidden now, the HLS session
 * key, the active stream keys (hashes), the tenants whose plays billing suspended ({@code suspendedTenants}) and
 * what nodes record where ({@code recording}).
 */
@Singleton
final class ConfigSnapshots {

    private final ConfigVersion versions;
    private final ServedDomains servedDomains;
    private final SnapshotRepository rows;
    private final SnapshotDomains snapshotDomains;
    private final TransactionOperations<Connection> transactions;
    private final JsonMapper json;
    private final FleetConfiguration config;
    private final String hlsSessionSecret;
    private final StreamKeySnapshot streamKeys;
    private final Standing standing;
    private final RecordingSnapshot recording;

    ConfigSnapshots(ConfigVersion versions, ServedDomains servedDomains, SnapshotRepository rows, SnapshotDomains snapshotDomains,
            TransactionOperations<Connection> transactions, JsonMapper json, FleetConfiguration config,
            PlatformSecrets secrets, StreamKeySnapshot streamKeys, Standing standing,
            RecordingSnapshot recording) {
        this.recording = recording;
        this.versions = versions;
        this.servedDomains = servedDomains;
        this.rows = rows;
        this.snapshotDomains = snapshotDomains;
        this.transactions = transactions;
        this.json = json;
        this.config = config;
        this.hlsSessionSecret = Base64.getEncoder().encodeToString(secrets.hlsSessionSecret());
        this.streamKeys = streamKeys;
        this.standing = standing;
    }

    /**
     * One version of the snapshot as every node receives it: the same bytes for all, and the same gzipped bytes for
     * every node that asks for gzip (compressed once, on the first such ask, not per response).
     */
    static final class Serialized {
        private final long version;
        private final byte[] body;
        private byte[] gzipped;

        Serialized(long version, byte[] body) {
            this.version = version;
            this.body = body;
        }

        long version() {
            return version;
        }

        byte[] body() {
            return body;
        }

        synchronized byte[] gzipped() {
            if (gzipped == null) {
                gzipped = Gzip.of(body);
            }
            return gzipped;
        }
    }

    Serialized build() {
        // One read transaction (ServedDomains joins it): the version and the rows come from the same moment, and
        // since every change bumps the version in its own transaction, the rows are exactly that version's.
        ConfigSnapshot snapshot = transactions.executeRead(status -> {
            long version = versions.current();
            Instant now = Times.now();
            List<ServedDomain> served = servedDomains.all(config.serveUnverifiedDomains());
            List<SnapshotDomain> domains = snapshotDomains.of(served, rows.findSigning(), rows.findJwtKeys());
            List<SnapshotForbiddenStream> forbidden = rows.findForbidden(now).stream()
                    .map(f -> new SnapshotForbiddenStream().domain(f.domain()).app(f.app()).stream(f.stream())
                            .until(Times.utc(f.untilAt())))
                    .toList();
            return new ConfigSnapshot().version(version).generatedAt(Times.utc(now)).hlsSessionSecret(hlsSessionSecret)
                    .domains(domains).forbiddenStreams(forbidden).suspendedTenants(standing.suspendedTenants())
                    .streamKeys(streamKeys.active()).recording(recording.of(served));
        });
        try {
            return new Serialized(snapshot.getVersion(), json.writeValueAsBytes(snapshot));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the config snapshot", e);
        }
    }
}
