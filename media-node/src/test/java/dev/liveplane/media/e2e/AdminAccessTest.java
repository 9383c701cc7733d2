package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.media.NodeSettings;
import dev.liveplane.media.server.admin.AdminCredentials;
import dev.liveplane.media.server.admin.AdminSettings;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks the admin port of a real node as an outsider would: every state change without the node's own or the
 * operator's token, or with the wrong kind of credential, is refused and changes nothing, while health, metrics and
 * the drain state stay readable by anyone who can reach the port, which listens on loopback unless told otherwise.
 */
class AdminAccessTest {

    private static final String NODE_TOKEN = "node-own-token-4b1f0c9e2d7a8f3b6c5e";
    private static final String OPERATOR_TOKEN = "operator-token-9a8b7c6d5e4f3a2b1c0d";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static LocalNode node;

    @BeforeAll
    static void startNode() throws InterruptedException {
        // Media ports on every interface, as in production; the admin port keeps its own (default) address.
        NodeSettings settings = NodeSettings.defaults().withPorts(0, 0, 0);
        node = LocalNode.start(settings.withAdmin(settings.admin()
                .withCredentials(AdminCredentials.of(NODE_TOKEN, OPERATOR_TOKEN))));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void undrain() {
        node.node.drain().setLocal(false);
    }

    @Test
    void theAdminPortListensOnLoopbackWhileTheMediaPortsListenOnEveryInterface() throws Exception {
        assertThat(NodeSettings.defaults().admin().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(node.node.adminAddress().getAddress().isLoopbackAddress()).isTrue();
        // The media ports do answer on a non-loopback address of this host; the admin port does not.
        InetAddress outside = nonLoopbackAddress();
        if (outside != null) {
            try (Socket media = new Socket(outside, node.node.httpPort())) {
                assertThat(media.isConnected()).isTrue();
            }
            assertThat(connects(outside, node.node.adminPort())).isFalse();
        }
    }

    @Test
    void everyStateChangeWithoutTheRightCredentialIsRefusedAndChangesNothing() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String method : List.of("POST", "DELETE")) {
            if (method.equals("DELETE")) {
                node.node.drain().setLocal(true); // so that an undrain would show
            }
            for (Attempt attempt : wrongCredentials()) {
                HttpResponse<String> response = send(method, "/drain" + attempt.query(), attempt.headers());
                boolean draining = node.node.drain().draining();
                if (response.statusCode() != 401 || draining != method.equals("DELETE")) {
                    failures.add(method + " /drain with " + attempt.name() + ": " + response.statusCode()
                            + ", draining=" + draining);
                }
                if (response.statusCode() == 401 && response.headers().firstValue("WWW-Authenticate").isEmpty()) {
                    failures.add(method + " /drain with " + attempt.name() + ": 401 without WWW-Authenticate");
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void otherMethodsAndSpellingsOfTheRouteChangeNothing() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String method : List.of("PUT", "PATCH", "POST", "DELETE")) {
            for (String path : List.of("/drain/", "//drain", "/DRAIN", "/drain/..", "/%64rain", "/healthz",
                    "/metrics")) {
                String target = method.equals("PUT") || method.equals("PATCH") ? "/drain" : path;
                HttpResponse<String> response = send(method, target, List.of());
                if (response.statusCode() < 400 || node.node.drain().draining()) {
                    failures.add(method + " " + target + ": " + response.statusCode() + ", draining="
                            + node.node.drain().draining());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void healthMetricsAndTheDrainStateStayReadableWithoutACredential() throws Exception {
        assertThat(send("GET", "/healthz", List.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = send("GET", "/metrics", List.of());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("liveplane_");
        HttpResponse<String> state = send("GET", "/drain", List.of());
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(state.body()).isEqualTo("serving\n");
    }

    @Test
    void theNodesOwnTokenAndTheOperatorsDrainAndUndrain() throws Exception {
        for (String token : List.of(NODE_TOKEN, OPERATOR_TOKEN)) {
            HttpResponse<String> drained = send("POST", "/drain", List.of("Authorization", "Bearer " + token));
            assertThat(drained.statusCode()).isEqualTo(200);
            assertThat(drained.body()).isEqualTo("draining\n");
            assertThat(send("GET", "/healthz", List.of()).statusCode()).isEqualTo(503);
            HttpResponse<String> undrained = send("DELETE", "/drain",
                    List.of("Authorization", "bearer " + token));
            assertThat(undrained.body()).isEqualTo("serving\n");
            assertThat(node.node.drain().draining()).isFalse();
        }
    }

    @Test
    void aNodeWithoutACredentialRefusesEveryDrain() throws Exception {
        try (LocalNode bare = LocalNode.start(LocalNode.loopback().withAdmin(AdminSettings.defaults()))) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(bare.admin("/drain")))
                    .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + NODE_TOKEN)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("--admin-token");
            assertThat(bare.node.drain().draining()).isFalse();
        }
    }

    private record Attempt(String name, String query, List<String> headers) {
    }

    /** Credentials of the wrong kind, in the wrong place, or almost right. */
    private static List<Attempt> wrongCredentials() {
        String basic = Base64.getEncoder().encodeToString(("admin:" + NODE_TOKEN).getBytes(StandardCharsets.UTF_8));
        String nodeJwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJub2RlLTEiLCJhdWQiOiJsaXZlcGxhbmUtbm9kZSJ9.c2lnbmF0dXJl";
        return List.of(
                new Attempt("no credential", "", List.of()),
                new Attempt("an empty bearer", "", List.of("Authorization", "Bearer ")),
                new Attempt("a made-up token", "", List.of("Authorization", "Bearer not-the-token")),
                new Attempt("the node token as Basic", "", List.of("Authorization", "Basic " + basic)),
                new Attempt("the node token without a scheme", "", List.of("Authorization", NODE_TOKEN)),
                new Attempt("the node token in the query", "?token=" + NODE_TOKEN, List.of()),
                new Attempt("the node token as auth_key", "?auth_key=" + NODE_TOKEN, List.of()),
                new Attempt("the node token in another header", "", List.of("X-Admin-Token", NODE_TOKEN)),
                new Attempt("the node token with a suffix", "", List.of("Authorization", "Bearer " + NODE_TOKEN + "x")),
                new Attempt("the node token cut short", "", List.of("Authorization",
                        "Bearer " + NODE_TOKEN.substring(0, NODE_TOKEN.length() - 1))),
                new Attempt("the node token upper-cased", "", List.of("Authorization",
                        "Bearer " + NODE_TOKEN.toUpperCase(Locale.ROOT))),
                new Attempt("both tokens joined", "", List.of("Authorization",
                        "Bearer " + NODE_TOKEN + OPERATOR_TOKEN)),
                new Attempt("a node credential JWT", "", List.of("Authorization", "Bearer " + nodeJwt)),
                new Attempt("a bootstrap token", "", List.of("Authorization", "Bearer lpb_1_abcdefghijklmnop")),
                new Attempt("a tenant API key", "", List.of("Authorization", "Bearer lpk_1_abcdefghijklmnop")));
    }

    private static HttpResponse<String> send(String method, String path, List<String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.admin(path)))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (var nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof Inet4Address && nic.isUp()) {
                    return address;
                }
            }
        }
        return null;
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
