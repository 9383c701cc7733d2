package dev.liveplane.controlplane.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts DNS-over-TCP connections (RFC 7766) and answers their length-prefixed queries, each connection on a
 * thread of its own from a bounded pool, so a slow client holds up nobody else.
 */
final class TcpDnsListener implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpDnsListener.class);
    static final int MAX_CONNECTIONS = 16;
    // RFC 7766 6.2.3 asks servers to drop idle connections after a few seconds; a stalled client frees its thread.
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);

    private final ServerSocket server;
    private final QueryResponder responder;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor connections;

    TcpDnsListener(ServerSocket server, QueryResponder responder) {
        this.server = server;
        this.responder = responder;
        AtomicInteger count = new AtomicInteger();
        String prefix = "dns-tcp-" + server.getLocalPort() + "-";
        // No queue: when every thread has a connection, a new one is refused at once instead of waiting unserved.
        this.connections = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, prefix + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public void run() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("dns tcp accept failed port={}", server.getLocalPort(), e);
                }
                continue;
            }
            open.add(socket);
            try {
                connections.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                LOG.debug("dns tcp connection refused client={} reason=busy", socket.getRemoteSocketAddress());
                open.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            QueryDeadline deadline = new QueryDeadline(socket);
            DataInputStream in = new DataInputStream(deadline);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                deadline.restart();
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = responder.respond(query, query.length, false);
                if (answer == null) {
                    return;
                }
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (EOFException | SocketTimeoutException e) {
            // The client finished or went quiet: the normal ends of a DNS TCP connection.
        } catch (IOException | RuntimeException e) {
            if (!server.isClosed()) {
                LOG.debug("dns tcp connection dropped client={} reason={}", socket.getRemoteSocketAddress(),
                        e.toString());
            }
        } finally {
            open.remove(socket);
        }
    }

    /**
     * Gives each query (its length prefix and its bytes) {@link #IDLE_TIMEOUT} in all: each read waits only for what
     * is left of it, so a client trickling a byte every few seconds cannot hold one of the few threads forever.
     */
    private static final class QueryDeadline extends FilterInputStream {

        private final Socket socket;
        private long deadlineNanos;

        QueryDeadline(Socket socket) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
        }

        void restart() {
            deadlineNanos = System.nanoTime() + IDLE_TIMEOUT.toNanos();
        }

        @Override
        public int read() throws IOException {
            waitAtMostWhatIsLeft();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            waitAtMostWhatIsLeft();
            return super.read(b, off, len);
        }

        private void waitAtMostWhatIsLeft() throws IOException {
            long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("query not received within " + IDLE_TIMEOUT);
            }
            socket.setSoTimeout((int) left);
        }
    }

    /** Stops accepting and closes every open connection; their threads end as their sockets fail. */
    @Override
    public void close() {
        closeQuietly(server);
        open.forEach(TcpDnsListener::closeQuietly);
        connections.shutdownNow();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("dns tcp close failed reason={}", e.toString());
        }
    }
}
