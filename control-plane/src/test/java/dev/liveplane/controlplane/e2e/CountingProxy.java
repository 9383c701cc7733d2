package dev.liveplane.controlplane.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback in front of one node port that counts the bytes a player read from the node: what the
 * player received, as the node's meter should have counted it (bytes written to the viewer's socket, framing and
 * HTTP heads included). Every connection through it (an HLS player opens several) adds to one count, and a timeline
 * of the count lets a test ask how much arrived during a given window (the bytes at risk when a node is killed).
 */
final class CountingProxy implements AutoCloseable {

    /** One point of the timeline: the downstream count once a read ended (System.nanoTime). */
    private record Sample(long nanos, long bytes) {
    }

    /** How long bytes still coming from the node are read (and counted) once the player has closed. */
    private static final Duration DRAIN = Duration.ofMillis(500);

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final AtomicLong downstream = new AtomicLong();
    private final AtomicLong upstream = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Guarded by itself; appended in time order (each entry taken under the lock). */
    private final List<Sample> timeline = new ArrayList<>();
    private volatile boolean closed;

    CountingProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        timeline.add(new Sample(System.nanoTime(), 0));
        Thread acceptor = new Thread(this::acceptLoop, "counting-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The address players use instead of the node's: {@code 127.0.0.1:port}. */
    String hostPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Bytes read from the node and handed to the player, over every connection so far. */
    long bytesToPlayer() {
        return downstream.get();
    }

    /** Bytes the player sent to the node (requests, RTMP handshake and commands); never billed. */
    long bytesFromPlayer() {
        return upstream.get();
    }

    int connections() {
        return connections.get();
    }

    int openConnections() {
        return open.get();
    }

    /** Bytes that reached the player between two moments (System.nanoTime). */
    long bytesBetween(long fromNanos, long toNanos) {
        return countAt(toNanos) - countAt(fromNanos);
    }

    /** The count as it stood at a moment: the last read that ended by then. */
    private long countAt(long nanos) {
        synchronized (timeline) {
            int low = 0;
            int high = timeline.size() - 1;
            while (low < high) {
                int middle = (low + high + 1) >>> 1;
                if (timeline.get(middle).nanos() - nanos <= 0) {
                    low = middle;
                } else {
                    high = middle - 1;
                }
            }
            return timeline.get(low).nanos() - nanos <= 0 ? timeline.get(low).bytes() : 0;
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket player = server.accept();
                connections.incrementAndGet();
                open.incrementAndGet();
                Socket node = new Socket();
                try {
                    node.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
                } catch (IOException refused) {
                    open.decrementAndGet();
                    player.close();
                    continue;
                }
                player.setTcpNoDelay(true);
                node.setTcpNoDelay(true);
                sockets.add(player);
                sockets.add(node);
                AtomicInteger pumps = new AtomicInteger(2);
                pumpDown(node, player, pumps);
                pumpUp(player, node, pumps);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("counting proxy: accept failed: " + e);
                }
            }
        }
    }

    /**
     * Node to player: every byte read from the node is counted, including those that arrive after the player has
     * gone (a segment it abandoned, frames on their way when it closed): they were written to the viewer's socket
     * and reached its side, which is what the node's meter counts. The pump ends when the node side closes or
     * {@link #DRAIN} after the player's.
     */
    private void pumpDown(Socket node, Socket player, AtomicInteger pumps) {
        start(() -> {
            byte[] buffer = new byte[64 * 1024];
            boolean playerGone = false;
            try (InputStream in = node.getInputStream(); OutputStream out = player.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (timeline) {
                        timeline.add(new Sample(System.nanoTime(), downstream.addAndGet(n)));
                    }
                    if (!playerGone) {
                        try {
                            out.write(buffer, 0, n);
                        } catch (IOException gone) {
                            playerGone = true;
                        }
                    }
                }
            } catch (IOException ignored) {
                // The node side closed or was closed after the drain.
            } finally {
                closeQuietly(node);
                closeQuietly(player);
                if (pumps.decrementAndGet() == 0) {
                    open.decrementAndGet();
                }
            }
        });
    }

    /** Player to node: when the player closes, the node is told (half-close) and closed {@link #DRAIN} later. */
    private void pumpUp(Socket player, Socket node, AtomicInteger pumps) {
        start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = player.getInputStream()) {
                OutputStream out = node.getOutputStream();
                int n;
                while ((n = in.read(buffer)) > 0) {
                    upstream.addAndGet(n);
                    out.write(buffer, 0, n);
                }
            } catch (IOException ignored) {
                // The player went away (or reset): the node is closed below, after the drain.
            } finally {
                try {
                    node.shutdownOutput();
                    Thread.sleep(DRAIN.toMillis());
                } catch (IOException | InterruptedException ignored) {
                    // already closed
                }
                closeQuietly(node);
                closeQuietly(player);
                if (pumps.decrementAndGet() == 0) {
                    open.decrementAndGet();
                }
            }
        });
    }

    private static void start(Runnable pump) {
        Thread thread = new Thread(pump, "counting-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(CountingProxy::closeQuietly);
    }
}
