package dev.liveplane.controlplane.dns;

import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Runs a real dnsmasq (Debian's dnsmasq-base) on a free loopback port, answering only from the records it is given:
 * the stand-in for a tenant's public DNS.
 */
final class Dnsmasq implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 5;

    private final Process process;
    private final int port;
    private final Path log;

    private Dnsmasq(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts dnsmasq authoritative-like for {@code localDomain}: names under it that no option defines get NXDOMAIN
     * (other names get REFUSED, there being no upstream).
     *
     * @param records dnsmasq options such as {@code --txt-record=...}, {@code --cname=...}, {@code --host-record=...}
     */
    static Dnsmasq start(String localDomain, List<String> records) throws IOException, InterruptedException {
        String binary = binary();
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Path log = Files.createTempFile("dnsmasq-", ".log");
            List<String> command = new ArrayList<>(List.of(binary, "--keep-in-foreground", "--no-resolv",
                    "--no-hosts", "--conf-file=/dev/null", "--pid-file=", "--user=nobody", "--log-facility=-",
                    "--cache-size=0", "--bind-interfaces", "--listen-address=127.0.0.1", "--port=" + port,
                    "--local=/" + localDomain + "/"));
            command.addAll(records);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            Dnsmasq dnsmasq = new Dnsmasq(process, port, log);
            if (dnsmasq.awaitReady(localDomain)) {
                return dnsmasq;
            }
            String output = dnsmasq.output();
            dnsmasq.close();
            // Another process may take the port between freePort() and dnsmasq's bind; pick again.
            if (!output.contains("Address already in use") || attempt == START_ATTEMPTS) {
                throw new IllegalStateException("dnsmasq did not start: " + command + "\n" + output);
            }
        }
    }

    /** The resolver setting that points at this dnsmasq, as LIVEPLANE_DNS_RESOLVER would. */
    String resolver() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(log);
    }

    private boolean awaitReady(String localDomain) throws IOException, InterruptedException {
        SimpleResolver probe = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        probe.setTimeout(Duration.ofMillis(200));
        Message query = Message.newQuery(Record.newRecord(Name.fromString(localDomain, Name.root), Type.SOA,
                DClass.IN));
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                probe.send(query);
                return true;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    private String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static String binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/sbin"))
                .map(dir -> Path.of(dir, "dnsmasq")).filter(Files::isExecutable).map(Path::toString).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "dnsmasq is not installed; apt-get install dnsmasq-base (.ci/run does this)"));
    }

    // A port free for both UDP and TCP right now; dnsmasq binds it a moment later.
    private static int freePort() throws IOException {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
            return tcp.getLocalPort();
        } catch (BindException e) {
            return freePort();
        }
    }
}
