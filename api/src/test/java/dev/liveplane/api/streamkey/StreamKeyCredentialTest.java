package dev.liveplane.api.streamkey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamKeyCredentialTest {

    private static final String ID = "01jd2k3m4n5p6q7r8s9t0vwxyz";

    @Test
    void aGeneratedKeyReadsBackAndMatchesOnlyItsOwnHash() {
        StreamKeyCredential key = StreamKeyCredential.generate(ID);
        String text = key.text();

        assertThat(text).startsWith("lpsk_" + ID + "_").hasSize(5 + 26 + 1 + 43).matches("[A-Za-z0-9_.~-]+");
        StreamKeyCredential read = StreamKeyCredential.parse(text).orElseThrow();
        assertThat(read).isEqualTo(key);
        assertThat(read.matches(key.secretHash())).isTrue();
        assertThat(read.matches(StreamKeyCredential.generate(ID).secretHash())).isFalse();
        assertThat(key.secretHash()).hasSize(64).doesNotContain(key.secret());
        assertThat(key.toString()).doesNotContain(key.secret());
    }

    @Test
    void otherTextIsNoKey() {
        assertThat(StreamKeyCredential.parse("demo")).isEmpty();
        assertThat(StreamKeyCredential.parse("lpk_" + ID + "_" + "a".repeat(43))).isEmpty();
        assertThat(StreamKeyCredential.parse("lpsk_" + ID + "_" + "a".repeat(42))).isEmpty();
        assertThat(StreamKeyCredential.looksLikeOne("demo")).isFalse();
        assertThat(StreamKeyCredential.looksLikeOne("lpsk_whatever")).isTrue();
    }

    @Test
    void aRedactedKeyKeepsItsIdOnly() {
        StreamKeyCredential key = StreamKeyCredential.generate(ID);

        assertThat(StreamKeyCredential.redact(key.text())).isEqualTo("lpsk_" + ID + "_***");
        assertThat(StreamKeyCredential.redact("lpsk_garbled-secret")).isEqualTo("lpsk_***");
        assertThat(StreamKeyCredential.redact("demo")).isEqualTo("demo");
    }
}
