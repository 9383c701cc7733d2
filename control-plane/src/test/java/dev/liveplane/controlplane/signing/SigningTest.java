package dev.liveplane.controlplane.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.StreamAccess;
import dev.liveplane.api.signing.StreamAction;
import dev.liveplane.api.signing.StreamUrl;
import dev.liveplane.api.signing.UrlVerifier;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest
class SigningTest extends ApiTestBase {

    @Test
    void newDomainsSignWithSchemeAFor1800SecondsWithTwoRandomKeys() {
        Api.Tenant tenant = api.signUp("Defaults");
        String first = domain(tenant, "push", null);
        String second = domain(tenant, "push", null);

        JsonNode auth = api.get("/v1/domains/" + first + "/auth", tenant.token()).expect(200).json();
        JsonNode other = api.get("/v1/domains/" + second + "/auth", tenant.token()).expect(200).json();

        assertThat(auth.get("scheme").asText()).isEqualTo("A");
        assertThat(auth.get("validitySeconds").asLong()).isEqualTo(1800);
        assertThat(auth.get("jwtKeys")).isEmpty();
        assertThat(auth.get("primaryKey").asText()).matches("[A-Za-z0-9_-]{32}");
        assertThat(auth.get("secondaryKey").asText()).matches("[A-Za-z0-9_-]{32}")
                .isNotEqualTo(auth.get("primaryKey").asText());
        assertThat(other.get("primaryKey").asText()).isNotEqualTo(auth.get("primaryKey").asText());
    }

    @Test
    void pushUrlsVerifyWithTheDomainsKeysAndSplitForObs() {
        Api.Tenant tenant = api.signUp("Pusher");
        String push = domain(tenant, "push", null);

        JsonNode urls = api.post("/v1/domains/" + push + "/signed-urls", tenant.token(),
                Map.of("app", "live", "stream", "match-1", "ttlSeconds", 600)).expect(200).json();

        String url = urls.get("push").get("url").asText();
        assertThat(url).startsWith("rtmp://" + push + "/live/match-1?auth_key=").doesNotContain("vhost=");
        assertThat(urls.get("push").get("server").asText()).isEqualTo("rtmp://" + push + "/live");
        assertThat(urls.get("push").get("server").asText() + "/" + urls.get("push").get("streamKey").asText())
                .isEqualTo(url);
        assertThat(urls.has("play")).isFalse();
        Instant expiresAt = Instant.parse(urls.get("expiresAt").asText());
        assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofSeconds(590),
                Duration.ofSeconds(600));
        UrlVerifier verifier = verifier(tenant, push);
        assertThat(verifier.verify(access(StreamAction.PUBLISH, url), Instant.now()).isAllowed()).isTrue();
        assertThat(verifier.verify(access(StreamAction.PUBLISH, url), expiresAt.plusSeconds(120)).isAllowed())
                .isFalse();
    }

    @Test
    void playUrlsCoverRtmpFlvAndHlsAndTheLifetimeIsCappedByTheValidity() {
        Api.Tenant tenant = api.signUp("Player");
        String push = domain(tenant, "push", null);
        String pull = domain(tenant, "pull", push);

        JsonNode urls = api.post("/v1/domains/" + pull + "/signed-urls", tenant.token(),
                Map.of("app", "live", "stream", "cam.2", "ttlSeconds", 86_400)).expect(200).json();

        JsonNode play = urls.get("play");
        assertThat(play.get("rtmp").asText()).startsWith("rtmp://" + pull + "/live/cam.2?auth_key=");
        assertThat(play.get("flv").asText()).startsWith("http://" + pull + "/live/cam.2.flv?auth_key=");
        assertThat(play.get("hls").asText()).startsWith("http://" + pull + "/live/cam.2.m3u8?auth_key=");
        assertThat(urls.has("push")).isFalse();
        assertThat(Duration.between(Instant.now(), Instant.parse(urls.get("expiresAt").asText())))
                .isBetween(Duration.ofSeconds(1790), Duration.ofSeconds(1800));
        UrlVerifier verifier = verifier(tenant, pull);
        for (String field : List.of("rtmp", "flv", "hls")) {
            assertThat(verifier.verify(access(StreamAction.PLAY, play.get(field).asText()), Instant.now())
                    .isAllowed()).as(field).isTrue();
        }
    }

    /** The media node reads these paths back into the very names (media-node StreamNamePropertyTest). */
    @Test
    void signedUrlsCarryEveryNameTheApiAcceptsVerbatim() {
        Api.Tenant tenant = api.signUp("Names");
        String push = domain(tenant, "push", null);
        String pull = domain(tenant, "pull", push);
        for (String stream : List.of("cam-1", "room-2024", "x.flv", "a.m3u8", "seg-1.ts", "...", "Cam~1_A", "-1",
                "s".repeat(128))) {
            JsonNode play = api.post("/v1/domains/" + pull + "/signed-urls", tenant.token(),
                    Map.of("app", "live-1", "stream", stream)).expect(200).json().get("play");
            assertThat(StreamUrl.parse(play.get("rtmp").asText()).path()).isEqualTo("/live-1/" + stream);
            assertThat(StreamUrl.parse(play.get("flv").asText()).path()).isEqualTo("/live-1/" + stream + ".flv");
            assertThat(StreamUrl.parse(play.get("hls").asText()).path()).isEqualTo("/live-1/" + stream + ".m3u8");
            String url = api.post("/v1/domains/" + push + "/signed-urls", tenant.token(),
                    Map.of("app", "live-1", "stream", stream)).expect(200).json().get("push").get("url").asText();
            assertThat(StreamUrl.parse(url).path()).isEqualTo("/live-1/" + stream);
        }
        for (String stream : List.of(".", "..", "cam%2D1", "s".repeat(129))) {
            api.post("/v1/domains/" + pull + "/signed-urls", tenant.token(), Map.of("app", "live", "stream", stream))
                    .expectProblem(422, "validation-failed");
        }
    }

    @Test
    void changedSettingsShowAndSign() {
        Api.Tenant tenant = api.signUp("Tencent Style");
        String push = domain(tenant, "push", null);

        JsonNode auth = api.call("PUT", "/v1/domains/" + push + "/auth", tenant.token(), Map.of("scheme", "TX",
                "validitySeconds", 300, "primaryKey", "my-own-primary-key-0001")).expect(200).json();

        assertThat(auth.get("scheme").asText()).isEqualTo("TX");
        assertThat(auth.get("validitySeconds").asLong()).isEqualTo(300);
        assertThat(auth.get("primaryKey").asText()).isEqualTo("my-own-primary-key-0001");
        assertThat(api.get("/v1/domains/" + push + "/auth", tenant.token()).json()).isEqualTo(auth);
        String url = api.post("/v1/domains/" + push + "/signed-urls", tenant.token(),
                Map.of("app", "live", "stream", "s")).expect(200).json().get("push").get("url").asText();
        assertThat(url).contains("txSecret=").contains("txTime=");
        assertThat(verifier(tenant, push).verify(access(StreamAction.PUBLISH, url), Instant.now()).isAllowed())
                .isTrue();
    }

    @Test
    void outOfRangeSettingsAreRefusedAndNothingChanges() {
        Api.Tenant tenant = api.signUp("Ranges");
        String push = domain(tenant, "push", null);
        JsonNode before = api.get("/v1/domains/" + push + "/auth", tenant.token()).json();

        api.call("PUT", "/v1/domains/" + push + "/auth", tenant.token(), Map.of("validitySeconds", 30))
                .expectProblem(422, "validation-failed");
        api.call("PUT", "/v1/domains/" + push + "/auth", tenant.token(), Map.of("primaryKey", "short"))
                .expectProblem(422, "validation-failed");
        api.call("PUT", "/v1/domains/" + push + "/auth", tenant.token(),
                Map.of("primaryKey", "key-with-a-quote'-and-more")).expectProblem(422, "validation-failed");
        api.call("PUT", "/v1/domains/" + push + "/auth", tenant.token(), Map.of("scheme", "MD5"))
                .expectProblem(400, "malformed-request");
        api.post("/v1/domains/" + push + "/signed-urls", tenant.token(), Map.of("app", "live", "stream", "s",
                "ttlSeconds", 10)).expectProblem(422, "validation-failed");
        api.post("/v1/domains/" + push + "/signed-urls", tenant.token(), Map.of("app", "li/ve", "stream", "s"))
                .expectProblem(422, "validation-failed");
        api.post("/v1/domains/" + push + "/signed-urls", tenant.token(), Map.of("app", "..", "stream", "s"))
                .expectProblem(422, "validation-failed");

        assertThat(api.get("/v1/domains/" + push + "/auth", tenant.token()).json()).isEqualTo(before);
    }

    @Test
    void rotationMakesANewPrimaryAndKeepsTheOldOneWorking() {
        Api.Tenant tenant = api.signUp("Rotator");
        String push = domain(tenant, "push", null);
        JsonNode before = api.get("/v1/domains/" + push + "/auth", tenant.token()).json();
        String signedBefore = api.post("/v1/domains/" + push + "/signed-urls", tenant.token(),
                Map.of("app", "live", "stream", "s")).json().get("push").get("url").asText();

        JsonNode after = api.post("/v1/domains/" + push + "/auth/rotate", tenant.token(), null).expect(200).json();

        assertThat(after.get("secondaryKey").asText()).isEqualTo(before.get("primaryKey").asText());
        assertThat(after.get("primaryKey").asText()).isNotIn(before.get("primaryKey").asText(),
                before.get("secondaryKey").asText());
        assertThat(verifier(tenant, push).verify(access(StreamAction.PUBLISH, signedBefore), Instant.now())
                .isAllowed()).isTrue();
    }

    @Test
    void aReplacedKeySignsTheVeryNextUrl() {
        Api.Tenant tenant = api.signUp("Replacer");
        String push = domain(tenant, "push", null);
        JsonNode before = api.get("/v1/domains/" + push + "/auth", tenant.token()).json();
        api.post("/v1/domains/" + push + "/signed-urls", tenant.token(), Map.of("app", "live", "stream", "s"))
                .expect(200);

        api.call("PUT", "/v1/domains/" + push + "/auth", tenant.token(), Map.of("primaryKey",
                "replacement-primary-key-0001")).expect(200);
        String url = api.post("/v1/domains/" + push + "/signed-urls", tenant.token(),
                Map.of("app", "live", "stream", "s")).expect(200).json().get("push").get("url").asText();

        UrlVerifier newKeyOnly = new UrlVerifier(new SigningPolicy(SigningScheme.A, "replacement-primary-key-0001",
                null, Duration.ofSeconds(before.get("validitySeconds").asLong()), List.of()));
        UrlVerifier oldKeyOnly = new UrlVerifier(new SigningPolicy(SigningScheme.A,
                before.get("primaryKey").asText(), null, Duration.ofSeconds(before.get("validitySeconds").asLong()),
                List.of()));
        assertThat(newKeyOnly.verify(access(StreamAction.PUBLISH, url), Instant.now()).isAllowed()).isTrue();
        assertThat(oldKeyOnly.verify(access(StreamAction.PUBLISH, url), Instant.now()).isAllowed()).isFalse();
    }

    @Test
    void jwtKeysAreParsedLimitedAndUniqueByKid() throws JOSEException {
        Api.Tenant tenant = api.signUp("Tokens Offline");
        String push = domain(tenant, "push", null);
        String pull = domain(tenant, "pull", push);
        ECKey first = ecKey("first");

        JsonNode auth = api.post(jwtKeys(pull), tenant.token(), Map.of("jwk", first.toPublicJWK().toJSONString()))
                .expect(200).json();

        assertThat(auth.get("jwtKeys").findValuesAsText("kid")).containsExactly("first");
        assertThat(auth.get("jwtKeys").get(0).get("jwk").asText()).doesNotContain("\"d\"");
        api.post(jwtKeys(pull), tenant.token(), Map.of("jwk", ecKey("first").toPublicJWK().toJSONString()))
                .expectProblem(409, "jwt-key-exists");
        JsonNode privateKey = api.post(jwtKeys(pull), tenant.token(), Map.of("jwk", ecKey("secret").toJSONString()))
                .expectProblem(422, "invalid-jwk");
        assertThat(privateKey.get("detail").asText()).contains("private");
        api.post(jwtKeys(pull), tenant.token(), Map.of("jwk", "{\"kty\":\"oct\",\"k\":\"AAAA\",\"kid\":\"x\"}"))
                .expectProblem(422, "invalid-jwk");
        api.post(jwtKeys(pull), tenant.token(), Map.of("jwk", "not json")).expectProblem(422, "invalid-jwk");
        for (int i = 2; i <= 5; i++) {
            api.post(jwtKeys(pull), tenant.token(), Map.of("jwk", ecKey("k" + i).toPublicJWK().toJSONString()))
                    .expect(200);
        }
        api.post(jwtKeys(pull), tenant.token(), Map.of("jwk", ecKey("k6").toPublicJWK().toJSONString()))
                .expectProblem(409, "jwt-key-limit");
        api.delete(jwtKeys(pull) + "/k3", tenant.token()).expect(204);
        api.delete(jwtKeys(pull) + "/k3", tenant.token()).expectProblem(404, "not-found");
        assertThat(api.get("/v1/domains/" + pull + "/auth", tenant.token()).json().get("jwtKeys")
                .findValuesAsText("kid")).containsExactly("first", "k2", "k4", "k5");
    }

    @Test
    void jwtDomainsAreSignedOfflineAndKeepAKey() throws JOSEException {
        Api.Tenant tenant = api.signUp("Jwt Only");
        String push = domain(tenant, "push", null);
        String pull = domain(tenant, "pull", push);

        api.call("PUT", "/v1/domains/" + pull + "/auth", tenant.token(), Map.of("scheme", "JWT"))
                .expectProblem(422, "jwt-keys-required");
        api.post(jwtKeys(pull), tenant.token(), Map.of("jwk", ecKey("only").toPublicJWK().toJSONString()))
                .expect(200);
        api.call("PUT", "/v1/domains/" + pull + "/auth", tenant.token(), Map.of("scheme", "JWT")).expect(200);

        api.post("/v1/domains/" + pull + "/signed-urls", tenant.token(), Map.of("app", "live", "stream", "s"))
                .expectProblem(409, "signed-offline");
        api.delete(jwtKeys(pull) + "/only", tenant.token()).expectProblem(409, "jwt-key-in-use");
        assertThat(api.get("/v1/domains/" + pull + "/auth", tenant.token()).json().get("jwtKeys")).hasSize(1);
    }

    private String domain(Api.Tenant tenant, String type, String pushDomain) {
        return api.createDomain(tenant, Api.uniqueName(type, "example.com"), type, pushDomain).get("name").asText();
    }

    private UrlVerifier verifier(Api.Tenant tenant, String domain) {
        JsonNode auth = api.get("/v1/domains/" + domain + "/auth", tenant.token()).expect(200).json();
        return new UrlVerifier(new SigningPolicy(SigningScheme.valueOf(auth.get("scheme").asText()),
                auth.get("primaryKey").asText(), auth.get("secondaryKey").asText(),
                Duration.ofSeconds(auth.get("validitySeconds").asLong()), List.of()));
    }

    private static StreamAccess access(StreamAction action, String url) {
        return StreamAccess.of(action, StreamUrl.parse(url), "192.0.2.1");
    }

    private static String jwtKeys(String domain) {
        return "/v1/domains/" + domain + "/auth/jwt-keys";
    }

    private static ECKey ecKey(String kid) throws JOSEException {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    }
}
