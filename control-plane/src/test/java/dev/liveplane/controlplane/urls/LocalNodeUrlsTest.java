package dev.liveplane.controlplane.urls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * With {@code liveplane.urls.local-node.*} set (as {@code bin/liveplane} does), the signed URLs name the local node's
 * address and carry the domain as {@code vhost}, and still verify; SigningTest holds the production shape.
 */
@MicronautTest
class LocalNodeUrlsTest extends ApiTestBase {

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.urls.local-node.rtmp", "127.0.0.1:1935",
                "liveplane.urls.local-node.http", "127.0.0.1:8081");
    }

    @Test
    void pushUrlsNameTheLocalNodeAndTheDomainAsVhost() {
        Api.Tenant tenant = api.signUp("Local Pusher");
        String push = domain(tenant, "push", null);

        JsonNode urls = api.post("/v1/domains/" + push + "/signed-urls", tenant.token(),
                Map.of("app", "live", "stream", "demo")).expect(200).json().get("push");

        String url = urls.get("url").asText();
        assertThat(url).matches("rtmp://127\\.0\\.0\\.1:1935/live/demo\\?auth_key=[^&]+&vhost=" + push);
        assertThat(urls.get("server").asText()).isEqualTo("rtmp://127.0.0.1:1935/live?vhost=" + push);
        assertThat(urls.get("streamKey").asText()).matches("demo\\?auth_key=[^&]+");
        assertThat(verifier(tenant, push).verify(access(StreamAction.PUBLISH, url), Instant.now()).isAllowed())
                .isTrue();
    }

    @Test
    void playUrlsNameTheLocalNodeAndTheDomainAsVhost() {
        Api.Tenant tenant = api.signUp("Local Player");
        String push = domain(tenant, "push", null);
        String pull = domain(tenant, "pull", push);

        JsonNode play = api.post("/v1/domains/" + pull + "/signed-urls", tenant.token(),
                Map.of("app", "live", "stream", "demo")).expect(200).json().get("play");

        assertThat(play.get("rtmp").asText()).matches("rtmp://127\\.0\\.0\\.1:1935/live/demo\\?auth_key=[^&]+&vhost="
                + pull);
        assertThat(play.get("flv").asText()).matches("http://127\\.0\\.0\\.1:8081/live/demo\\.flv\\?auth_key=[^&]+"
                + "&vhost=" + pull);
        assertThat(play.get("hls").asText()).matches("http://127\\.0\\.0\\.1:8081/live/demo\\.m3u8\\?auth_key=[^&]+"
                + "&vhost=" + pull);
        UrlVerifier verifier = verifier(tenant, pull);
        for (String field : List.of("rtmp", "flv", "hls")) {
            assertThat(verifier.verify(access(StreamAction.PLAY, play.get(field).asText()), Instant.now())
                    .isAllowed()).as(field).isTrue();
        }
    }

    @Test
    void withoutTheSettingUrlsPassThrough() {
        LocalNodeUrls production = new LocalNodeUrls(null, "");
        String url = "rtmp://push.example.com/live/demo?auth_key=1-0-0-abc";

        assertThat(production.url(url)).isEqualTo(url);
        assertThat(production.url("http://play.example.com/live/demo.flv?auth_key=1-0-0-abc"))
                .isEqualTo("http://play.example.com/live/demo.flv?auth_key=1-0-0-abc");
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
}
