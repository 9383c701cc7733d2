package dev.liveplane.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamKeyTest {

    @Test
    void keysThatDifferOnlyInCaseAreOneStream() {
        StreamKey forbidden = new StreamKey("push.example.com", "live", "Demo");
        StreamKey published = new StreamKey("PUSH.example.com", "LIVE", "demo");

        assertThat(published).isEqualTo(forbidden).hasSameHashCodeAs(forbidden);
        assertThat(published.match()).isEqualTo(forbidden.match()).isEqualTo("push.example.com\nlive\ndemo");
        assertThat(published.identity()).isEqualTo(forbidden.identity()).isEqualTo("push.example.com/live/demo");
        Map<StreamKey, String> byKey = new HashMap<>();
        byKey.put(forbidden, "forbidden");
        assertThat(byKey).containsEntry(published, "forbidden");
    }

    @Test
    void appAndStreamKeepTheirSpellingForDisplayTheDomainIsLowerCase() {
        StreamKey key = new StreamKey("Push.Example.COM", "Live", "Cam");

        assertThat(key.domain()).isEqualTo("push.example.com");
        assertThat(key.app()).isEqualTo("Live");
        assertThat(key.stream()).isEqualTo("Cam");
        assertThat(key).hasToString("push.example.com/Live/Cam");
    }

    @Test
    void differentNamesStayDifferent() {
        StreamKey key = new StreamKey("push.example.com", "live", "cam");

        assertThat(key).isNotEqualTo(new StreamKey("push.example.com", "live", "cam2"))
                .isNotEqualTo(new StreamKey("push.example.com", "live2", "cam"))
                .isNotEqualTo(new StreamKey("play.example.com", "live", "cam"));
        // The parts are joined with a character no part holds, so moving a boundary never makes two keys one.
        assertThat(new StreamKey("d", "a.b", "c")).isNotEqualTo(new StreamKey("d", "a", "b.c"));
    }

    @Test
    void caseFoldingIgnoresTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            // Turkish lowercases I to a dotless i, which would make LIVE/ID and live/id two streams.
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(new StreamKey("PUSH.EXAMPLE.COM", "LIVE", "ID"))
                    .isEqualTo(new StreamKey("push.example.com", "live", "id"));
            assertThat(new StreamKey("PUSH.EXAMPLE.COM", "LIVE", "ID").domain()).isEqualTo("push.example.com");
        } finally {
            Locale.setDefault(before);
        }
    }
}
