package dev.liveplane.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.api.webhook.WebhookSignature.Outcome;
import dev.liveplane.api.webhook.WebhookTestVectors;
import dev.liveplane.sdk.exception.WebhookSignatureException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The SDK's webhook check reaches the api module's published outcome for every vector, as its own exception. */
class WebhookSignatureVectorsTest {

    private static final WebhookTestVectors VECTORS = WebhookTestVectors.load();

    static List<WebhookTestVectors.VerifyCase> verifyCases() {
        return VECTORS.verify();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verifyCases")
    void reachesThePublishedOutcome(WebhookTestVectors.VerifyCase c) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(c.now()), ZoneOffset.UTC);
        if (c.expected() == Outcome.VALID) {
            assertThatCode(() -> WebhookSignature.verify(c.secret(), c.header(), c.bodyBytes(), VECTORS.tolerance(),
                    clock)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> WebhookSignature.verify(c.secret(), c.header(), c.bodyBytes(),
                    VECTORS.tolerance(), clock)).isInstanceOfSatisfying(WebhookSignatureException.class,
                            e -> assertThat(e.reason().name()).isEqualTo(c.expected().name()));
        }
    }
}
