package dev.liveplane.controlplane.web;

import java.util.List;
import java.util.function.Function;

/** One page of a keyset-paginated list and the token of the next page, if there is one. */
public record Slice<T>(List<T> items, String nextPageToken) {

    /**
     * Makes a page from rows fetched with a limit of {@code size + 1}: the extra row only proves that a next page
     * exists, which then starts after the key of the last row shown.
     */
    public static <T> Slice<T> of(List<T> rows, int size, Function<T, String> sortKey) {
        if (rows.size() <= size) {
            return new Slice<>(rows, null);
        }
        List<T> shown = rows.subList(0, size);
        return new Slice<>(List.copyOf(shown), PageToken.encode(sortKey.apply(shown.get(size - 1))));
    }

    public <R> Slice<R> map(Function<T, R> mapper) {
        return new Slice<>(items.stream().map(mapper).toList(), nextPageToken);
    }
}
