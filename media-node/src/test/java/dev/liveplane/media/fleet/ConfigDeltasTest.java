package dev.liveplane.media.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.api.node.model.ConfigSnapshot;
import dev.liveplane.api.node.model.SnapshotDomain;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.DomainSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A ConfigDelta applied to the snapshot a node holds gives the snapshot of the delta's version, by each rule of the
 * spec (api/openapi.yaml, ConfigDelta); a delta that is not what the spec describes, or whose result would not be a
 * valid snapshot, is refused whole.
 */
class ConfigDeltasTest {

    private static final String SECRET = "ZmxlZXQtaGxzLXNlc3Npb24tc2VjcmV0LTAxMjM0NTY3ODk=";
    private static final String OTHER_SECRET = "b3RoZXItaGxzLXNlc3Npb24tc2VjcmV0LTk4NzY1NDMyMTA=";
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private final ConfigSnapshotReader reader = new ConfigSnapshotReader(Clock.systemUTC());

    private static String push(String id, String name, String key) {
        return """
                {"id": "%s", "name": "%s", "tenantId": "t1", "type": "push", "enabled": true, "scheme": "A",
                 "validitySeconds": 1800, "primaryKey": "%s", "jwtKeys": [],
                 "refererAllow": [], "refererDeny": [], "ipAllow": [], "ipDeny": []}
                """.formatted(id, name, key);
    }

    private static String pull(String id, String name, String pushDomain, boolean enabled) {
        return """
                {"id": "%s", "name": "%s", "tenantId": "t1", "type": "pull", "pushDomain": "%s", "enabled": %s,
                 "scheme": "A", "validitySeconds": 1800, "primaryKey": "pk", "jwtKeys": [],
                 "refererAllow": [], "refererDeny": [], "ipAllow": [], "ipDeny": []}
                """.formatted(id, name, pushDomain, enabled);
    }

    private static final String HELD = """
            {"version": 7, "generatedAt": "2025-01-01T00:00:00Z", "hlsSessionSecret": "%s",
             "domains": [%s, %s, %s],
             "forbiddenStreams": [
               {"domain": "a.example.com", "app": "live", "stream": "Spam"},
               {"domain": "a.example.com", "app": "live", "stream": "paused", "until": "2025-01-01T00:10:00Z"}],
             "suspendedTenants": ["t9"],
             "streamKeys": [
               {"id": "k1", "domain": "a.example.com", "app": "live", "stream": "cam1", "secretHash": "h1"},
               {"id": "k2", "domain": "a.example.com", "app": "live", "stream": "cam2", "secretHash": "h2"}]}
            """.formatted(SECRET, push("d-a", "a.example.com", "ka"), pull("d-p", "play.example.com", "a.example.com",
            true), push("d-b", "b.example.com", "kb"));

    /** A delta from version 7 to 8 with the given lists (JSON array bodies) and extra fields. */
    private static String delta(String domains, String removedDomains, String forbidden, String unforbidden,
            String keys, String removedKeys, String extra) {
        return """
                {"fromVersion": 7, "version": 8, "generatedAt": "2025-01-01T00:05:00Z",
                 "domains": [%s], "removedDomainIds": [%s], "forbiddenStreams": [%s], "removedForbiddenStreams": [%s],
                 "streamKeys": [%s], "removedStreamKeyIds": [%s]%s}
                """.formatted(domains, removedDomains, forbidden, unforbidden, keys, removedKeys, extra);
    }

    private static String onlyDomains(String domains, String removed) {
        return delta(domains, removed, "", "", "", "", "");
    }

    private HeldSnapshot held() throws Exception {
        return reader.readHeld(HELD);
    }

    private HeldSnapshot applied(String delta) throws Exception {
        HeldSnapshot held = held();
        return reader.held(ConfigDeltas.apply(held, ConfigDeltas.read(delta)), held);
    }

    private static List<String> ids(HeldSnapshot snapshot) {
        return snapshot.wire().getDomains().stream().map(SnapshotDomain::getId).toList();
    }

    @Test
    void anEmptyDeltaChangesOnlyTheVersionAndTime() throws Exception {
        HeldSnapshot next = applied(onlyDomains("", ""));
        HeldSnapshot held = held();
        assertThat(next.version()).isEqualTo(8);
        assertThat(next.wire().getGeneratedAt().toInstant()).isEqualTo(Instant.parse("2025-01-01T00:05:00Z"));
        ConfigSnapshot expected = held.wire().version(8L).generatedAt(next.wire().getGeneratedAt());
        assertThat(NodeJson.write(next.wire())).isEqualTo(NodeJson.write(expected));
    }

    @Test
    void aChangedDomainReplacesTheOneWithItsIdInPlace() throws Exception {
        HeldSnapshot next = applied(onlyDomains(pull("d-p", "play.example.com", "a.example.com", false), ""));
        assertThat(ids(next)).containsExactly("d-a", "d-p", "d-b");
        assertThat(next.enforced().find("play.example.com").orElseThrow().enabled()).isFalse();
    }

    @Test
    void aDomainRenamedUnderItsIdReplacesTheOldName() throws Exception {
        HeldSnapshot next = applied(onlyDomains(push("d-b", "c.example.com", "kb"), ""));
        assertThat(next.enforced().find("b.example.com")).isEmpty();
        assertThat(next.enforced().find("c.example.com").orElseThrow().id()).isEqualTo("d-b");
    }

    @Test
    void aNewDomainIsAddedAndARemovedOneGoes() throws Exception {
        HeldSnapshot next = applied(onlyDomains(push("d-c", "c.example.com", "kc"), "\"d-b\""));
        assertThat(ids(next)).containsExactly("d-a", "d-p", "d-c");
        assertThat(next.enforced().find("c.example.com")).isPresent();
        assertThat(next.enforced().find("b.example.com")).isEmpty();
    }

    @Test
    void removingADomainNotHeldChangesNothing() throws Exception {
        assertThat(ids(applied(onlyDomains("", "\"d-gone\"")))).containsExactly("d-a", "d-p", "d-b");
    }

    @Test
    void unchangedDomainsKeepWhatTheyWereReadInto() throws Exception {
        HeldSnapshot held = held();
        HeldSnapshot next = reader.held(ConfigDeltas.apply(held,
                ConfigDeltas.read(onlyDomains(push("d-b", "b.example.com", "kb2"), ""))), held);
        assertThat(next.enforced().domains().get("a.example.com"))
                .isSameAs(held.enforced().domains().get("a.example.com"));
        assertThat(next.enforced().domains().get("b.example.com"))
                .isNotSameAs(held.enforced().domains().get("b.example.com"));
        assertThat(next.enforced().domains().get("b.example.com").verifier().policy().primaryKey()).isEqualTo("kb2");
    }

    @Test
    void forbiddenStreamsAreAddedReplacedAndRemovedByDomainAppAndStreamWhateverTheCase() throws Exception {
        HeldSnapshot next = applied(delta("", "",
                """
                {"domain": "a.example.com", "app": "live", "stream": "new"},
                {"domain": "a.example.com", "app": "live", "stream": "PAUSED", "until": "2025-01-01T01:00:00Z"}
                """,
                "{\"domain\": \"A.example.com\", \"app\": \"live\", \"stream\": \"spam\"}", "", "", ""));
        DomainSnapshot enforced = next.enforced();
        assertThat(enforced.forbidden()).hasSize(2);
        assertThat(enforced.isForbidden(new StreamKey("a.example.com", "live", "spam"), NOW)).isFalse();
        assertThat(enforced.isForbidden(new StreamKey("a.example.com", "live", "new"), NOW.plusSeconds(86_400)))
                .isTrue();
        assertThat(enforced.forbidden().get(new StreamKey("a.example.com", "live", "paused")))
                .isEqualTo(Instant.parse("2025-01-01T01:00:00Z"));
    }

    @Test
    void streamKeysAreAddedReplacedAndRemovedById() throws Exception {
        HeldSnapshot next = applied(delta("", "", "", "",
                """
                {"id": "k2", "domain": "a.example.com", "app": "live", "stream": "cam2b", "secretHash": "h2b"},
                {"id": "k3", "domain": "a.example.com", "app": "live", "stream": "cam3", "secretHash": "h3"}
                """, "\"k1\"", ""));
        assertThat(next.wire().getStreamKeys()).extracting("id").containsExactly("k2", "k3");
        assertThat(next.wire().getStreamKeys().get(0).getStream()).isEqualTo("cam2b");
        assertThat(next.enforced().streamKeys().size()).isEqualTo(2);
    }

    @Test
    void streamKeysAbsentFromTheHeldSnapshotAreNone() throws Exception {
        HeldSnapshot held = reader.readHeld(HELD.substring(0, HELD.indexOf(",\n \"streamKeys\"")) + "}");
        assertThat(held.wire().getStreamKeys()).isNull();
        ConfigSnapshot next = ConfigDeltas.apply(held, ConfigDeltas.read(delta("", "", "", "",
                "{\"id\": \"k9\", \"domain\": \"a.example.com\", \"app\": \"live\", \"stream\": \"c\","
                        + " \"secretHash\": \"h\"}", "", "")));
        assertThat(next.getStreamKeys()).extracting("id").containsExactly("k9");
    }

    @Test
    void suspendedTenantsSecretAndRecordingStayWhenAbsentAndAreReplacedWholeWhenPresent() throws Exception {
        HeldSnapshot kept = applied(onlyDomains("", ""));
        assertThat(kept.wire().getSuspendedTenants()).containsExactly("t9");
        assertThat(kept.wire().getHlsSessionSecret()).isEqualTo(SECRET);
        assertThat(kept.wire().getRecording()).isNull();

        HeldSnapshot replaced = applied(delta("", "", "", "", "", "", """
                , "suspendedTenants": ["t1", "t2"], "hlsSessionSecret": "%s",
                  "recording": {"storage": {"bucket": "rec", "region": "eu-1", "pathStyle": true}, "rules": [],
                                "manual": []}
                """.formatted(OTHER_SECRET)));
        assertThat(replaced.enforced().suspendedTenants()).containsExactlyInAnyOrder("t1", "t2");
        assertThat(replaced.wire().getHlsSessionSecret()).isEqualTo(OTHER_SECRET);
        assertThat(replaced.wire().getRecording().getStorage().getBucket()).isEqualTo("rec");

        HeldSnapshot emptied = applied(delta("", "", "", "", "", "", ", \"suspendedTenants\": []"));
        assertThat(emptied.enforced().suspendedTenants()).isEmpty();
    }

    @Test
    void aDeltaThatIsNotWhatTheSpecDescribesIsRefusedWithThePlace() {
        assertRefused("{\"fromVersion\": 7", "not JSON");
        assertRefused(onlyDomains("{\"name\": \"c.example.com\"}", ""), "domains[0].id: required");
        assertRefused(onlyDomains(push("d-c", "c.example.com", "k") + "," + push("d-c", "c.example.com", "k"), ""),
                "domains[1].id: d-c is listed twice");
        assertRefused(onlyDomains(push("d-b", "b.example.com", "k"), "\"d-b\""),
                "removedDomainIds[0]: d-b is also listed as changed");
        assertRefused(onlyDomains("", "").replace("\"removedDomainIds\": [], ", ""), "removedDomainIds: required");
        assertRefused(onlyDomains(push("d-b", "b.example.com", "kb").replace("\"A\"", "\"ROT13\""), ""),
                "domains[0].scheme");
        assertRefused(delta("", "", "", "", "", "", "").replace("\"version\": 8", "\"version\": \"eight\""),
                "version");
        assertRefused(delta("", "", "{\"domain\": \"a.example.com\", \"app\": \"live\"}", "", "", "", ""),
                "forbiddenStreams[0].stream: required");
        assertRefused(delta("", "", "{\"domain\": \"a.example.com\", \"app\": \"live\", \"stream\": \"x\"}",
                "{\"domain\": \"a.example.com\", \"app\": \"live\", \"stream\": \"X\"}", "", "", ""),
                "removedForbiddenStreams[0]: a.example.com/live/X is also listed as forbidden");
    }

    @Test
    void aDeltaWhoseResultIsNoValidSnapshotIsRefusedAsAWholeOneWouldBe() throws Exception {
        HeldSnapshot held = held();
        ConfigSnapshot noValidity = ConfigDeltas.apply(held, ConfigDeltas.read(
                onlyDomains(push("d-b", "b.example.com", "kb").replace("1800", "0"), "")));
        assertThatThrownBy(() -> reader.held(noValidity, held))
                .isInstanceOf(ConfigSnapshotReader.InvalidSnapshotException.class)
                .hasMessage("domains[2].validitySeconds: must be positive");
    }

    @Test
    void twoDomainsOfOneNameAfterTheDeltaAreRefused() throws Exception {
        HeldSnapshot held = held();
        ConfigSnapshot clash = ConfigDeltas.apply(held, ConfigDeltas.read(
                onlyDomains(push("d-c", "b.example.com", "kc"), "")));
        assertThatThrownBy(() -> reader.held(clash, held))
                .isInstanceOf(ConfigSnapshotReader.InvalidSnapshotException.class)
                .hasMessageContaining("b.example.com is listed twice");
    }

    private void assertRefused(String delta, String message) {
        assertThatThrownBy(() -> applied(delta)).isInstanceOf(ConfigSnapshotReader.InvalidSnapshotException.class)
                .hasMessageContaining(message);
    }
}
