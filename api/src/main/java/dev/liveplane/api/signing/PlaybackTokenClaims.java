package dev.liveplane.api.signing;

/**
 * The claims of a playback (or publish) token: the domain, an {@code app/stream} pattern where {@code *} matches
 * within one path segment ({@code live/*}, {@code live/room-*}, {@code *}{@code /*}), the action, the expiry, an
 * optional not-before and an optional client address. Times are Unix seconds; {@code notBefore} 0 means none.
 */
public record PlaybackTokenClaims(String domain, String streamPattern, StreamAction action, long expiresAt,
        long notBefore, long issuedAt, String clientIp) {

    public static final String DOMAIN = "domain";
    public static final String STREAM = "stream";
    public static final String ACTION = "action";
    public static final String CLIENT_IP = "ip";

    /** Whether {@code app/stream} falls under the pattern. */
    public boolean coversStream(String app, String stream) {
        return matches(streamPattern, 0, app + "/" + stream, 0);
    }

    // Glob with '*' confined to one segment; patterns are short, so plain recursion is enough.
    private static boolean matches(String pattern, int p, String text, int t) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                for (int end = t; end <= text.length(); end++) {
                    if (matches(pattern, p + 1, text, end)) {
                        return true;
                    }
                    if (end < text.length() && text.charAt(end) == '/') {
                        return false;
                    }
                }
                return false;
            }
            if (t >= text.length() || text.charAt(t) != c) {
                return false;
            }
            p++;
            t++;
        }
        return t == text.length();
    }
}
