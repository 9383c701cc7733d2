package dev.liveplane.media.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 request written byte for byte on a plain socket, so a test can send what HTTP client libraries
 * refuse or normalize (dot segments, raw UTF-8, any Host header), and the status and head of its answer. The body of
 * a 200 FLV response never ends, so only the head and whatever fits in {@code bodyLimit} bytes are read.
 */
record RawHttp(int status, String head, byte[] body) {

    static RawHttp get(int port, String target, Map<String, String> headers, int bodyLimit) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
            if (!headers.containsKey("Host")) {
                request.append("Host: 127.0.0.1:").append(port).append("\r\n");
            }
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("Connection: close\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed before the response head ended: " + headBytes);
                }
                headBytes.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String head = headBytes.toString(StandardCharsets.ISO_8859_1);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (body.size() < bodyLimit) {
                int n = in.read(buffer, 0, Math.min(buffer.length, bodyLimit - body.size()));
                if (n < 0) {
                    break;
                }
                body.write(buffer, 0, n);
            }
            return new RawHttp(Integer.parseInt(head.substring(9, 12)), head, body.toByteArray());
        }
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
