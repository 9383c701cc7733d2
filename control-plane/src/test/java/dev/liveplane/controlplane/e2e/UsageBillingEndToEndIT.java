package dev.liveplane.controlplane.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 14's money path with real parts: the packaged control plane on MariaDB, packaged media nodes (an origin and
 * an edge that relays from it, a third one for the crash), ffmpeg pushing, ffmpeg playing RTMP, HTTP-FLV and HLS
 * through counting proxies, tenants reading their reports and ledger through the API. The control-plane outage comes
 * last, since every scenario shares the control plane; {@code -Dliveplane.e2e.outage=10} shortens it locally.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UsageBillingEndToEndIT {

    /** Loopback addresses of their own (FleetEndToEndIT uses 127.0.7.1 and .2, StreamKeyEndToEndIT .6). */
    private static final String ORIGIN_ADDRESS = "127.0.7.21";
    private static final String EDGE_ADDRESS = "127.0.7.22";
    private static final String CRASH_ADDRESS = "127.0.7.23";

    private Platform platform;
    private MediaNodeProcess origin;
    private MediaNodeProcess edge;
    private List<String> nodeArguments;

    @BeforeAll
    void startThePlatform() throws Exception {
        platform = Platform.start("usage-e2e", controlPlaneSettings());
        nodeArguments = new ArrayList<>();
        nodeArguments.addAll(List.of("--usage-metering", "on", "--usage-flush-seconds",
                Long.toString(CrashReplayScenario.FLUSH.toSeconds())));
        origin = platform.startNode("origin", ORIGIN_ADDRESS, nodeArguments);
        edge = platform.startNode("edge", EDGE_ADDRESS, nodeArguments);
    }

    @AfterAll
    void stopThePlatform() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void playersAreBilledExactlyWhatTheyReceivedAndRelaysAreNot() throws Exception {
        new MeteredPlayScenario(platform, origin, edge).run();
    }

    @Test
    @Order(2)
    void aTenantThatRunsOutIsCutAndPlaysAgainOnceItPays() throws Exception {
        new RunOutScenario(platform, origin, edge).run();
    }

    @Test
    @Order(3)
    void aKilledNodeReplayedBatchesAndAControlPlaneOutageLoseAndDoubleNothing() throws Exception {
        new CrashReplayScenario(platform, CRASH_ADDRESS, nodeArguments).run();
    }

    /**
     * The charger runs every second; pay-as-you-go costs 24 minor units a GB (Alibaba Cloud's first tier), so the
     * run-out scenario's few megabytes past its package cost less than a minor unit and leave its balance at 0; no
     * overdraft, so a tenant with neither package bytes nor balance is suspended.
     */
    private static Map<String, String> controlPlaneSettings() {
        return Map.of("LIVEPLANE_CHARGING_PERIOD", "1s", "LIVEPLANE_CHARGING_PAYG_TIERS", "*:24",
                "LIVEPLANE_BILLING_OVERDRAFT", "0");
    }
}
