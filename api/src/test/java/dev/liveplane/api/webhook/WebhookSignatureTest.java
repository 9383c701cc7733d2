package dev.liveplane.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookSignatureTest {

    private static final WebhookTestVectors VECTORS = WebhookTestVectors.load();

    static List<WebhookTestVectors.SignCase> signCases() {
        return VECTORS.sign();
    }

    static List<WebhookTestVectors.VerifyCase> verifyCases() {
        return VECTORS.verify();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signCases")
    void signsExactlyThePublishedHeader(WebhookTestVectors.SignCase c) {
        String header = WebhookSignature.header(c.secret(), c.timestamp(), c.bodyBytes());

        assertThat(header).isEqualTo(c.expected());
        assertThat(WebhookSignature.verify(c.secret(), header, c.bodyBytes(), VECTORS.tolerance(), c.timestamp())
                .valid()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verifyCases")
    void reachesThePublishedOutcome(WebhookTestVectors.VerifyCase c) {
        WebhookSignature.Verdict verdict = WebhookSignature.verify(c.secret(), c.header(), c.bodyBytes(),
                VECTORS.tolerance(), c.now());

        assertThat(verdict.outcome()).as(verdict.detail()).isEqualTo(c.expected());
        // A refusal's detail is for the receiver's log: it never carries the expected signature.
        assertThat(verdict.detail()).doesNotContain(c.secret());
    }
}
