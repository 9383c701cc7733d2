package dev.liveplane.api.signing;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and writes the {@code a=1&b=2} part of a URL. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** The decoded parameters of a raw query; the first value of a repeated name wins. */
    public static Map<String, String> parse(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        addTo(rawQuery, parameters);
        return parameters;
    }

    /** Adds the decoded parameters of a raw query to {@code into}, keeping values already there. */
    public static void addTo(String rawQuery, Map<String, String> into) {
        if (rawQuery == null) {
            return;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            into.putIfAbsent(name, value);
        }
    }

    /** Form-encodes one parameter value. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a stray '%' is kept literally rather than refusing the whole request
        }
    }
}
