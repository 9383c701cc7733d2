package dev.liveplane.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two control-plane instances, each its own application context and HTTP server, on one database, as two instances
 * behind a load balancer are: a job that must run once fleet-wide runs once per period between them, and a change
 * made through one instance reaches a node long-polling the other within the nodes' 2 s target.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoControlPlanesTest {

    private static final Duration WAKE_LIMIT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ApplicationContext> instances = new ArrayList<>();
    private Map<String, String> datasource;
    private Api a;
    private Api b;
    private URI bUri;

    @BeforeAll
    void twoInstancesOnOneDatabase() {
        Map<String, String> properties = new HashMap<>(new ApiTestBase() { }.getProperties());
        properties.put("liveplane.test.scheduler-lock-probe", "true");
        properties.put("liveplane.fleet.sweep-interval", "1s");
        properties.put("liveplane.usage.roll-interval", "1s");
        datasource = properties;
        a = new Api(start(properties));
        bUri = start(properties);
        b = new Api(bUri);
    }

    private URI start(Map<String, String> properties) {
        ApplicationContext context = ApplicationContext.builder().properties(new HashMap<>(properties))
                .environments("test").start();
        instances.add(context);
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        return server.getURI();
    }

    @AfterAll
    void stop() {
        instances.forEach(ApplicationContext::close);
    }

    @Test
    void aOnceFleetWideJobRunsOncePerPeriodBetweenTheTwo() throws Exception {
        // Each instance tries every 100 ms; the lock holds a run's row for 1 s, so 6 s give 6 runs, maybe 7, not 120
        // (fewer on a machine too busy to keep the schedule).
        Thread.sleep(500);
        int before = SchedulerLockProbe.RUNS.get();
        Thread.sleep(6_000);
        int runs = SchedulerLockProbe.RUNS.get() - before;

        assertThat(runs).isBetween(3, 7);
    }

    @Test
    void theProductsJobsRunOncePerPeriodToo() throws Exception {
        // The liveness sweep (every 1 s here) on both instances: each run stamps its lock row's locked_at.
        Set<Instant> runs = new HashSet<>();
        Instant end = Instant.now().plusSeconds(6);
        while (Instant.now().isBefore(end)) {
            runs.add(lockedAt("node-liveness-sweep"));
            Thread.sleep(50);
        }
        // Unlocked, the two instances would make 12 runs.
        assertThat(runs.size()).isBetween(3, 8);
        // Each lock row is held for the job's period, its own property (a resolved placeholder), not the default.
        for (String job : List.of("node-liveness-sweep", "usage-roll", "straggler-stream-sweep", "traffic-charging")) {
            // lock_until is the run's start plus the period, locked_at stamped a moment after that start.
            assertThat(held(job)).as(job).isBetween(Duration.ofMillis(1), Duration.ofSeconds(1));
        }
    }

    @Test
    void aChangeThroughOneInstanceWakesANodePollingTheOther() throws Exception {
        String bootstrap = a.post("/admin/v1/node-tokens", ApiTestBase.OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();
        JsonNode node = b.post("/internal/v1/nodes/register", bootstrap, Map.of("address", "203.0.113.7",
                "rtmpPort", 1935, "httpPort", 8081, "region", "test-1")).expect(201).json();
        String nodePath = "/internal/v1/nodes/" + node.get("nodeId").asText() + "/config";
        String credential = node.get("credential").asText();
        Api.Tenant tenant = a.signUp("Two Instances Tenant");
        String push = a.createDomain(tenant, Api.uniqueName("push", PublicDns.ZONE), "push", null).get("name")
                .asText();

        for (int change = 0; change < 3; change++) {
            long version = b.get(nodePath, credential).expect(200).json().get("version").asLong();
            // The node waits on instance B; the tenant forbids a stream through instance A.
            CompletableFuture<HttpResponse<String>> poll = http.sendAsync(HttpRequest.newBuilder(
                    bUri.resolve(nodePath + "?version=" + version + "&waitSeconds=30"))
                    .header("Authorization", "Bearer " + credential).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            Instant changed = Instant.now();
            a.post("/v1/streams/" + push + "/live/s" + change + "/forbid", tenant.token(), null).expect(200);
            HttpResponse<String> answer = poll.join();

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(Duration.between(changed, Instant.now())).isLessThan(WAKE_LIMIT);
            assertThat(Api.JSON.readTree(answer.body()).get("version").asLong()).isGreaterThan(version);
        }
    }

    private Instant lockedAt(String job) throws SQLException {
        return lockRow(job)[0];
    }

    /** How long a run's lock row is held: from the run's start to the start plus the job's period. */
    private Duration held(String job) throws SQLException {
        Instant[] row = lockRow(job);
        return Duration.between(row[0], row[1]);
    }

    /** The job's lock row as {locked_at, lock_until}, read at once; the epoch twice before its first run. */
    private Instant[] lockRow(String job) throws SQLException {
        try (Connection connection = DriverManager.getConnection(datasource.get("datasources.default.url"),
                datasource.get("datasources.default.username"), datasource.get("datasources.default.password"));
                PreparedStatement select = connection.prepareStatement(
                        "SELECT locked_at, lock_until FROM shedlock WHERE name = ?")) {
            select.setString(1, job);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return new Instant[] {Instant.EPOCH, Instant.EPOCH};
                }
                return new Instant[] {rows.getTimestamp(1).toInstant(), rows.getTimestamp(2).toInstant()};
            }
        }
    }
}
