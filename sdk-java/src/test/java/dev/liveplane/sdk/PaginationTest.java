package dev.liveplane.sdk;

import static dev.liveplane.sdk.ScriptedServer.Reply.json;
import static dev.liveplane.sdk.ScriptedServer.Reply.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.sdk.exception.InvalidRequestException;
import dev.liveplane.sdk.generated.model.ApiKey;
import dev.liveplane.sdk.generated.model.Domain;
import dev.liveplane.sdk.generated.model.DomainType;
import dev.liveplane.sdk.generated.model.Tenant;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PaginationTest {

    private final ScriptedServer server = ScriptedServer.start();
    private final LiveplaneClient client = Liveplane.builder().endpoint(server.uri()).apiKey(Bodies.API_KEY)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(10)).build();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void domainsAcrossThreePagesFollowingNextPageToken() {
        server.then(json(200, Bodies.domainPage("p2", "a.example.com", "b.example.com")),
                json(200, Bodies.domainPage("p3", "c.example.com")),
                json(200, Bodies.domainPage(null, "d.example.com", "e.example.com")));

        List<String> names = client.domains().list().stream().map(Domain::getName).toList();

        assertThat(names).containsExactly("a.example.com", "b.example.com", "c.example.com", "d.example.com",
                "e.example.com");
        assertThat(server.requests()).extracting(ScriptedServer.Request::path).containsOnly("/v1/domains");
        assertThat(server.requests()).extracting(r -> query(r.query())).containsExactly(
                Map.of("pageSize", "100"),
                Map.of("pageSize", "100", "pageToken", "p2"),
                Map.of("pageSize", "100", "pageToken", "p3"));
    }

    @Test
    void nextPageIsFetchedOnlyWhenIterationReachesIt() {
        server.then(json(200, Bodies.domainPage("p2", "a.example.com", "b.example.com")),
                json(200, Bodies.domainPage(null, "c.example.com")));

        PagedIterable<Domain> domains = client.domains().list();
        assertThat(server.requests()).isEmpty();

        Iterator<Domain> iterator = domains.iterator();
        iterator.next();
        iterator.next();
        assertThat(server.requests()).hasSize(1);

        assertThat(iterator.next().getName()).isEqualTo("c.example.com");
        assertThat(iterator.hasNext()).isFalse();
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void eachIterationStartsAgainFromTheFirstPage() {
        server.then(json(200, Bodies.domainPage("p2", "a.example.com")), json(200, Bodies.domainPage(null)),
                json(200, Bodies.domainPage("p2", "a.example.com")), json(200, Bodies.domainPage(null)));
        PagedIterable<Domain> domains = client.domains().list();

        assertThat(domains.stream().count()).isEqualTo(1);
        assertThat(domains.stream().count()).isEqualTo(1);
        assertThat(server.requests()).extracting(r -> query(r.query()).get("pageToken"))
                .containsExactly(null, "p2", null, "p2");
    }

    @Test
    void anEmptyPageThatNamesANextOneIsPassedOver() {
        server.then(json(200, Bodies.domainPage("p2")), json(200, Bodies.domainPage(null, "a.example.com")));

        assertThat(client.domains().list()).extracting(Domain::getName).containsExactly("a.example.com");
    }

    @Test
    void opaqueTokensAndTheTypeFilterAreSentIntact() {
        String token = "eyJuIjoiYi5leGFtcGxlLmNvbSJ9+/=";
        server.then(json(200, Bodies.domainPage(token, "a.example.com")), json(200, Bodies.domainPage(null)));

        client.domains().list(DomainType.PULL).forEach(domain -> { });

        assertThat(query(server.requests().get(0).query())).containsEntry("type", "pull");
        assertThat(query(server.requests().get(1).query())).containsEntry("type", "pull")
                .containsEntry("pageToken", token);
    }

    @Test
    void aFailingPageStopsTheIterationWithItsProblem() {
        server.then(json(200, Bodies.domainPage("stale", "a.example.com")),
                problem(400, Bodies.problem(400, "bad-page-token", "Bad page token", "start the list again")));
        Iterator<Domain> iterator = client.domains().list().iterator();
        iterator.next();

        assertThatThrownBy(iterator::hasNext).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("start the list again");
    }

    @Test
    void apiKeysAcrossPages() {
        server.then(json(200, Bodies.apiKeyPage("p2", "k1", "k2")), json(200, Bodies.apiKeyPage(null, "k3")));

        assertThat(client.apiKeys().list()).extracting(ApiKey::getId).containsExactly("k1", "k2", "k3");
        assertThat(server.requests()).extracting(ScriptedServer.Request::path).containsOnly("/v1/api-keys");
        assertThat(query(server.requests().get(1).query())).containsEntry("pageToken", "p2");
    }

    @Test
    void tenantsAcrossPages() {
        server.then(json(200, Bodies.tenantPage("p2", "t1")), json(200, Bodies.tenantPage("p3", "t2")),
                json(200, Bodies.tenantPage(null, "t3")));

        assertThat(client.operator().listTenants().stream().map(Tenant::getId)).containsExactly("t1", "t2", "t3");
        assertThat(server.requests()).extracting(ScriptedServer.Request::path).containsOnly("/admin/v1/tenants");
        assertThat(query(server.requests().get(2).query())).containsEntry("pageToken", "p3");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
