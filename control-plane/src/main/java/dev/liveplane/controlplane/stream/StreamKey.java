package dev.liveplane.controlplane.stream;

import java.util.List;
import java.util.Locale;

/**
 * A stream's address: push domain, app and stream name. {@link #match()} is how the database tells keys apart:
 * its collation ignores case, so two keys that differ only in case are one row and must be one map entry too.
 */
record StreamKey(String domain, String app, String stream) {

    private static final String SEPARATOR = "\n";

    String match() {
        return (domain + SEPARATOR + app + SEPARATOR + stream).toLowerCase(Locale.ROOT);
    }

    /** The sort key of keyset pages: the three parts, which hold no line break. */
    String pageKey() {
        return domain + SEPARATOR + app + SEPARATOR + stream;
    }

    /** The key a page token holds; the empty key (the first page) sorts before every stream. */
    static StreamKey ofPageKey(String pageKey) {
        if (pageKey.isEmpty()) {
            return new StreamKey("", "", "");
        }
        List<String> parts = List.of(pageKey.split(SEPARATOR, -1));
        if (parts.size() != 3) {
            throw new IllegalArgumentException("not a stream page key");
        }
        return new StreamKey(parts.get(0), parts.get(1), parts.get(2));
    }
}
