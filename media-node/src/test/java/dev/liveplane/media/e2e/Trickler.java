package dev.liveplane.media.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** A slowloris client: sends a request one byte at a time and says how long the server let it go on. */
final class Trickler {

    private Trickler() {
    }

    /**
     * Sends {@code bytes} to {@code port} one at a time, {@code interval} apart, and returns how long after
     * connecting the server closed the connection, or empty if it was still open after {@code limit}.
     */
    static Optional<Duration> trickle(int port, byte[] bytes, Duration interval, Duration limit) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) interval.toMillis());
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] sink = new byte[8192];
            int next = 0;
            while (System.nanoTime() - start < limit.toNanos()) {
                try {
                    out.write(bytes[next % bytes.length]);
                    out.flush();
                    next++;
                    if (in.read(sink) < 0) {
                        return Optional.of(Duration.ofNanos(System.nanoTime() - start));
                    }
                } catch (SocketTimeoutException e) {
                    // still open: send the next byte
                } catch (IOException e) {
                    return Optional.of(Duration.ofNanos(System.nanoTime() - start)); // reset by the server
                }
            }
            return Optional.empty();
        }
    }
}
