package dev.liveplane.media.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.api.streamkey.StreamKeyCredential;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A publish's stream name read against the snapshot's stream keys: the key's stream, or why not, never the secret. */
class StreamKeyTableTest {

    private static final String ID = "01jd2k3m4n5p6q7r8s9t0vwxyz";
    private static final String PUSH = "push.example.com";

    private final StreamKeyCredential key = StreamKeyCredential.generate(ID);
    private final StreamKeyTable table = new StreamKeyTable(Map.of(ID,
            new StreamKeyTable.Grant(new StreamKey(PUSH, "live", "studio"), key.secretHash())));

    @Test
    void aValidKeyPublishesItsStream() {
        StreamKeyTable.Match match = table.match(new StreamKey(PUSH, "Live", key.text()));

        assertThat(match.isKey()).isTrue();
        assertThat(match.refusal()).isNull();
        assertThat(match.keyId()).isEqualTo(ID);
        assertThat(match.stream()).isEqualTo(new StreamKey(PUSH, "live", "studio"));
        assertThat(table.isActive(ID)).isTrue();
    }

    @Test
    void anOrdinaryStreamNameIsNoKey() {
        assertThat(table.match(new StreamKey(PUSH, "live", "studio"))).isSameAs(StreamKeyTable.Match.NOT_A_KEY);
        assertThat(StreamKeyTable.NONE.match(new StreamKey(PUSH, "live", "demo")).isKey()).isFalse();
    }

    @Test
    void everyOtherKeyIsRefusedWithAReasonThatHoldsNoSecret() {
        String forged = StreamKeyCredential.generate(ID).text();
        String unknown = StreamKeyCredential.generate("01jd2k3m4n5p6q7r8s9t0vwxy0").text();
        Map<StreamKey, String> refused = Map.of(
                new StreamKey(PUSH, "live", forged), "wrong secret",
                new StreamKey(PUSH, "live", unknown), "unknown or revoked",
                new StreamKey("other.example.com", "live", key.text()), "not one of domain other.example.com",
                new StreamKey(PUSH, "vod", key.text()), "publishes to app live",
                new StreamKey(PUSH, "live", "lpsk_garbled"), "malformed");

        refused.forEach((addressed, reason) -> {
            StreamKeyTable.Match match = table.match(addressed);
            assertThat(match.isKey()).as("%s", addressed).isTrue();
            assertThat(match.stream()).isNull();
            assertThat(match.refusal()).contains(reason).doesNotContain(key.secret())
                    .doesNotContain(forged.substring(32)).doesNotContain(unknown.substring(32));
        });
        assertThat(StreamKeyTable.NONE.match(new StreamKey(PUSH, "live", key.text())).refusal())
                .contains("unknown or revoked");
    }
}
