package dev.liveplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Walks every route of {@code api/openapi.yaml} that takes a credential as an outsider and with every credential of
 * the wrong kind (a tenant's on the operator's and the nodes' routes, a node's on the operator's, the operator's on
 * the nodes', one node's on another's, each in the wrong place or scheme): each is refused with 401 or 403 before
 * anything happens. Then the same with the route spelt differently (doubled slashes, case, encodings, dot segments),
 * which must never slip past the filters that guard the prefixes.
 */
@MicronautTest
class RouteAccessTest extends ApiTestBase {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch");

    private String tenantSession;
    private String apiKey;
    private String bootstrapToken;
    private String nodeA;
    private String nodeACredential;
    private String nodeB;

    @Override
    protected Map<String, String> overrides() {
        // Every refused credential below counts against this one address; the walk is not a guessing attack.
        return Map.of("liveplane.rate-limits.failed-credentials-per-address", "1000000");
    }

    @BeforeAll
    void credentialsOfEveryKind() {
        Api.Tenant tenant = api.signUp("Prober");
        tenantSession = tenant.token();
        apiKey = api.post("/v1/api-keys", tenantSession, Map.of("name", "probe")).expect(201).json()
                .get("secret").asText();
        bootstrapToken = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of("description", "probe"))
                .expect(201).json().get("token").asText();
        var a = register("192.0.2.10");
        nodeA = a.get("nodeId");
        nodeACredential = a.get("credential");
        nodeB = register("192.0.2.11").get("nodeId");
    }

    @Test
    void everyGuardedRouteRefusesAnOutsiderAndEveryWrongKindOfCredential() throws IOException {
        List<String> failures = new ArrayList<>();
        Set<String> routes = specRoutes();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = fill(route.substring(route.indexOf(' ') + 1), nodeA);
            for (Map.Entry<String, List<String>> wrong : wrongCredentials(route).entrySet()) {
                Api.Response response = api.call(method, path, null, bodyFor(method), wrong.getValue().toArray(
                        String[]::new));
                int expected = wrong.getKey().equals("nobody") ? 401 : -1;
                boolean refused = expected == 401 ? response.status() == 401
                        : response.status() == 401 || response.status() == 403;
                if (!refused) {
                    failures.add(route + " as " + wrong.getKey() + ": " + response.status() + " " + response.body());
                } else if (!response.header("Content-Type").startsWith("application/problem+json")) {
                    failures.add(route + " as " + wrong.getKey() + ": " + response.status() + " without a problem");
                }
            }
        }
        assertThat(routes).as("guarded routes walked").hasSizeGreaterThan(25);
        assertThat(failures).isEmpty();
    }

    @Test
    void aNodeActingForAnotherNodeIsForbiddenOnEveryNodeRoute() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String route : specRoutes()) {
            if (!route.contains("/internal/v1/nodes/{id}")) {
                continue;
            }
            String method = route.substring(0, route.indexOf(' '));
            String path = fill(route.substring(route.indexOf(' ') + 1), nodeB);
            Api.Response response = api.call(method, path, nodeACredential, bodyFor(method));
            if (response.status() != 403) {
                failures.add(route + " for node B with node A's credential: " + response.status());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void noSpellingOfAGuardedPathSlipsPastItsFilter() throws IOException {
        List<String> failures = new ArrayList<>();
        String heartbeat = "{\"configVersion\":1,\"draining\":true,\"streams\":[]}";
        List<String[]> probes = new ArrayList<>();
        for (String spelling : spellings("/admin/v1/tenants")) {
            probes.add(new String[] {"GET", spelling, null, null});
        }
        for (String spelling : spellings("/admin/v1/nodes/" + nodeB + "/drain")) {
            probes.add(new String[] {"POST", spelling, null, null});
            probes.add(new String[] {"POST", spelling, tenantSession, null});
        }
        for (String spelling : spellings("/v1/domains")) {
            probes.add(new String[] {"GET", spelling, null, null});
        }
        for (String spelling : spellings("/internal/v1/nodes/" + nodeB + "/heartbeat")) {
            probes.add(new String[] {"POST", spelling, nodeACredential, heartbeat});
            probes.add(new String[] {"POST", spelling, null, heartbeat});
        }
        for (String[] probe : probes) {
            int status = raw(probe[0], probe[1], probe[2], probe[3]);
            if (status < 400) {
                failures.add(probe[0] + " " + probe[1] + (probe[2] == null ? " anonymously" : " with a wrong "
                        + "credential") + ": " + status);
            }
        }
        assertThat(probes).hasSizeGreaterThan(40);
        assertThat(failures).isEmpty();
        // Node B was never drained nor heartbeated by anyone else.
        assertThat(api.get("/admin/v1/nodes/" + nodeB, OPERATOR_TOKEN).expect(200).json().get("status").asText())
                .isEqualTo("HEALTHY");
    }

    /** The other credentials than the route's own, each as the header a client would send. */
    private Map<String, List<String>> wrongCredentials(String route) {
        String basic = Base64.getEncoder().encodeToString(("operator:" + OPERATOR_TOKEN)
                .getBytes(StandardCharsets.UTF_8));
        Map<String, List<String>> all = new LinkedHashMap<>();
        all.put("nobody", List.of());
        all.put("a made-up bearer", bearer("lpk_0000_made-up"));
        all.put("an empty bearer", List.of("Authorization", "Bearer "));
        all.put("the operator token as Basic", List.of("Authorization", "Basic " + basic));
        all.put("the operator token without a scheme", List.of("Authorization", OPERATOR_TOKEN));
        all.put("the operator token in X-Api-Key", List.of("X-Api-Key", OPERATOR_TOKEN));
        boolean operatorRoute = route.contains(" /admin/");
        boolean nodeRoute = route.contains(" /internal/");
        boolean register = route.endsWith("/internal/v1/nodes/register");
        if (operatorRoute || nodeRoute) {
            all.put("a tenant session", bearer(tenantSession));
            all.put("a tenant API key", bearer(apiKey));
        }
        if (!operatorRoute) {
            all.put("the operator token", bearer(OPERATOR_TOKEN));
        }
        if (!register) {
            all.put("a bootstrap token", bearer(bootstrapToken));
        }
        if (!nodeRoute || register) {
            all.put("a node credential", bearer(nodeACredential));
        }
        return all;
    }

    private static List<String> bearer(String token) {
        return List.of("Authorization", "Bearer " + token);
    }

    private static List<String> spellings(String path) {
        String tail = path.substring(1);
        String upper = path.substring(0, 3).toUpperCase() + path.substring(3);
        return List.of("/" + path, path.replaceFirst("/v1/", "//v1/"), path.replaceFirst("/v1/", "/v1//"),
                path + "/", upper, "/%" + Integer.toHexString(tail.charAt(0)) + tail.substring(1),
                path.replaceFirst("/v1/", "/v1/./"), "/v1/../" + tail, path + ";x", path + "%2F",
                path.replace("/", "%2F"), path.replaceFirst("/v1/", "/v1%2F"));
    }

    private Map<String, String> register(String address) {
        var answer = api.post("/internal/v1/nodes/register", bootstrapToken, Map.of("address", address,
                "rtmpPort", 1935, "httpPort", 8081, "region", "probe")).expect(201).json();
        return Map.of("nodeId", answer.get("nodeId").asText(), "credential", answer.get("credential").asText());
    }

    private static String fill(String template, String nodeId) {
        return template.replace("{id}", nodeId).replace("{name}", "probe.example.com").replace("{kid}", "k1")
                .replace("{domain}", "probe.example.com").replace("{app}", "live").replace("{stream}", "s")
                .replace("{month}", "2026-11");
    }

    private static String bodyFor(String method) {
        return method.equals("POST") || method.equals("PATCH") || method.equals("PUT") ? "{}" : null;
    }

    /** Sends one request as written, byte for byte (no client normalises the path), and answers the status. */
    private int raw(String method, String path, String token, String body) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\nConnection: close\r\n");
            if (token != null) {
                request.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Type: application/json\r\n");
            }
            request.append("Content-Length: ").append(content.length).append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return status == null ? 999 : Integer.parseInt(status.split(" ")[1]);
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> specRoutes() throws IOException {
        Set<String> routes = new TreeSet<>();
        try (InputStream spec = Files.newInputStream(Path.of("..", "api", "openapi.yaml"))) {
            Map<String, Object> paths = (Map<String, Object>) new Yaml().<Map<String, Object>>load(spec).get("paths");
            // Sign-up, log-in and the operations the spec marks `security: []` (signed playlist URLs, which carry
            // their own signature: RecordedFilesTest) take no credential.
            paths.forEach((path, item) -> ((Map<String, Object>) item).entrySet().stream()
                    .filter(operation -> HTTP_METHODS.contains(operation.getKey()))
                    .filter(operation -> !path.startsWith("/v1/auth/"))
                    .filter(operation -> !List.of().equals(((Map<String, Object>) operation.getValue())
                            .get("security")))
                    .forEach(operation -> routes.add(operation.getKey().toUpperCase() + " " + path)));
        }
        return routes;
    }
}
