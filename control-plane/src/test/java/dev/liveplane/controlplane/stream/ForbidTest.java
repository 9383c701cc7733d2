package dev.liveplane.controlplane.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.config.ConfigVersion;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class ForbidTest extends ApiTestBase {

    @Inject
    ConfigVersion configVersion;

    @Test
    void aForbidHoldsUntilResumedAndEveryChangeBumpsTheConfigVersion() {
        Api.Tenant tenant = api.signUp("Moderator");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                .get("name").asText();
        long v0 = configVersion.current();

        JsonNode forever = api.post("/v1/streams/" + push.toUpperCase() + "/live/bad/forbid", tenant.token(), null)
                .expect(200).json();

        assertThat(forever.get("domain").asText()).isEqualTo(push);
        assertThat(forever.get("app").asText()).isEqualTo("live");
        assertThat(forever.get("stream").asText()).isEqualTo("bad");
        assertThat(forever.has("until")).isFalse();
        assertThat(forever.get("createdAt").asText()).isNotBlank();
        long v1 = configVersion.current();
        assertThat(v1).isGreaterThan(v0);

        OffsetDateTime until = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).truncatedTo(ChronoUnit.MILLIS);
        JsonNode timed = api.post("/v1/streams/" + push + "/live/loud/forbid", tenant.token(),
                Map.of("until", until.toString(), "reason", "too loud")).expect(200).json();
        assertThat(OffsetDateTime.parse(timed.get("until").asText())).isEqualTo(until);
        assertThat(timed.get("reason").asText()).isEqualTo("too loud");
        assertThat(configVersion.current()).isGreaterThan(v1);

        JsonNode listed = api.get("/v1/streams/forbidden?domain=" + push, tenant.token()).expect(200).json();
        assertThat(listed.get("items").findValuesAsText("stream")).containsExactly("bad", "loud");
        assertThat(listed.get("items").get(1)).isEqualTo(timed);
        JsonNode page = api.get("/v1/streams/forbidden?pageSize=1", tenant.token()).expect(200).json();
        assertThat(page.get("items").findValuesAsText("stream")).containsExactly("bad");
        assertThat(api.get("/v1/streams/forbidden?pageSize=1&pageToken=" + page.get("nextPageToken").asText(),
                tenant.token()).json().get("items").findValuesAsText("stream")).containsExactly("loud");

        // Forbidding again replaces until (here: now forever).
        JsonNode again = api.post("/v1/streams/" + push + "/live/loud/forbid", tenant.token(), Map.of())
                .expect(200).json();
        assertThat(again.has("until")).isFalse();
        assertThat(api.get("/v1/streams/forbidden", tenant.token()).json().get("items").get(1).has("until"))
                .isFalse();

        long v2 = configVersion.current();
        api.post("/v1/streams/" + push + "/live/bad/resume", tenant.token(), null).expect(204);
        assertThat(configVersion.current()).isGreaterThan(v2);
        api.post("/v1/streams/" + push + "/live/bad/resume", tenant.token(), null).expect(204);
        api.post("/v1/streams/" + push + "/live/never-forbidden/resume", tenant.token(), null).expect(204);
        assertThat(api.get("/v1/streams/forbidden", tenant.token()).json().get("items").findValuesAsText("stream"))
                .containsExactly("loud");
    }

    @Test
    void anExpiredForbidLeavesTheList() throws InterruptedException {
        Api.Tenant tenant = api.signUp("Brief");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                .get("name").asText();

        api.post("/v1/streams/" + push + "/live/s/forbid", tenant.token(),
                Map.of("until", OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(1).toString())).expect(200);
        assertThat(api.get("/v1/streams/forbidden", tenant.token()).json().get("items")).hasSize(1);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (api.get("/v1/streams/forbidden", tenant.token()).json().get("items").size() > 0) {
            assertThat(System.nanoTime()).as("the forbid expired from the list").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void untilMustBeInTheFutureAndOnlyPushDomainsHaveStreams() {
        Api.Tenant tenant = api.signUp("Strict");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                .get("name").asText();
        String pull = api.createDomain(tenant, Api.uniqueName("play", "example.com"), "pull", push)
                .get("name").asText();
        long before = configVersion.current();

        JsonNode past = api.post("/v1/streams/" + push + "/live/s/forbid", tenant.token(),
                Map.of("until", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).toString()))
                .expectProblem(422, "validation-failed");
        assertThat(past.get("errors").get(0).get("field").asText()).isEqualTo("until");
        JsonNode pulled = api.post("/v1/streams/" + pull + "/live/s/forbid", tenant.token(), null)
                .expectProblem(422, "not-a-push-domain");
        assertThat(pulled.get("detail").asText()).contains(push);
        api.post("/v1/streams/" + pull + "/live/s/resume", tenant.token(), null)
                .expectProblem(422, "not-a-push-domain");
        api.post("/v1/streams/nobody.example.net/live/s/forbid", tenant.token(), null)
                .expectProblem(404, "not-found");
        api.post("/v1/streams/nobody.example.net/live/s/resume", tenant.token(), null)
                .expectProblem(404, "not-found");
        api.post("/v1/streams/" + push + "/live/s/forbid", tenant.token(), Map.of("until", "tomorrow"))
                .expectProblem(400, "malformed-request");
        api.post("/v1/streams/" + push + "/live/s/forbid", tenant.token(), Map.of("reason", "x".repeat(201)))
                .expectProblem(422, "validation-failed");

        assertThat(configVersion.current()).isEqualTo(before);
        assertThat(api.get("/v1/streams/forbidden", tenant.token()).json().get("items")).isEmpty();
    }
}
