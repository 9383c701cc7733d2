package dev.liveplane.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line refuses combinations that cannot run, with exit code 2 and a message saying what to do. */
class FleetCommandLineTest {

    @Test
    void neitherStandaloneNorAControlPlaneIsAnError() {
        assertThat(run()).contains("--control-plane").contains("--standalone");
    }

    @Test
    void aControlPlaneWithoutABootstrapTokenIsAnError() {
        assumeTrue(System.getenv("LIVEPLANE_BOOTSTRAP_TOKEN") == null, "the token would come from the environment");
        assertThat(run("--control-plane", "http://127.0.0.1:1")).contains("LIVEPLANE_BOOTSTRAP_TOKEN");
    }

    @Test
    void standaloneAndAControlPlaneExcludeEachOther() {
        assertThat(run("--standalone", "--control-plane", "http://127.0.0.1:1")).contains("exclude each other");
    }

    @Test
    void theDomainsFileIsForStandaloneOnly() {
        assertThat(run("--control-plane", "http://127.0.0.1:1", "--bootstrap-token", "lpb_x_y", "--domains",
                "d.yaml")).contains("--domains is for --standalone");
    }

    @Test
    void aMergeWindowOutsideZeroToFiveSecondsIsAnError() {
        assertThat(run("--standalone", "--merge-writes", "-1")).contains("--merge-writes must be 0 to 5000");
        assertThat(run("--standalone", "--merge-writes", "5001")).contains("--merge-writes must be 0 to 5000");
    }

    @Test
    void usageMeteringIsOnOrOffAndFlushesEveryOneToThreeHundredSeconds() {
        assertThat(run("--standalone", "--usage-metering", "yes")).contains("--usage-metering must be on or off");
        assertThat(run("--standalone", "--usage-flush-seconds", "0"))
                .contains("--usage-flush-seconds must be 1 to 300");
        assertThat(run("--standalone", "--usage-flush-seconds", "301"))
                .contains("--usage-flush-seconds must be 1 to 300");
    }

    @Test
    void aNodeKeyIsOneLowerCaseDnsLabelAndForStandaloneOnly() {
        assertThat(run("--standalone", "--node-key", "Node-1")).contains("--node-key");
        assertThat(run("--standalone", "--node-key", "a.example.com")).contains("one lower-case DNS label");
        assertThat(run("--control-plane", "http://127.0.0.1:1", "--bootstrap-token", "lpb_x_y", "--node-key",
                "node-1")).contains("--node-key (LIVEPLANE_NODE_KEY) is for --standalone");
    }

    private static String run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new MediaNodeMain()).execute(args);
        } finally {
            System.setErr(original);
        }
        assertThat(code).isEqualTo(2);
        return err.toString(StandardCharsets.UTF_8);
    }
}
