package dev.liveplane.controlplane.callback;

import dev.liveplane.controlplane.web.model.CallbackEvent;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Converts a domain's webhook events to the stored column ({@code publish,unpublish}) and back. */
final class CallbackEvents {

    private CallbackEvents() {
    }

    static String join(Set<CallbackEvent> events) {
        return events.stream().map(CallbackEvent::getValue).collect(Collectors.joining(","));
    }

    /** In the API's order, whatever order they were given in. */
    static List<CallbackEvent> split(String column) {
        Set<String> names = Set.of(column.split(","));
        return Arrays.stream(CallbackEvent.values()).filter(e -> names.contains(e.getValue())).toList();
    }

    static boolean includes(String column, String event) {
        return Arrays.asList(column.split(",")).contains(event);
    }

    static Set<CallbackEvent> orAll(List<CallbackEvent> events) {
        return events == null || events.isEmpty() ? EnumSet.allOf(CallbackEvent.class) : EnumSet.copyOf(events);
    }
}
