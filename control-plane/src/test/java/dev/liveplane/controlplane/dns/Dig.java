package dev.liveplane.controlplane.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

/** Asks a DNS server on loopback one question with dnsjava, over UDP or TCP, as dig would. */
final class Dig {

    enum Transport { UDP, TCP }

    private Dig() {
    }

    /** Sends the query over exactly the given transport: no TCP retry of a truncated UDP answer, no EDNS. */
    static Message query(int port, Transport transport, String name, int type) throws IOException {
        SimpleResolver resolver = resolver(port);
        resolver.setTCP(transport == Transport.TCP);
        resolver.setIgnoreTruncation(true);
        resolver.setEDNS(-1, 0, 0, List.of());
        return resolver.send(Message.newQuery(Record.newRecord(absolute(name), type, DClass.IN)));
    }

    /** Sends the query as a stub resolver does by default: UDP with EDNS, then TCP if the answer was truncated. */
    static Message queryDefault(int port, String name, int type) throws IOException {
        return resolver(port).send(Message.newQuery(Record.newRecord(absolute(name), type, DClass.IN)));
    }

    /** Sends raw bytes over UDP and returns the raw answer, or null when none came within {@code wait}. */
    static byte[] rawUdp(int port, byte[] packet, Duration wait) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) wait.toMillis());
            socket.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), port));
            byte[] buffer = new byte[65_535];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(answer);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return Arrays.copyOf(answer.getData(), answer.getLength());
        }
    }

    static Name absolute(String name) throws TextParseException {
        return Name.fromString(name, Name.root);
    }

    private static SimpleResolver resolver(int port) {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver;
    }
}
