package dev.liveplane.controlplane.web.input;

import java.util.List;
import java.util.Map;

/** Sets one value in a body of nested maps and lists by a path like {@code events[0].video.codec}. */
final class JsonBodies {

    private JsonBodies() {
    }

    @SuppressWarnings("unchecked")
    static void set(Map<String, Object> body, String path, Object value) {
        Object container = body;
        String[] steps = path.replace("[0]", ".[0]").split("\\.");
        for (int i = 0; i < steps.length; i++) {
            boolean last = i == steps.length - 1;
            String step = steps[i];
            if (step.equals("[0]")) {
                List<Object> list = (List<Object>) container;
                if (last) {
                    list.set(0, value);
                } else {
                    container = list.get(0);
                }
            } else if (last) {
                ((Map<String, Object>) container).put(step, value);
            } else {
                container = ((Map<String, Object>) container).get(step);
            }
        }
    }

    /** The value at {@code path}. */
    @SuppressWarnings("unchecked")
    static Object get(Map<String, Object> body, String path) {
        Object container = body;
        for (String step : path.replace("[0]", ".[0]").split("\\.")) {
            container = step.equals("[0]") ? ((List<Object>) container).get(0)
                    : ((Map<String, Object>) container).get(step);
        }
        return container;
    }

    /** The property's own name, as a problem names it: {@code events[0].video.codec} is {@code codec}. */
    static String leaf(String path) {
        String withoutIndex = path.endsWith("[0]") ? path.substring(0, path.length() - 3) : path;
        return withoutIndex.substring(withoutIndex.lastIndexOf('.') + 1);
    }
}
