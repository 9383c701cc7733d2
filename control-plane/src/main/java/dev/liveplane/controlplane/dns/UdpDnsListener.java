package dev.liveplane.controlplane.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads DNS queries from a UDP socket and sends back the {@link QueryResponder}'s answers, on one thread. */
final class UdpDnsListener implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpDnsListener.class);

    private final DatagramSocket socket;
    private final QueryResponder responder;

    UdpDnsListener(DatagramSocket socket, QueryResponder responder) {
        this.socket = socket;
        this.responder = responder;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[QueryResponder.TCP_MAX];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                // Answers come from memory, so one thread keeps up; nothing here waits on a client.
                byte[] answer = responder.respond(packet.getData(), packet.getLength(), true);
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.debug("dns udp packet dropped client={} reason={}", packet.getSocketAddress(), e.toString());
                }
            } catch (RuntimeException e) {
                LOG.warn("dns udp query failed client={}", packet.getSocketAddress(), e);
            }
        }
    }
}
