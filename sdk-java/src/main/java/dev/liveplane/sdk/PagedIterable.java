package dev.liveplane.sdk;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The items of a paginated list, fetched a page at a time (following {@code nextPageToken}) as iteration reaches
 * them, each iteration starting again from the first page.
 */
public final class PagedIterable<T> implements Iterable<T> {

    /** The page size asked for: the API's maximum, so a long list costs the fewest round trips. */
    static final int PAGE_SIZE = 100;

    /** One page: its items and the token of the next, none on the last. */
    record Page<T>(List<T> items, String nextPageToken) {
    }

    private final Function<String, Page<T>> fetch;

    /** {@code fetch} gets the page token, null for the first page. */
    PagedIterable(Function<String, Page<T>> fetch) {
        this.fetch = fetch;
    }

    @Override
    public Iterator<T> iterator() {
        return new PageIterator();
    }

    public Stream<T> stream() {
        return StreamSupport.stream(spliterator(), false);
    }

    private final class PageIterator implements Iterator<T> {

        private Iterator<T> items = Collections.emptyIterator();
        private String pageToken;
        private boolean lastPage;

        @Override
        public boolean hasNext() {
            // A loop, not an if: a page may be empty and still name a next one.
            while (!items.hasNext() && !lastPage) {
                Page<T> page = fetch.apply(pageToken);
                items = page.items() == null ? Collections.emptyIterator() : page.items().iterator();
                pageToken = page.nextPageToken();
                lastPage = pageToken == null || pageToken.isEmpty();
            }
            return items.hasNext();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return items.next();
        }
    }
}
