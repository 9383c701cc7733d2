package dev.liveplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * A client that sends {@code Accept: application/json} on every call, as generic HTTP clients and most hand-written
 * integrations do, is answered by every tenant and operator route of {@code api/openapi.yaml}, never with 406: the
 * routes that answer 204 declare only the problem type for their errors, and without taking JSON too they refused such
 * a client's delete before looking at it. Each route is called with the right kind of credential on a thing that does
 * not exist, so nothing changes; whatever the answer, it is not 406. Left out: the nodes' routes, and those whose
 * success is not JSON (playlists, thumbnails), which rightly refuse a client that takes only JSON.
 */
@MicronautTest
class JsonAcceptTest extends ApiTestBase {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Test
    void everyRouteTakesAcceptApplicationJson() throws IOException {
        String tenant = api.signUp("Accepting").token();
        List<String> refused = new ArrayList<>();
        for (String route : specRoutes()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            String token = path.startsWith("/admin/") ? OPERATOR_TOKEN : path.startsWith("/v1/auth/") ? null : tenant;
            String body = Set.of("POST", "PUT", "PATCH").contains(method) ? "{}" : null;
            Api.Response response = api.call(method, fill(path), token, body, "Accept", "application/json");
            if (response.status() == 406) {
                refused.add(route);
            }
        }
        assertThat(refused).as("routes answering 406 to Accept: application/json").isEmpty();
    }

    private static String fill(String template) {
        return template.replace("{id}", "01jsonaccept0000000000000x").replace("{name}", "absent.example.com")
                .replace("{kid}", "k1").replace("{domain}", "absent.example.com").replace("{app}", "live")
                .replace("{stream}", "s").replace("{month}", "2026-11");
    }

    /** "METHOD /path" of every tenant, operator and sign-in route (not the nodes') that answers JSON or nothing. */
    @SuppressWarnings("unchecked")
    private static Set<String> specRoutes() throws IOException {
        Set<String> routes = new TreeSet<>();
        try (InputStream spec = Files.newInputStream(Path.of("..", "api", "openapi.yaml"))) {
            Map<String, Object> paths = (Map<String, Object>) new Yaml().<Map<String, Object>>load(spec).get("paths");
            paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, operation) -> {
                if (HTTP_METHODS.contains(method) && !path.startsWith("/internal/")
                        && answersJsonOrNothing((Map<String, Object>) operation)) {
                    routes.add(method.toUpperCase() + " " + path);
                }
            }));
        }
        return routes;
    }

    /** Whether every success the operation declares has no body or a JSON one. */
    @SuppressWarnings("unchecked")
    private static boolean answersJsonOrNothing(Map<String, Object> operation) {
        Map<Object, Object> responses = (Map<Object, Object>) operation.get("responses");
        return responses.entrySet().stream().filter(response -> String.valueOf(response.getKey()).startsWith("2"))
                .map(response -> (Map<String, Object>) ((Map<String, Object>) response.getValue()).get("content"))
                .allMatch(content -> content == null
                        || content.keySet().stream().anyMatch(type -> type.contains("json")));
    }
}
