package dev.liveplane.controlplane.callback;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Converts a domain's webhook events to the stored column ({@code publish,unpublish}) and back. */
final class CallbackEvents {

    /** The spec's {@code CallbackEvent} values, in its order. */
    static final List<String> ALL = List.of("publish", "unpublish", "record_done", "record_failed",
            "quota_low", "suspended", "resumed");

    private CallbackEvents() {
    }

    static String join(List<String> events) {
        return String.join(",", events);
    }

    /** In the API's order, whatever order they were given in. */
    static List<String> split(String column) {
        return inOrder(Set.of(column.split(",")));
    }

    static boolean includes(String column, String event) {
        return Arrays.asList(column.split(",")).contains(event);
    }

    /** The events given, once each and in the API's order, or all of them when none is given. */
    static List<String> orAll(List<String> events) {
        return events == null || events.isEmpty() ? ALL : inOrder(Set.copyOf(events));
    }

    private static List<String> inOrder(Set<String> names) {
        return ALL.stream().filter(names::contains).toList();
    }
}
