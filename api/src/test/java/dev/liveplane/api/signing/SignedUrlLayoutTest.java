package dev.liveplane.api.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SignedUrlLayoutTest {

    static List<UrlLayoutTestVectors.Case> cases() {
        return UrlLayoutTestVectors.load().cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void laysOutExactlyThePublishedUrls(UrlLayoutTestVectors.Case c) {
        String domain = c.policy().domain();
        if (c.push() != null) {
            SignedUrlLayout.Push push = SignedUrlLayout.push(domain, c.app(), c.stream(), c::sign);
            assertThat(push).isEqualTo(c.push());
            // OBS joins its two fields with a slash: what it sends must be the signed URL itself.
            assertThat(push.server() + "/" + push.streamKey()).isEqualTo(push.url());
        } else {
            assertThat(SignedUrlLayout.play(domain, c.app(), c.stream(), c::sign)).isEqualTo(c.play());
        }
    }
}
