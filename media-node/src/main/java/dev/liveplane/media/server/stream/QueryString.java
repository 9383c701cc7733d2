package dev.liveplane.media.server.stream;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Splits "name?a=1&b=2" into the name and its decoded parameters; the first value of a repeated key wins. */
public record QueryString(String path, Map<String, String> parameters) {

    public static QueryString parse(String value) {
        int mark = value.indexOf('?');
        if (mark < 0) {
            return new QueryString(value, Map.of());
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        addParameters(value.substring(mark + 1), parameters);
        return new QueryString(value.substring(0, mark), parameters);
    }

    /** Adds the parameters of a raw query ("a=1&b=2") to {@code into}, keeping values already there. */
    public static void addParameters(String rawQuery, Map<String, String> into) {
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String val = eq < 0 ? "" : decode(pair.substring(eq + 1));
            into.putIfAbsent(name, val);
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a stray '%' is kept literally rather than refusing the whole request
        }
    }
}
