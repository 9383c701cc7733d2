package dev.liveplane.sdk;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Mistakes in configuring a client are refused when made, with what to do instead. */
class ClientBuilderTest {

    @Test
    void anEndpointIsRequired() {
        assertThatThrownBy(() -> Liveplane.builder().apiKey(Bodies.API_KEY).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("http://localhost:8080");
    }

    @Test
    void theEndpointMustBeAnHttpUrl() {
        assertThatThrownBy(() -> Liveplane.builder().endpoint(URI.create("localhost:8080")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)");
    }

    @Test
    void aSessionTokenPassedAsAnApiKeyIsCaught() {
        assertThatThrownBy(() -> Liveplane.builder().apiKey("eyJhbGciOiJIUzI1NiJ9.e30.x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accessToken");
    }

    @Test
    void negativeRetriesAndEmptyTimeoutsAreRefused() {
        assertThatThrownBy(() -> Liveplane.builder().maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Liveplane.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Liveplane.builder().endpoint(URI.create("http://localhost:8080"))
                .backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base delay");
    }
}
