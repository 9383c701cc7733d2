package dev.liveplane.media.e2e;

import dev.liveplane.media.fleet.FleetNode;
import dev.liveplane.media.fleet.FleetSettings;
import dev.liveplane.media.server.stream.DomainOwner;
import dev.liveplane.media.server.stream.StreamKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fleet node in its own JVM that reports {@code count} stream events ({@code s0} to {@code s<count-1>}) and prints
 * {@code event=all_spooled} once every one is in its spool on disk, for a test to kill it with SIGKILL there.
 * Arguments: control plane URL, state directory, count.
 */
final class SpoolingNodeMain {

    static final String READY = "event=all_spooled";
    private static final Pattern SPOOLED = Pattern.compile(
            "liveplane_fleet_spool_records\\{spool=\"events\",?} ([0-9.]+)");

    private SpoolingNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[2]);
        FleetSettings settings = FleetSettings.of(URI.create(args[0]), FakeControlPlane.BOOTSTRAP_TOKEN,
                Path.of(args[1])).withTiming(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1));
        FleetNode fleet = FleetNode.start(LocalNode.loopback(), settings);
        for (int i = 0; i < count; i++) {
            fleet.agent().unpublished(new StreamKey("push.example.com", "live", "s" + i), DomainOwner.NONE, "ended");
        }
        HttpClient http = HttpClient.newHttpClient();
        URI metrics = URI.create("http://127.0.0.1:" + fleet.node().adminPort() + "/metrics");
        while (true) {
            String body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher spooled = SPOOLED.matcher(body);
            if (spooled.find() && Double.parseDouble(spooled.group(1)) >= count) {
                System.out.println(READY + " count=" + count);
                System.out.flush();
                break;
            }
            Thread.sleep(20);
        }
        Thread.sleep(Long.MAX_VALUE); // until killed
    }
}
