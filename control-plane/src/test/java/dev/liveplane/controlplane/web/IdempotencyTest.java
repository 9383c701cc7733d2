package dev.liveplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

@MicronautTest
class IdempotencyTest extends ApiTestBase {

    @Test
    void repeatingADomainCreateAnswersTheFirstResultAndCreatesNothingMore() {
        Api.Tenant tenant = api.signUp("Retrier");
        String key = UUID.randomUUID().toString();
        String name = Api.uniqueName("push", "example.com");

        Api.Response first = api.post("/v1/domains", tenant.token(), Map.of("name", name, "type", "push"),
                "Idempotency-Key", key).expect(201);
        Api.Response again = api.post("/v1/domains", tenant.token(), "{ \"type\": \"push\",  \"name\": \"" + name
                + "\" }", "Idempotency-Key", key).expect(201);

        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(api.get("/v1/domains", tenant.token()).json().get("items")).hasSize(1);
    }

    @Test
    void repeatingAnApiKeyCreateAnswersTheSameKeyOnce() {
        Api.Tenant tenant = api.signUp("Key Retrier");
        String key = UUID.randomUUID().toString();

        JsonNode first = api.post("/v1/api-keys", tenant.token(), Map.of("name", "ci"), "Idempotency-Key", key)
                .expect(201).json();
        JsonNode again = api.post("/v1/api-keys", tenant.token(), Map.of("name", "ci"), "Idempotency-Key", key)
                .expect(201).json();

        assertThat(again).isEqualTo(first);
        assertThat(api.get("/v1/api-keys", tenant.token()).json().get("items")).hasSize(1);
        api.get("/v1/domains", again.get("secret").asText()).expect(200);
    }

    @Test
    void aKeyReusedForAnotherRequestIsRefusedAndCreatesNothing() {
        Api.Tenant tenant = api.signUp("Reuser");
        String key = UUID.randomUUID().toString();
        String first = Api.uniqueName("push", "example.com");
        String second = Api.uniqueName("push", "example.com");
        api.post("/v1/domains", tenant.token(), Map.of("name", first, "type", "push"), "Idempotency-Key", key)
                .expect(201);

        api.post("/v1/domains", tenant.token(), Map.of("name", second, "type", "push"), "Idempotency-Key", key)
                .expectProblem(422, "idempotency-key-reused");
        api.post("/v1/api-keys", tenant.token(), Map.of("name", "x"), "Idempotency-Key", key)
                .expectProblem(422, "idempotency-key-reused");

        api.get("/v1/domains/" + second, tenant.token()).expectProblem(404, "not-found");
        assertThat(api.get("/v1/api-keys", tenant.token()).json().get("items")).isEmpty();
    }

    @Test
    void keysArePerTenant() {
        Api.Tenant one = api.signUp("One");
        Api.Tenant two = api.signUp("Two");
        String key = UUID.randomUUID().toString();

        JsonNode first = api.post("/v1/api-keys", one.token(), Map.of("name", "same"), "Idempotency-Key", key)
                .expect(201).json();
        JsonNode second = api.post("/v1/api-keys", two.token(), Map.of("name", "same"), "Idempotency-Key", key)
                .expect(201).json();

        assertThat(second.get("id")).isNotEqualTo(first.get("id"));
    }

    @Test
    void aFailedCreateIsNotRemembered() {
        Api.Tenant tenant = api.signUp("Failer");
        String key = UUID.randomUUID().toString();

        api.post("/v1/domains", tenant.token(), Map.of("name", "not a name", "type", "push"), "Idempotency-Key", key)
                .expectProblem(422, "invalid-domain-name");

        api.post("/v1/domains", tenant.token(), Map.of("name", "not a name", "type", "push"), "Idempotency-Key", key)
                .expectProblem(422, "invalid-domain-name");
    }

    @Test
    void concurrentRepeatsCreateOneObject() throws Exception {
        Api.Tenant tenant = api.signUp("Racer");
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CompletableFuture<?>[] calls = new CompletableFuture<?>[4];
            for (int i = 0; i < calls.length; i++) {
                calls[i] = CompletableFuture.supplyAsync(() -> api.post("/v1/api-keys", tenant.token(),
                        Map.of("name", "racing"), "Idempotency-Key", key), pool);
            }
            CompletableFuture.allOf(calls).get();
            for (CompletableFuture<?> call : calls) {
                ((Api.Response) call.get()).expect(201);
            }
        } finally {
            pool.shutdown();
        }

        assertThat(api.get("/v1/api-keys", tenant.token()).json().get("items")).hasSize(1);
    }

    @Test
    void idempotencyKeysHaveALengthLimit() {
        Api.Tenant tenant = api.signUp("Long Key");

        api.post("/v1/api-keys", tenant.token(), Map.of("name", "x"), "Idempotency-Key", "k".repeat(129))
                .expectProblem(400, "invalid-parameter");
    }
}
