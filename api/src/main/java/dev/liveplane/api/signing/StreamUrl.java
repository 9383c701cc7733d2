package dev.liveplane.api.signing;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A push or play URL taken apart: {@code rtmp://host/app/stream?query} or
 * {@code http(s)://host/app/stream.flv|.m3u8?query}. Path parts stay exactly as written (percent-encoding
 * included), because signatures cover the URI as the client sends it.
 */
public record StreamUrl(String scheme, String authority, String path, String app, String stream, String rawQuery) {

    private static final Pattern URL = Pattern.compile("^(rtmps?|https?)://([^/?#]+)(/[^?#]*)(?:\\?([^#]*))?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RTMP_PATH = Pattern.compile("^/([^/]+)/([^/]+)$");
    private static final Pattern HTTP_PATH = Pattern.compile("^/([^/]+)/([^/]+)\\.(flv|m3u8)$");

    /** Parses a stream URL, or throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static StreamUrl parse(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an rtmp:// or http(s):// URL with a path: " + url);
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String path = m.group(3);
        Matcher parts = (scheme.startsWith("rtmp") ? RTMP_PATH : HTTP_PATH).matcher(path);
        if (!parts.matches()) {
            throw new IllegalArgumentException(scheme.startsWith("rtmp")
                    ? "an RTMP URL needs the path /{app}/{stream}: " + url
                    : "an HTTP URL needs the path /{app}/{stream}.flv or .m3u8: " + url);
        }
        return new StreamUrl(scheme, m.group(2), path, parts.group(1), parts.group(2), m.group(4));
    }

    /** The host without a port. */
    public String host() {
        if (authority.startsWith("[")) {
            return authority.substring(0, authority.indexOf(']') + 1);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    public Map<String, String> query() {
        return QueryParameters.parse(rawQuery);
    }

    /** This URL with more raw parameters appended after any it already has. */
    public StreamUrl withParameters(String rawParameters) {
        String query = rawQuery == null || rawQuery.isEmpty() ? rawParameters : rawQuery + "&" + rawParameters;
        return new StreamUrl(scheme, authority, path, app, stream, query);
    }

    @Override
    public String toString() {
        String base = scheme + "://" + authority + path;
        return rawQuery == null || rawQuery.isEmpty() ? base : base + "?" + rawQuery;
    }
}
