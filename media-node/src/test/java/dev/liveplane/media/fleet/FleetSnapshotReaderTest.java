package dev.liveplane.media.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.DomainConfig;
import dev.liveplane.media.auth.DomainSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec's ConfigSnapshot JSON into what the authorizer enforces; anything wrong refuses the whole snapshot. */
class FleetSnapshotReaderTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private final ConfigSnapshotReader reader = new ConfigSnapshotReader(Clock.systemUTC());

    private static final String SNAPSHOT = """
            {
              "version": 42,
              "generatedAt": "2025-01-01T00:00:00Z",
              "hlsSessionSecret": "ZmxlZXQtaGxzLXNlc3Npb24tc2VjcmV0LTAxMjM0NTY3ODk=",
              "domains": [
                {"name": "Push.Example.com", "tenantId": "t1", "type": "push", "enabled": true, "scheme": "A",
                 "validitySeconds": 1800, "primaryKey": "k1", "secondaryKey": "k2", "jwtKeys": [],
                 "refererAllow": [], "refererDeny": [], "ipAllow": ["10.0.0.0/8"], "ipDeny": []},
                {"name": "play.example.com", "tenantId": "t1", "type": "pull", "pushDomain": "push.example.com",
                 "enabled": false, "scheme": "TX", "validitySeconds": 600, "primaryKey": "k3", "jwtKeys": [],
                 "refererAllow": ["*.example.org"], "refererDeny": [], "ipAllow": [], "ipDeny": ["::1"],
                 "someFutureField": {"ignored": true}}
              ],
              "forbiddenStreams": [
                {"domain": "push.example.com", "app": "live", "stream": "banned"},
                {"domain": "push.example.com", "app": "live", "stream": "paused", "until": "2025-01-01T00:10:00Z"}
              ],
              "suspendedTenants": ["t9"]
            }
            """;

    @Test
    void readsEveryFieldOfTheSpecsSnapshot() throws Exception {
        DomainSnapshot snapshot = reader.read(SNAPSHOT);
        assertThat(snapshot.version()).isEqualTo(42);
        DomainConfig push = snapshot.find("push.example.com").orElseThrow();
        assertThat(push.type()).isEqualTo(DomainConfig.Type.PUSH);
        assertThat(push.tenantId()).isEqualTo("t1");
        assertThat(push.enabled()).isTrue();
        assertThat(push.verifier().policy().secondaryKey()).isEqualTo("k2");
        assertThat(push.verifier().policy().validity()).isEqualTo(Duration.ofSeconds(1800));
        DomainConfig play = snapshot.find("play.example.com").orElseThrow();
        assertThat(play.pushDomain()).isEqualTo("push.example.com");
        assertThat(play.enabled()).isFalse();
        assertThat(play.referers().refusal("https://www.example.org/")).isNull();
        assertThat(play.referers().refusal("https://other.test/")).isNotNull();

        StreamKey banned = new StreamKey("push.example.com", "live", "banned");
        StreamKey paused = new StreamKey("push.example.com", "live", "paused");
        assertThat(snapshot.isForbidden(banned, NOW.plus(Duration.ofDays(3650)))).isTrue();
        assertThat(snapshot.isForbidden(paused, NOW.plusSeconds(599))).isTrue();
        assertThat(snapshot.isForbidden(paused, NOW.plusSeconds(600))).isFalse();
        assertThat(snapshot.isSuspended("t9")).isTrue();
        assertThat(snapshot.isSuspended("t1")).isFalse();
        assertThat(snapshot.hlsSessions()).isNotNull();

        assertThat(snapshot.publisherCut(banned, NOW)).isEqualTo("forbidden");
        assertThat(snapshot.publisherCut(paused, NOW.plusSeconds(601))).isNull();
        assertThat(snapshot.publisherCut(new StreamKey("gone.example.com", "live", "x"), NOW))
                .isEqualTo("domain_removed");
        assertThat(snapshot.viewerCut("play.example.com")).isEqualTo("domain_disabled");
        assertThat(snapshot.viewerCut("gone.example.com")).isEqualTo("domain_removed");
    }

    @Test
    void aSnapshotWithAnyInvalidPartIsRefusedWithWhereAndWhy() {
        assertRefused("{", "not JSON");
        assertRefused("[]", "expected a ConfigSnapshot");
        assertRefused(SNAPSHOT.replace("\"version\": 42,", ""), "version: required");
        assertRefused(SNAPSHOT.replace("\"scheme\": \"TX\"", "\"scheme\": \"ROT13\""), "domains[1].scheme");
        assertRefused(SNAPSHOT.replace("\"ipAllow\": [\"10.0.0.0/8\"]", "\"ipAllow\": [\"10.0.0.0/99\"]"),
                "domains[0].ip");
        assertRefused(SNAPSHOT.replace("\"refererAllow\": [\"*.example.org\"]", "\"refererAllow\": [\"*\"]"),
                "domains[1].referer");
        assertRefused(SNAPSHOT.replace("\"enabled\": true", "\"enabled\": \"yes\""), "domains[0].enabled");
        assertRefused(SNAPSHOT.replace("ZmxlZXQtaGxzLXNlc3Npb24tc2VjcmV0LTAxMjM0NTY3ODk=", "c2hvcnQ="),
                "hlsSessionSecret");
        assertRefused(SNAPSHOT.replace("2025-01-01T00:10:00Z", "tomorrow"), "forbiddenStreams[1].until");
        assertRefused(SNAPSHOT.replace("\"validitySeconds\": 600", "\"validitySeconds\": 0"),
                "domains[1].validitySeconds");
        assertRefused(SNAPSHOT.replace("\"suspendedTenants\": [\"t9\"]", "\"suspendedTenants\": 3"),
                "suspendedTenants");
    }

    @Test
    void aPullDomainWhosePushDomainIsMissingIsDroppedAlone() throws Exception {
        DomainSnapshot snapshot = reader.read(SNAPSHOT.replace("\"pushDomain\": \"push.example.com\"",
                "\"pushDomain\": \"pending.example.com\""));
        assertThat(snapshot.find("play.example.com")).isEmpty();
        assertThat(snapshot.find("push.example.com")).isPresent();
    }

    @Test
    void theStateDirectoryKeepsSecretsPrivateAndReplacesFilesWhole(@TempDir Path dir) throws Exception {
        StateDir state = new StateDir(dir.resolve("nested/state"));
        NodeIdentity identity = new NodeIdentity("node-7", "jwt-secret", NOW, 5);
        state.saveIdentity(identity);
        state.saveSnapshot(SNAPSHOT);
        state.saveSnapshot(SNAPSHOT.replace("42", "43"));
        assertThat(state.loadIdentity()).contains(identity);
        assertThat(state.loadSnapshot().orElseThrow()).contains("\"version\": 43");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("nested/state"))))
                .isEqualTo("rwx------");
        try (var files = Files.list(dir.resolve("nested/state"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("node.json", "snapshot.json");
        }
        assertThat(identity.toString()).doesNotContain("jwt-secret");
    }

    @Test
    void backoffGrowsWithJitterUpToItsCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        long[] ceilings = {100, 200, 400, 800, 1600, 2000, 2000};
        for (long ceiling : ceilings) {
            long wait = backoff.next().toMillis();
            assertThat(wait).isBetween(ceiling / 2, ceiling);
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isLessThanOrEqualTo(100);
    }

    private void assertRefused(String json, String where) {
        assertThatThrownBy(() -> reader.read(json)).isInstanceOf(ConfigSnapshotReader.InvalidSnapshotException.class)
                .hasMessageContaining(where);
    }
}
