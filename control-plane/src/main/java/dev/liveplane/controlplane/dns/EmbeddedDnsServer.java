package dev.liveplane.controlplane.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Serves the platform zone (and any further zones, e.g. tenants' zones in tests) over real DNS, UDP and TCP on one
 * port, authoritatively, from records kept in memory: the local stack's {@link DnsProvider}.
 */
public final class EmbeddedDnsServer implements DnsProvider, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDnsServer.class);
    private static final int BIND_ATTEMPTS = 10;
    private static final long STOP_WAIT_MILLIS = 2_000;

    private final List<Name> zones;
    private final ZoneStore store;
    private final DatagramSocket udp;
    private final TcpDnsListener tcp;
    private final List<Thread> listeners;

    private EmbeddedDnsServer(List<Name> zones, ZoneStore store, DatagramSocket udp, ServerSocket tcp) {
        this.zones = zones;
        this.store = store;
        this.udp = udp;
        QueryResponder responder = new QueryResponder(store);
        this.tcp = new TcpDnsListener(tcp, responder);
        this.listeners = List.of(daemon(new UdpDnsListener(udp, responder), "dns-udp-" + udp.getLocalPort()),
                daemon(this.tcp, "dns-tcp-accept-" + udp.getLocalPort()));
        listeners.forEach(Thread::start);
    }

    /** Starts serving {@code zone} on {@code bindAddress}; port 0 picks a free port, the same for UDP and TCP. */
    public static EmbeddedDnsServer start(String zone, String bindAddress, int port) {
        return start(List.of(zone), bindAddress, port);
    }

    /** Starts serving several zones; the first is the platform zone that {@link #zone()} names. */
    public static EmbeddedDnsServer start(List<String> zones, String bindAddress, int port) {
        List<Name> apexes = zones.stream().map(DnsArguments::name).toList();
        InetAddress address;
        try {
            address = InetAddress.getByName(bindAddress);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot bind DNS to '" + bindAddress + "': " + e.getMessage(), e);
        }
        // A wildcard bind still needs one address for ns.{zone}; loopback is where local clients find it.
        InetAddress nameServer = address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
        ZoneStore store = new ZoneStore(apexes, nameServer);
        for (int attempt = 1; ; attempt++) {
            DatagramSocket udp = null;
            try {
                udp = new DatagramSocket(new InetSocketAddress(address, port));
                ServerSocket tcp = new ServerSocket();
                tcp.setReuseAddress(true);
                try {
                    tcp.bind(new InetSocketAddress(address, udp.getLocalPort()));
                } catch (IOException e) {
                    tcp.close();
                    throw e;
                }
                EmbeddedDnsServer server = new EmbeddedDnsServer(apexes, store, udp, tcp);
                LOG.info("dns server started zones={} address={} port={}", zones, bindAddress, server.port());
                return server;
            } catch (BindException e) {
                if (udp != null) {
                    udp.close();
                }
                // An ephemeral UDP port can be taken for TCP by someone else; another pick usually succeeds.
                if (port != 0 || attempt == BIND_ATTEMPTS) {
                    throw new UncheckedIOException("cannot bind DNS on " + bindAddress + ":" + port, e);
                }
            } catch (IOException e) {
                if (udp != null) {
                    udp.close();
                }
                throw new UncheckedIOException("cannot bind DNS on " + bindAddress + ":" + port, e);
            }
        }
    }

    /** The port both UDP and TCP listen on. */
    public int port() {
        return udp.getLocalPort();
    }

    @Override
    public String zone() {
        return DnsArguments.text(zones.get(0));
    }

    @Override
    public void upsertCname(String name, String target) {
        store.putCname(inZones(name), DnsArguments.name(target));
    }

    /** Applies the whole batch at once: a query sees all of its changes or none. */
    @Override
    public void apply(List<RecordChange> changes) {
        Map<Name, List<InetAddress>> addressesByName = new LinkedHashMap<>();
        DnsArguments.byOwner(changes, this::inZones).forEach((name, change) -> addressesByName.put(name,
                change instanceof RecordChange.UpsertAddresses upsert
                        ? DnsArguments.addresses(upsert.addresses()) : List.of()));
        store.apply(addressesByName);
    }

    /** Adds a TXT value at {@code name}, beside any it already has; {@link #deleteRecords} removes them. */
    public void putTxt(String name, String value) {
        store.addTxt(inZones(name), value);
    }

    /** Stops serving; when this returns the port is free again. */
    @Override
    public void close() {
        udp.close();
        tcp.close();
        // A socket closed under a thread blocked in receive() or accept() keeps its port until that thread leaves.
        try {
            for (Thread listener : listeners) {
                listener.join(STOP_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Name inZones(String name) {
        Name parsed = DnsArguments.name(name);
        Name apex = store.zoneOf(parsed);
        if (apex == null) {
            throw new IllegalArgumentException("'" + name + "' is in none of the zones "
                    + zones.stream().map(DnsArguments::text).toList());
        }
        return DnsArguments.nameBelow(apex, name);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
