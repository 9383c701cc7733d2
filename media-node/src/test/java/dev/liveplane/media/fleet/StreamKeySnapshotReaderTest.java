package dev.liveplane.media.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.api.streamkey.StreamKeyCredential;
import dev.liveplane.media.auth.DomainSnapshot;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The snapshot's {@code streamKeys} into the node's key table: absent is none, a bad entry refuses the snapshot. */
class StreamKeySnapshotReaderTest {

    private static final String ID = "01jd2k3m4n5p6q7r8s9t0vwxyz";
    private final ConfigSnapshotReader reader = new ConfigSnapshotReader(Clock.systemUTC());

    private static String snapshot(String streamKeys) {
        return """
                {"version": 7, "generatedAt": "2025-01-01T00:00:00Z",
                 "hlsSessionSecret": "ZmxlZXQtaGxzLXNlc3Npb24tc2VjcmV0LTAxMjM0NTY3ODk=",
                 "domains": [{"name": "push.example.com", "tenantId": "t1", "type": "push", "enabled": true,
                   "scheme": "A", "validitySeconds": 1800, "primaryKey": "k1", "jwtKeys": [], "refererAllow": [],
                   "refererDeny": [], "ipAllow": [], "ipDeny": []}],
                 "forbiddenStreams": [], "suspendedTenants": []%s}
                """.formatted(streamKeys);
    }

    private static String key(String id, String hash) {
        return """
                {"id": "%s", "domain": "push.example.com", "app": "live", "stream": "studio", "secretHash": "%s"}
                """.formatted(id, hash);
    }

    @Test
    void theActiveKeysAreReadAndAnAbsentListIsNone() throws Exception {
        StreamKeyCredential credential = StreamKeyCredential.generate(ID);
        DomainSnapshot snapshot = reader.read(snapshot(", \"streamKeys\": [" + key(ID, credential.secretHash())
                + "]"));

        assertThat(snapshot.streamKeys().isActive(ID)).isTrue();
        assertThat(snapshot.streamKeys().match(new StreamKey("push.example.com", "live", credential.text())).stream())
                .isEqualTo(new StreamKey("push.example.com", "live", "studio"));
        assertThat(reader.read(snapshot("")).streamKeys().size()).isZero();
    }

    @Test
    void aBadEntryRefusesTheWholeSnapshotNamingThePlace() {
        assertThatThrownBy(() -> reader.read(snapshot(", \"streamKeys\": [" + key(ID, "") + "]")))
                .hasMessageContaining("streamKeys[0].secretHash");
        assertThatThrownBy(() -> reader.read(snapshot(", \"streamKeys\": [" + key(ID, "ab") + "," + key(ID, "cd")
                + "]"))).hasMessageContaining("streamKeys[1].id").hasMessageContaining("twice");
    }
}
