package dev.liveplane.media.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay between players and the node that counts every byte the players read from the node: what a player
 * received, measured on the wire. It also stands between a node and its bucket, where it can stall mid-request. When either side closes, both do, as a player quitting closes its socket.
 */
final class CountingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final AtomicLong toPlayers = new AtomicLong();
    private volatile boolean closed;
    /** While set, the relay holds what either side sends: a peer that hangs in the middle of a request. */
    volatile boolean stalled;

    CountingProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "counting-proxy-" + server.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Bytes the node sent through this proxy to players so far. */
    long bytesToPlayers() {
        return toPlayers.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket player = server.accept();
                Socket node = new Socket(InetAddress.getLoopbackAddress(), target);
                pump(node, player, toPlayers);
                pump(player, node, new AtomicLong());
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counted) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[65536];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    while (stalled && !closed) {
                        Thread.sleep(20);
                    }
                    counted.addAndGet(n);
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // one side went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "counting-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
