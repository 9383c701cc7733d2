package dev.liveplane.media.server.stream;

/**
 * Turns an app or stream name as a client sent it (a URL path segment, an RTMP connect app or publish/play name) into
 * the name the API mints signed URLs for, or refuses it. The rule is the API's ({@code SignedUrlRequest} in
 * api/openapi.yaml): 1-64 (app) or 1-128 (stream) characters of {@code A-Z a-z 0-9 _ . ~ -}, never {@code .} or
 * {@code ..}, case kept. Those are all RFC 3986 unreserved characters, so a client never needs to percent-encode
 * them, but one that does (Java's {@code URLEncoder} writes {@code ~} as {@code %7E}) names the same stream (RFC 3986
 * 6.2.2.2); any other percent-encoding ({@code %2F}, {@code %00}, UTF-8) is refused, so no name smuggles a separator.
 */
public final class StreamNames {

    public static final int MAX_APP = 64;
    public static final int MAX_STREAM = 128;
    /** What a refusal tells the client the names may be. */
    private static final String RULE = "characters of A-Z a-z 0-9 _ . ~ -, not '.' or '..'";

    private StreamNames() {
    }

    /** The app name {@code raw} stands for. */
    public static String app(String raw) {
        return name("app", raw, MAX_APP);
    }

    /** The stream name {@code raw} stands for. */
    public static String stream(String raw) {
        return name("stream", raw, MAX_STREAM);
    }

    /** {@code raw} without leading and trailing slashes: OBS's server field may end in one ({@code rtmp://h/live/}). */
    public static String trimSlashes(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && raw.charAt(start) == '/') {
            start++;
        }
        while (end > start && raw.charAt(end - 1) == '/') {
            end--;
        }
        return raw.substring(start, end);
    }

    /** Why {@code raw} names no app, or null when it names one. */
    public static String appRefusal(String raw) {
        try {
            app(raw);
            return null;
        } catch (StreamAddressException e) {
            return e.getMessage();
        }
    }

    /** Whether {@code name} (decoded) is one the API accepts as an app or stream name of at most {@code max}. */
    public static boolean isValid(String name, int max) {
        if (name.isEmpty() || name.length() > max || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!allowed(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String name(String what, String raw, int max) {
        // Bounded before decoding: three characters per encoded one is the longest honest form.
        String decoded = raw.length() > 3 * max ? null : decode(raw);
        if (decoded == null || !isValid(decoded, max)) {
            throw new StreamAddressException("bad " + what + " name '" + StreamAddressException.printable(raw)
                    + "': names are 1-" + max + " " + RULE);
        }
        return decoded;
    }

    /** {@code raw} with percent-encoded unreserved characters decoded, or null if it encodes anything else. */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int value = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)) : -1;
            if (value < 0 || !allowed((char) value)) {
                return null;
            }
            out.append((char) value);
            i += 2;
        }
        return out.toString();
    }

    private static int hex(char c) {
        int digit = Character.digit(c, 16);
        return digit < 0 || c > 'f' ? -256 : digit;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                || c == '~' || c == '-';
    }
}
