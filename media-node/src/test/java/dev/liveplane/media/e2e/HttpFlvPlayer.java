package dev.liveplane.media.e2e;

import dev.liveplane.media.protocol.flv.FlvHeader;
import dev.liveplane.media.protocol.flv.FlvTag;
import dev.liveplane.media.protocol.flv.FlvTagReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Plays an HTTP-FLV stream over a plain socket: sends the GET, checks the response head, undoes the chunked transfer
 * coding (RFC 9112 7.1) and turns the body into FLV tags with the node's own {@link FlvTagReader}.
 */
final class HttpFlvPlayer implements AutoCloseable {

    /** One FLV tag with a copy of its body. */
    record Tag(int type, long timestamp, byte[] body) {

        String label() {
            return WireLabel.of(type, body);
        }

        @Override
        public String toString() {
            return label() + " @" + timestamp;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final ByteBuf body = Unpooled.buffer();
    private final FlvTagReader reader = new FlvTagReader();
    private boolean lastChunkRead;

    private HttpFlvPlayer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    }

    /** Requests {@code path} and reads the response head; fails unless it is a chunked 200. */
    static HttpFlvPlayer open(int port, String path) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        HttpFlvPlayer player = new HttpFlvPlayer(socket);
        try {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            player.readHead(path);
            return player;
        } catch (IOException | RuntimeException | Error e) {
            player.close();
            throw e;
        }
    }

    private void readHead(String path) throws IOException {
        String status = readLine();
        boolean chunked = false;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            String header = line.toLowerCase(Locale.ROOT);
            chunked |= header.startsWith("transfer-encoding:") && header.contains("chunked");
        }
        if (!status.startsWith("HTTP/1.1 200") || !chunked) {
            throw new AssertionError("GET " + path + " answered " + status + (chunked ? "" : " without chunked body"));
        }
    }

    /** The FLV file header with PreviousTagSize0: the first {@link FlvHeader#LENGTH} bytes of the body, as sent. */
    byte[] fileHeader() throws IOException {
        while (body.readableBytes() < FlvHeader.LENGTH) {
            if (!readChunk()) {
                throw new EOFException("body ended after " + body.readableBytes() + " bytes, inside the FLV header");
            }
        }
        return ByteBufUtil.getBytes(body, body.readerIndex(), FlvHeader.LENGTH);
    }

    /** The next tag, or null once the node ended the body with its last chunk. */
    Tag next() throws IOException {
        while (true) {
            FlvTag tag = reader.read(body);
            if (tag != null) {
                try {
                    return new Tag(tag.tagType(), tag.timestamp(), ByteBufUtil.getBytes(tag.content()));
                } finally {
                    tag.release();
                    body.discardSomeReadBytes();
                }
            }
            if (!readChunk()) {
                return null;
            }
        }
    }

    /** Appends one chunk's data to the body; false after the last (zero-length) chunk. */
    private boolean readChunk() throws IOException {
        if (lastChunkRead) {
            return false;
        }
        String sizeLine = readLine();
        int extension = sizeLine.indexOf(';');
        int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
        if (size == 0) {
            lastChunkRead = true;
            return false;
        }
        byte[] data = new byte[size];
        in.readFully(data);
        body.writeBytes(data);
        if (!readLine().isEmpty()) {
            throw new AssertionError("chunk of " + size + " bytes is not followed by CRLF");
        }
        return true;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed inside a line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        body.release();
        socket.close();
    }
}
