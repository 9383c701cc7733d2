package dev.liveplane.media.server.stream;

import dev.liveplane.api.signing.QueryParameters;
import java.util.Map;

/** Splits "name?a=1&b=2" into the name and its decoded parameters; the first value of a repeated key wins. */
public record QueryString(String path, Map<String, String> parameters) {

    public static QueryString parse(String value) {
        int mark = value.indexOf('?');
        if (mark < 0) {
            return new QueryString(value, Map.of());
        }
        return new QueryString(value.substring(0, mark), QueryParameters.parse(value.substring(mark + 1)));
    }
}
