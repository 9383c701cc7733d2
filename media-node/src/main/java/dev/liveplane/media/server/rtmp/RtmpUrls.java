package dev.liveplane.media.server.rtmp;

import java.net.URI;

/** Turns the app, stream and tcUrl strings of RTMP commands into the names and host the node keys streams by. */
final class RtmpUrls {

    private RtmpUrls() {
    }

    /** {@code s} without its leading and trailing slashes. */
    static String stripSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }

    /** The host of a URL, or "" when it has none or does not parse. */
    static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "" : host;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
