package dev.liveplane.controlplane.streamkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.api.streamkey.StreamKeyCredential;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.config.ConfigVersion;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A push domain's stream keys through the API: the value shown once and never listed, revoke and rotate, another
 * tenant's domain or key not found, pull domains refused, and the config snapshot carrying each active key's hash
 * (never its secret) so nodes accept it.
 */
@MicronautTest(transactional = false)
class StreamKeyTest extends ApiTestBase {

    @Inject
    ConfigVersion configVersion;

    private Api.Tenant tenant;
    private String push;
    private String pull;
    private String nodeCredential;
    private String nodeId;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.fleet.serve-unverified-domains", "true");
    }

    @BeforeAll
    void aTenantWithDomainsAndANode() {
        tenant = api.signUp("Broadcaster");
        push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null).get("name").asText();
        pull = api.createDomain(tenant, Api.uniqueName("play", "example.com"), "pull", push).get("name").asText();
        String bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();
        JsonNode node = api.post("/internal/v1/nodes/register", bootstrap, Map.of("address", "203.0.113.9",
                "rtmpPort", 1935, "httpPort", 8081, "region", "test-1")).expect(201).json();
        nodeId = node.get("nodeId").asText();
        nodeCredential = node.get("credential").asText();
    }

    @Test
    void aKeyIsShownOnceReadyForObsAndListedWithoutItsValue() {
        long before = configVersion.current();
        Api.Response response = api.post(keys(push), tenant.token(),
                Map.of("app", "live", "stream", "studio", "description", "studio OBS")).expect(201);
        JsonNode created = response.json();

        String id = created.get("id").asText();
        String value = created.get("value").asText();
        assertThat(value).startsWith("lpsk_" + id + "_");
        assertThat(StreamKeyCredential.parse(value)).isPresent();
        assertThat(created.get("streamKey").asText()).isEqualTo(value);
        assertThat(created.get("server").asText()).isEqualTo("rtmp://" + push + "/live");
        assertThat(created.get("url").asText()).isEqualTo("rtmp://" + push + "/live/" + value);
        assertThat(created.get("domain").asText()).isEqualTo(push);
        assertThat(created.get("app").asText()).isEqualTo("live");
        assertThat(created.get("stream").asText()).isEqualTo("studio");
        assertThat(created.get("description").asText()).isEqualTo("studio OBS");
        assertThat(created.get("createdAt").asText()).isNotBlank();
        assertThat(response.header("Location")).isEqualTo("/v1/domains/" + push + "/stream-keys/" + id);
        assertThat(configVersion.current()).as("nodes must learn the key").isGreaterThan(before);

        JsonNode listed = api.get(keys(push), tenant.token()).expect(200).json();
        JsonNode item = find(listed.get("items"), id);
        assertThat(item.get("stream").asText()).isEqualTo("studio");
        assertThat(item.get("server").asText()).isEqualTo("rtmp://" + push + "/live");
        assertThat(item.has("value")).isFalse();
        assertThat(item.has("streamKey")).isFalse();
        assertThat(api.get(keys(push), tenant.token()).body()).doesNotContain(value.substring(32));
    }

    @Test
    void listsArePaginatedOldestFirst() {
        String domain = api.createDomain(tenant, Api.uniqueName("paged", "example.com"), "push", null).get("name")
                .asText();
        List<String> ids = List.of("a", "b", "c").stream().map(stream -> api.post(keys(domain), tenant.token(),
                Map.of("app", "live", "stream", stream)).expect(201).json().get("id").asText()).toList();

        JsonNode first = api.get(keys(domain) + "?pageSize=2", tenant.token()).expect(200).json();
        assertThat(first.get("items").findValuesAsText("id")).containsExactly(ids.get(0), ids.get(1));
        JsonNode second = api.get(keys(domain) + "?pageSize=2&pageToken=" + first.get("nextPageToken").asText(),
                tenant.token()).expect(200).json();
        assertThat(second.get("items").findValuesAsText("id")).containsExactly(ids.get(2));
        assertThat(second.has("nextPageToken")).isFalse();
    }

    @Test
    void aRevokedKeyLeavesTheListAndTheSnapshot() {
        JsonNode created = api.post(keys(push), tenant.token(), Map.of("app", "live", "stream", "gone")).expect(201)
                .json();
        String id = created.get("id").asText();
        StreamKeyCredential key = StreamKeyCredential.parse(created.get("value").asText()).orElseThrow();
        JsonNode inSnapshot = find(snapshot().get("streamKeys"), id);
        assertThat(inSnapshot.get("domain").asText()).isEqualTo(push);
        assertThat(inSnapshot.get("app").asText()).isEqualTo("live");
        assertThat(inSnapshot.get("stream").asText()).isEqualTo("gone");
        assertThat(key.matches(inSnapshot.get("secretHash").asText())).isTrue();
        assertThat(snapshot().toString()).doesNotContain(key.secret());

        long before = configVersion.current();
        api.delete(keys(push) + "/" + id, tenant.token()).expect(204);

        assertThat(configVersion.current()).isGreaterThan(before);
        assertThat(api.get(keys(push), tenant.token()).json().get("items").findValuesAsText("id")).doesNotContain(id);
        assertThat(snapshot().get("streamKeys").findValuesAsText("id")).doesNotContain(id);
        api.delete(keys(push) + "/" + id, tenant.token()).expectProblem(404, "not-found");
    }

    @Test
    void rotatingGivesANewKeyForTheSameStreamAndRevokesTheOld() {
        JsonNode old = api.post(keys(push), tenant.token(),
                Map.of("app", "live", "stream", "rotated", "description", "van")).expect(201).json();
        String oldId = old.get("id").asText();

        Api.Response response = api.post(keys(push) + "/" + oldId + "/rotate", tenant.token(), null).expect(201);
        JsonNode rotated = response.json();

        String newId = rotated.get("id").asText();
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(rotated.get("value").asText()).startsWith("lpsk_" + newId + "_")
                .isNotEqualTo(old.get("value").asText());
        assertThat(rotated.get("app").asText()).isEqualTo("live");
        assertThat(rotated.get("stream").asText()).isEqualTo("rotated");
        assertThat(rotated.get("description").asText()).isEqualTo("van");
        assertThat(response.header("Location")).isEqualTo("/v1/domains/" + push + "/stream-keys/" + newId);
        List<String> listed = api.get(keys(push) + "?pageSize=100", tenant.token()).json().get("items")
                .findValuesAsText("id");
        assertThat(listed).contains(newId).doesNotContain(oldId);
        List<String> inSnapshot = snapshot().get("streamKeys").findValuesAsText("id");
        assertThat(inSnapshot).contains(newId).doesNotContain(oldId);
        api.post(keys(push) + "/" + oldId + "/rotate", tenant.token(), null).expectProblem(404, "not-found");
    }

    @Test
    void anotherTenantFindsNeitherTheDomainNorTheKey() {
        String id = api.post(keys(push), tenant.token(), Map.of("app", "live", "stream", "mine")).expect(201).json()
                .get("id").asText();
        Api.Tenant other = api.signUp("Intruder");
        String otherPush = api.createDomain(other, Api.uniqueName("push", "example.com"), "push", null).get("name")
                .asText();

        api.get(keys(push), other.token()).expectProblem(404, "not-found");
        api.post(keys(push), other.token(), Map.of("app", "live", "stream", "x")).expectProblem(404, "not-found");
        api.delete(keys(push) + "/" + id, other.token()).expectProblem(404, "not-found");
        api.post(keys(push) + "/" + id + "/rotate", other.token(), null).expectProblem(404, "not-found");
        // Its own domain does not reach another domain's key either.
        api.delete(keys(otherPush) + "/" + id, other.token()).expectProblem(404, "not-found");
        api.post(keys(otherPush) + "/" + id + "/rotate", other.token(), null).expectProblem(404, "not-found");

        assertThat(api.get(keys(push) + "?pageSize=100", tenant.token()).json().get("items").findValuesAsText("id"))
                .contains(id);
    }

    @Test
    void pullDomainsAndBadNamesAreRefused() {
        JsonNode problem = api.post(keys(pull), tenant.token(), Map.of("app", "live", "stream", "x"))
                .expectProblem(422, "not-a-push-domain");
        assertThat(problem.get("detail").asText()).contains(push);
        api.get(keys(pull), tenant.token()).expectProblem(422, "not-a-push-domain");

        api.post(keys(push), tenant.token(), Map.of("app", "live", "stream", ".."))
                .expectProblem(422, "validation-failed");
        api.post(keys(push), tenant.token(), Map.of("app", "live", "stream", "a/b"))
                .expectProblem(422, "validation-failed");
        JsonNode keyLike = api.post(keys(push), tenant.token(), Map.of("app", "live", "stream", "lpsk_x"))
                .expectProblem(422, "validation-failed");
        assertThat(keyLike.get("errors").get(0).get("field").asText()).isEqualTo("stream");
        api.post(keys(push), tenant.token(), Map.of("app", "live")).expectProblem(422, "validation-failed");
    }

    @Test
    void aRemovedDomainTakesItsKeysAlong() {
        String domain = api.createDomain(tenant, Api.uniqueName("brief", "example.com"), "push", null).get("name")
                .asText();
        String id = api.post(keys(domain), tenant.token(), Map.of("app", "live", "stream", "s")).expect(201).json()
                .get("id").asText();
        assertThat(snapshot().get("streamKeys").findValuesAsText("id")).contains(id);

        api.delete("/v1/domains/" + domain, tenant.token()).expect(204);

        assertThat(snapshot().get("streamKeys").findValuesAsText("id")).doesNotContain(id);
    }

    private static String keys(String domain) {
        return "/v1/domains/" + domain + "/stream-keys";
    }

    /** The snapshot of the version committed now, as a node behind it gets it (at once, or on the next tick). */
    private JsonNode snapshot() {
        long now = configVersion.current();
        JsonNode snapshot = api.get("/internal/v1/nodes/" + nodeId + "/config?version=" + (now - 1), nodeCredential)
                .expect(200).json();
        assertThat(snapshot.get("version").asLong()).isGreaterThanOrEqualTo(now);
        return snapshot;
    }

    private static JsonNode find(JsonNode items, String id) {
        return StreamSupport.stream(items.spliterator(), false).filter(item -> id.equals(item.get("id").asText()))
                .findFirst().orElseThrow(() -> new AssertionError(id + " not in " + items));
    }
}
