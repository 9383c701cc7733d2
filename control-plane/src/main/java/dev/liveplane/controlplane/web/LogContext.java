package dev.liveplane.controlplane.web;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.propagation.MutablePropagatedContext;
import java.util.HashMap;
import java.util.Map;

/** Adds a key to the logging context (MDC) that follows the request onto whichever thread serves it. */
public final class LogContext {

    private LogContext() {
    }

    public static void put(MutablePropagatedContext context, String key, String value) {
        MdcPropagationContext current = context.getContext().find(MdcPropagationContext.class).orElse(null);
        Map<String, String> values = new HashMap<>(current == null ? Map.of() : current.state());
        values.put(key, value);
        MdcPropagationContext next = new MdcPropagationContext(values);
        if (current == null) {
            context.add(next);
        } else {
            context.replace(current, next);
        }
    }
}
