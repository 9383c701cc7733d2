package dev.liveplane.controlplane.e2e;

import static dev.liveplane.controlplane.e2e.Probes.httpStatus;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A packaged media node run as an operator runs it, under a control plane, on a loopback address of its own (as
 * another machine would be), with its ports and state directory kept so that it can be killed and started again as
 * the same node.
 */
final class MediaNodeProcess {

    private final String name;
    private final String address;
    private final int rtmpPort;
    private final int httpPort;
    private final int adminPort;
    private final URI controlPlane;
    private final String bootstrapToken;
    private final List<String> extraArguments;
    private final Path work;
    private int starts;
    private JavaProcess process;

    MediaNodeProcess(String name, String address, URI controlPlane, String bootstrapToken, List<String> extraArguments,
            Path work) throws IOException {
        this.name = name;
        this.address = address;
        this.rtmpPort = JavaProcess.freePort();
        this.httpPort = JavaProcess.freePort();
        this.adminPort = JavaProcess.freePort();
        this.controlPlane = controlPlane;
        this.bootstrapToken = bootstrapToken;
        this.extraArguments = List.copyOf(extraArguments);
        this.work = work;
    }

    /** Starts the process (again, after a kill, on the same ports and state directory) and waits for its health. */
    MediaNodeProcess start() throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--control-plane", controlPlane.toString(), "--state-dir",
                work.resolve("node-" + name + "-state").toAbsolutePath().toString(), "--bind", address,
                "--admin-address", address, "--advertise-address", address, "--rtmp-port", Integer.toString(rtmpPort),
                "--http-port", Integer.toString(httpPort), "--admin-port", Integer.toString(adminPort)));
        arguments.addAll(extraArguments);
        starts++;
        // Each start logs to a folder of its own, so the killed process's last lines stay readable.
        process = new JavaProcess("node-" + name, JavaProcess.jar("media-node", "media-node.jar"), arguments,
                Map.of("LIVEPLANE_BOOTSTRAP_TOKEN", bootstrapToken), work.resolve("node-" + name + "-" + starts))
                .start();
        process.awaitReady(() -> httpStatus("http://" + address + ":" + adminPort + "/healthz") == 200,
                Duration.ofSeconds(30));
        return this;
    }

    /** {@code kill -9}: the node's memory (what it metered since its last flush) is gone, its spool stays. */
    void kill() throws InterruptedException {
        process.kill();
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.stop();
        }
    }

    String log() {
        return process == null ? "" : process.log();
    }

    String name() {
        return name;
    }

    String address() {
        return address;
    }

    int rtmpPort() {
        return rtmpPort;
    }

    int httpPort() {
        return httpPort;
    }

    /** A Prometheus metric's value on the node's admin port, 0 when absent (summed over its label sets). */
    double metric(String metricName) {
        String text = Probes.httpBody("http://" + address + ":" + adminPort + "/metrics");
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(metricName + " ") || line.startsWith(metricName + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
