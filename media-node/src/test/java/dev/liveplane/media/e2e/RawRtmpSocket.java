package dev.liveplane.media.e2e;

import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkWriter;
import dev.liveplane.media.protocol.rtmp.message.CommandMessage;
import dev.liveplane.media.protocol.rtmp.message.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/** A plain socket speaking just enough RTMP (a simple handshake) to send the node hand-made bytes. */
final class RawRtmpSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawRtmpSocket(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Completes a simple (version 0) handshake: C0+C1, read S0+S1+S2, echo S1 as C2. */
    RawRtmpSocket handshake() throws IOException {
        byte[] c0c1 = new byte[1537];
        c0c1[0] = 3;
        new Random(7).nextBytes(c0c1);
        c0c1[0] = 3;
        for (int i = 5; i < 9; i++) {
            c0c1[i] = 0; // version field zero: the simple handshake
        }
        out.write(c0c1);
        out.flush();
        byte[] s0s1s2 = new byte[1 + 1536 + 1536];
        new DataInputStream(in).readFully(s0s1s2);
        out.write(s0s1s2, 1, 1536);
        out.flush();
        return this;
    }

    /** Sends an AMF0 command as one message on chunk stream 3 with the default 128-byte chunk size. */
    RawRtmpSocket command(int messageStreamId, String name, double transactionId, Object commandObject,
            Object... arguments) throws IOException {
        ByteBuf payload = new CommandMessage(name, transactionId, commandObject, Arrays.asList(arguments))
                .encode(ByteBufAllocator.DEFAULT);
        ByteBuf chunks = Unpooled.buffer();
        try {
            RtmpChunkWriter.write(chunks, 3, MessageType.COMMAND_AMF0, 0, messageStreamId, payload, 128);
            byte[] bytes = new byte[chunks.readableBytes()];
            chunks.readBytes(bytes);
            return send(bytes);
        } finally {
            payload.release();
            chunks.release();
        }
    }

    RawRtmpSocket send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Reads until the node closes the connection and returns true, or false if it is still open after the socket
     * timeout. Bytes the node sends before closing are skipped.
     */
    boolean closedByPeer() throws IOException {
        return closedByPeer(Duration.ofSeconds(10));
    }

    /** As {@link #closedByPeer()}, waiting at most {@code timeout} for the close. */
    boolean closedByPeer(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        byte[] sink = new byte[8192];
        try {
            while (true) {
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset counts as closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
