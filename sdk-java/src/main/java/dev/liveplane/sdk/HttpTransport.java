package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.ApiClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one {@link HttpClient} (one connection pool, one set of threads) that every operation group of a
 * {@link LiveplaneClient} sends through, and the generated {@link ApiClient}s over it, which stamp each request with
 * the SDK's {@code User-Agent}. The generated client would build a new {@code HttpClient} per API class.
 */
final class HttpTransport implements AutoCloseable {

    static final String USER_AGENT = "liveplane-sdk-java/" + SdkVersion.VERSION;

    private final ExecutorService executor;
    private final HttpClient http;
    private final Duration timeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    HttpTransport(boolean tls, Duration timeout) {
        this.timeout = timeout;
        AtomicInteger threads = new AtomicInteger();
        // Our own executor so that close() ends its threads on Java 17 too, where HttpClient has no close().
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "liveplane-sdk-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Over cleartext the JDK would offer every request an h2c upgrade, which proxies and servers handle unevenly;
        // over TLS, HTTP/2 is negotiated cleanly (ALPN).
        this.http = HttpClient.newBuilder()
                .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(executor)
                .build();
    }

    /** A generated client for {@code base} over the shared {@code HttpClient}, sending {@code bearer} if not null. */
    ApiClient apiClient(String base, String bearer) {
        ApiClient client = new ApiClient() {
            @Override
            public HttpClient getHttpClient() {
                return http;
            }
        };
        client.updateBaseUri(base);
        client.setReadTimeout(timeout);
        client.setRequestInterceptor(request -> {
            if (closed.get()) {
                throw new IllegalStateException("this LiveplaneClient is closed; build a new one");
            }
            request.setHeader("User-Agent", USER_AGENT);
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
        });
        return client;
    }

    /** Frees the connections and threads; calls made afterwards fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // From Java 21 HttpClient is AutoCloseable: close() waits for calls in flight, then frees its selector thread.
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the HTTP client failed", e);
            }
        }
        executor.shutdown();
    }
}
