package dev.liveplane.bench.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Node-protocol usage posts against a running control plane: {@code --nodes} registered nodes, {@code --concurrency}
 * calls in flight, each a batch of {@code --batch} records (distinct ids, spread over streams, protocols and
 * domains); every {@code --replay-every}th call sends an earlier batch again, so idempotency is in the measured
 * path. Prints one {@code USAGE} line: rows counted per second, rows sent per second, replayed rows answered as
 * repeats, errors.
 */
@CommandLine.Command(name = "usage-ingest-load", mixinStandardHelpOptions = true)
public final class UsageIngestLoad implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--url", required = true)
    URI url;
    @Option(names = "--operator-token", defaultValue = "${env:LIVEPLANE_OPERATOR_TOKEN}")
    String operatorToken;
    @Option(names = "--nodes", defaultValue = "8")
    int nodes;
    @Option(names = "--concurrency", defaultValue = "16")
    int concurrency;
    @Option(names = "--batch", defaultValue = "1000")
    int batch;
    @Option(names = "--seconds", defaultValue = "30")
    int seconds;
    @Option(names = "--warmup-seconds", defaultValue = "10")
    int warmupSeconds;
    @Option(names = "--replay-every", defaultValue = "10")
    int replayEvery;
    @Option(names = "--domains", defaultValue = "20")
    int domains;
    @Option(names = "--streams", defaultValue = "50", description = "streams per domain")
    int streams;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] args) {
        System.exit(new CommandLine(new UsageIngestLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String bootstrap = post("/admin/v1/node-tokens", operatorToken, "{}").get("token").asText();
        List<String[]> registered = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            JsonNode node = post("/internal/v1/nodes/register", bootstrap, "{\"address\":\"198.51.100." + (i % 250)
                    + "\",\"rtmpPort\":1935,\"httpPort\":8081}");
            registered.add(new String[] {node.get("nodeId").asText(), node.get("credential").asText()});
        }
        long now = Instant.now().getEpochSecond();
        String bucket = Instant.ofEpochSecond(now - now % 300).toString();
        Counters warm = new Counters();
        Counters measured = new Counters();
        List<Thread> senders = new ArrayList<>();
        long start = System.nanoTime();
        long measureFrom = start + Duration.ofSeconds(warmupSeconds).toNanos();
        long end = measureFrom + Duration.ofSeconds(seconds).toNanos();
        for (int s = 0; s < concurrency; s++) {
            String[] node = registered.get(s % nodes);
            int sender = s;
            Thread thread = new Thread(() -> send(node, sender, bucket, measureFrom, end, warm, measured));
            thread.start();
            senders.add(thread);
        }
        for (Thread thread : senders) {
            thread.join();
        }
        double window = seconds;
        System.out.printf("USAGE counted_rows_per_s=%.0f sent_rows_per_s=%.0f calls=%d replayed_rows=%d"
                + " replayed_counted=%d errors=%d batch=%d concurrency=%d nodes=%d window_s=%d%n",
                measured.counted.get() / window, measured.sent.get() / window, measured.calls.get(),
                measured.replayed.get(), measured.replayedCounted.get(), measured.errors.get() + warm.errors.get(),
                batch, concurrency, nodes, seconds);
        return measured.replayedCounted.get() == 0 && measured.errors.get() == 0 ? 0 : 1;
    }

    /** One sender: sequential calls (one in flight), fresh batches and now and then an earlier one again. */
    private void send(String[] node, int sender, String bucket, long measureFrom, long end, Counters warm,
            Counters measured) {
        String previous = null;
        long sequence = 0;
        for (int call = 1; System.nanoTime() < end; call++) {
            boolean replay = previous != null && replayEvery > 0 && call % replayEvery == 0;
            String body = replay ? previous : batchBody(sender, sequence, bucket);
            if (!replay) {
                sequence += batch;
                previous = body;
            }
            Counters counters = System.nanoTime() >= measureFrom ? measured : warm;
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(url.resolve(
                        "/internal/v1/nodes/" + node[0] + "/usage")).header("Authorization", "Bearer " + node[1])
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 202) {
                    counters.errors.incrementAndGet();
                    if (counters.errors.get() < 5) {
                        System.err.println("usage call " + response.statusCode() + " " + response.body());
                    }
                    continue;
                }
                int accepted = JSON.readTree(response.body()).get("accepted").asInt();
                counters.calls.incrementAndGet();
                counters.sent.addAndGet(batch);
                counters.counted.addAndGet(accepted);
                if (replay) {
                    counters.replayed.addAndGet(batch);
                    counters.replayedCounted.addAndGet(accepted);
                }
            } catch (Exception e) {
                counters.errors.incrementAndGet();
            }
        }
    }

    private String batchBody(int sender, long first, String bucket) {
        StringBuilder body = new StringBuilder(batch * 260).append("{\"records\":[");
        for (int i = 0; i < batch; i++) {
            long n = first + i;
            int domain = (int) (n % domains);
            int stream = (int) ((n / domains) % streams);
            String protocol = switch ((int) (n % 5)) {
                case 0 -> "rtmp";
                case 1 -> "http_flv";
                case 2 -> "hls";
                case 3 -> "relay";
                default -> "ingest";
            };
            body.append(i == 0 ? "" : ",").append("{\"id\":\"u-").append(sender).append('-').append(n)
                    .append("\",\"tenantId\":\"01BENCHTENANT").append(domain % 4).append("\",\"domainId\":\"d")
                    .append(domain).append("\",\"domain\":\"play").append(domain).append(".bench.example\",")
                    .append("\"app\":\"live\",\"stream\":\"s").append(stream).append("\",\"protocol\":\"")
                    .append(protocol).append("\",\"bucketStart\":\"").append(bucket).append("\",\"bytes\":")
                    .append(1000 + n % 5000).append(",\"viewerSeconds\":").append(n % 300)
                    .append(",\"peakViewers\":").append(n % 50).append('}');
        }
        return body.append("]}").toString();
    }

    private JsonNode post(String path, String token, String body) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(url.resolve(path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static final class Counters {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong counted = new AtomicLong();
        final AtomicLong replayed = new AtomicLong();
        final AtomicLong replayedCounted = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
    }
}
