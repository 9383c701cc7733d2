package dev.liveplane.media.server.stream;

/**
 * Says why a domain, app or stream name a client sent is not one the node serves; HTTP answers it with 400 and RTMP
 * refuses the connect, publish or play. The message is safe to log and to show: it never echoes control characters.
 */
public final class StreamAddressException extends IllegalArgumentException {

    public StreamAddressException(String message) {
        super(message);
    }

    /** {@code value} as a log- and body-safe excerpt: printable ASCII kept, anything else as {@code \}uXXXX. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 80; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\'' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return value.length() > 80 ? out + "..." : out.toString();
    }
}
